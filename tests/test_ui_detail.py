"""Detail panes for a record of each kind, links, copying and escaping."""

# pytest fixtures are imported from ui_fixtures and named again as arguments.
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from ui_fixtures import build_root, catalog  # noqa: F401

from ijref.catalog.store import Catalog
from ijref.ui.detail import DetailPane

TODAY = dt.date(2021, 1, 1)


def _pane(qtbot, catalog: Catalog, today: dt.date = TODAY, ask=None) -> DetailPane:
    pane = DetailPane(today=lambda: today, ask=ask or (lambda _w, _u: False))
    qtbot.addWidget(pane)
    pane.set_catalog(catalog)
    return pane


def _text(pane: DetailPane) -> str:
    """What a person reads, spaces as one (the status badge is padded with spaces)."""
    return re.sub(r"[ \xa0]+", " ", pane.browser.toPlainText())


def test_agreement_shows_status_parties_by_side_and_what_came_of_it(qtbot, catalog) -> None:
    pane = _pane(qtbot, catalog)
    assert pane.show_record("agreement/isro-jaxa-mou-2016")
    text = _text(pane)
    assert pane.record_title == "Memorandum of Understanding between ISRO and JAXA on outer space"
    assert "Unknown as of 1 January 2021" in text
    assert "India\nIndian Space Research Organisation (ISRO)" in text
    assert "Japan\nJapan Aerospace Exploration Agency (JAXA)" in text
    assert "Events under it" in text and "First Japan-India Space Dialogue" in text
    assert "Programmes under it" in text
    assert "para. 59" in text


@pytest.mark.parametrize(
    ("today", "status"), [(dt.date(2021, 1, 1), "In force"), (dt.date(2025, 1, 1), "Expired")]
)
def test_agreement_status_follows_the_day(qtbot, catalog, today, status) -> None:
    pane = _pane(qtbot, catalog, today)
    pane.show_record("agreement/dgh-jogmec-mou-2007")
    text = _text(pane)
    assert f"{status} as of" in text
    assert "Extension to 15 Feb 2023" in text
    assert "(only if required)" in text


def test_programme_shows_figures_and_what_it_is_under(qtbot, catalog) -> None:
    pane = _pane(qtbot, catalog)
    pane.show_record("programme/lupex-feasibility")
    text = _text(pane)
    assert "working groups\n3\ngroups" in text
    assert "Under: ISRO–JAXA MoU 2016" in text or "Under: Memorandum" in text


def test_event_shows_dates_and_figures(qtbot, catalog) -> None:
    pane = _pane(qtbot, catalog)
    pane.show_record("event/hope-meeting-11")
    text = _text(pane)
    assert "Held\n4 Mar 2019 – 8 Mar 2019" in text
    assert "participants\n104\nresearchers\nMar 2019" in text


def test_organization_lists_what_it_takes_part_in(qtbot, catalog) -> None:
    pane = _pane(qtbot, catalog)
    pane.show_record("organization/jaxa")
    text = _text(pane)
    assert "Takes part in" in text
    assert "Agreements (1)" in text and "Programmes (1)" in text
    assert text.index("Agreements (1)") < text.index("Programmes (1)") < text.index("Events (")
    assert "Editorial notes" in text and "Japan Space Exploration Agency" in text
    assert "Country\nJapan" in text


def test_sector_overview(qtbot, catalog) -> None:
    pane = _pane(qtbot, catalog)
    pane.show_record("sector/space")
    text = _text(pane)
    assert "1 agreement, 1 programme, 2 events, 2 organizations" in text
    assert "Key figures" in text and "working groups" in text
    newest = text.split("Newest records", 1)[1]
    assert newest.index("Workshop on <b>markup</b>") < newest.index("First Japan-India")


def test_unknown_record_says_so(qtbot, catalog) -> None:
    pane = _pane(qtbot, catalog)
    assert not pane.show_record("agreement/gone")
    assert "There is no record agreement/gone" in _text(pane)


def test_markup_in_a_record_is_shown_as_text_and_loads_nothing(qtbot, catalog) -> None:
    pane = _pane(qtbot, catalog)
    pane.show_record("event/markup-workshop")
    text = _text(pane)
    assert '<img src="http://example.invalid/x.png">' in text
    assert "Tokyo <script>alert(1)</script>" in text
    assert "Editorial <u>note</u> kept as text." in text
    assert pane.record_title == "Workshop on <b>markup</b> & escaping"
    assert not any("example.invalid" in url for url in pane.browser.refused)
    assert pane.browser.loadResource(0, QUrl("http://example.invalid/x.png")) is None


def test_clicking_a_record_link_asks_the_window_to_open_it(qtbot, catalog) -> None:
    pane = _pane(qtbot, catalog)
    pane.show_record("agreement/isro-jaxa-mou-2016")
    with qtbot.waitSignal(pane.recordActivated) as blocker:
        pane.browser.anchorClicked.emit(QUrl("record:organization/isro"))
    assert blocker.args == ["organization/isro"]


@pytest.mark.parametrize("agree", [False, True])
def test_external_links_open_only_after_asking(qtbot, catalog, monkeypatch, agree) -> None:
    asked: list[str] = []
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    pane = _pane(qtbot, catalog, ask=lambda _w, url: asked.append(url.toString()) or agree)
    pane.show_record("agreement/isro-jaxa-mou-2016")
    pane.browser.anchorClicked.emit(QUrl("https://global.jaxa.jp/"))
    assert asked == ["https://global.jaxa.jp/"]
    assert opened == (["https://global.jaxa.jp/"] if agree else [])


def test_citation_can_be_copied(qtbot, catalog) -> None:
    pane = _pane(qtbot, catalog)
    pane.show_record("agreement/isro-jaxa-mou-2016")
    pane.browser.anchorClicked.emit(QUrl("copy:citation/0"))
    copied = QGuiApplication.clipboard().text()
    assert copied.endswith("“Co-operation in Space Science and Technology”, para. 59")
    assert "agreement/isro-jaxa-mou-2016" in pane.citation_text()


def test_status_can_be_asked_for_any_day(qtbot, catalog) -> None:
    from PySide6.QtCore import QDate

    pane = _pane(qtbot, catalog, dt.date(2021, 1, 1))
    pane.show()
    pane.show_record("agreement/dgh-jogmec-mou-2007")
    assert pane.as_of.isVisible()
    assert "In force as of 1 January 2021" in _text(pane)
    pane.as_of.setDate(QDate(2025, 6, 1))
    assert "Expired as of 1 June 2025" in _text(pane)
    pane.show_record("organization/jaxa")
    assert not pane.as_of.isVisible()  # only agreements have a status


def test_a_header_short_of_room_shows_the_caption_cut_with_an_ellipsis(qtbot, catalog) -> None:
    pane = _pane(qtbot, catalog)
    pane.resize(320, 400)  # the date and its label leave the caption about 100 px
    pane.show()
    assert pane.show_record("agreement/isro-jaxa-mou-2016")
    whole = "Agreement · agreement/isro-jaxa-mou-2016"
    qtbot.waitUntil(lambda: pane.caption.text() != whole)
    shown = pane.caption.text()
    assert shown.endswith("…") and whole.startswith(shown[:-1])
    assert pane.caption.fontMetrics().horizontalAdvance(shown) <= pane.caption.width()
    assert pane.caption.toolTip() == whole
    pane.resize(1200, 400)
    qtbot.waitUntil(lambda: pane.caption.text() == whole)
    assert pane.caption.toolTip() == ""
