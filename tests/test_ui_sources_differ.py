"""Sources that differ, on screen: the record page, a figure's history, the timeline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QTextDocument

from ijref.app import build_catalog as build
from ijref.catalog.store import Catalog
from ijref.ui.detail import DetailPane
from ijref.ui.timeline.model import describe_dates
from ijref.ui.timeline.panel import TimelinePanel
from ijref.ui.timeline.scale import day_of

SOURCED = Path(__file__).parent / "fixtures" / "sourced_records"
TODAY = dt.date(2021, 1, 1)


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("sourced-ui")
    build(SOURCED, root)
    with Catalog.open(root) as c:
        yield c


def _pane(qtbot, catalog: Catalog) -> DetailPane:  # type: ignore[no-untyped-def]
    pane = DetailPane(today=lambda: TODAY, ask=lambda _w, _u: False)
    qtbot.addWidget(pane)
    pane.set_catalog(catalog)
    return pane


def test_the_page_says_sources_differ_and_gives_each_value_its_source(qtbot, catalog) -> None:  # type: ignore[no-untyped-def]
    pane = _pane(qtbot, catalog)
    assert pane.show_record("agreement/iga-1985")
    text = pane.browser.toPlainText()
    assert "Sources differ on the signing date: each value is shown below with its source." in text
    assert "Signed\nAug 1985 or Nov 1985 Sources differ" in text
    assert "Aug 1985: DST brief, para. 46 — concluded" in text
    assert "Nov 1985: Embassy of India, Tokyo, item 8" in text
    assert "1985: DST brief, para. 2; Embassy of India, Tokyo, item 1" in text
    # The status says which date it counted from.
    assert "this counts from the earliest, Aug 1985" in text


def test_an_extension_dated_differently_shows_both_dates(qtbot, catalog) -> None:  # type: ignore[no-untyped-def]
    pane = _pane(qtbot, catalog)
    assert pane.show_record("agreement/kek-dst-mou")
    text = pane.browser.toPlainText()
    assert (
        "Extension to c. 2020, agreed Jun 2015 or 4 Nov 2015 — about five years Sources differ"
        in text
    )
    assert "4 Nov 2015: Embassy of India, Tokyo, item 2" in text


def test_a_figure_over_time_is_a_table_and_a_sparkline(qtbot, catalog) -> None:  # type: ignore[no-untyped-def]
    pane = _pane(qtbot, catalog)
    assert pane.show_record("programme/joint-committee")
    text = pane.browser.toPlainText()
    assert "Meetings held (meetings) over time" in text
    assert "Dec 1997\n5\nEmbassy of India, Tokyo, item 4" in text
    assert "10 Nov 2020\n10\nDST brief, para. 5" in text
    image = pane.browser.document().resource(
        QTextDocument.ResourceType.ImageResource, QUrl("sparkline:0")
    )
    assert image is not None and not image.isNull()
    assert pane.browser.refused == []  # drawn by the pane, nothing fetched
    # Two values (a table only) make no sparkline.
    assert pane.show_record("agreement/iga-1985")
    assert "over time" in pane.browser.toPlainText()
    assert pane.browser.images == {}


def test_the_timeline_marks_the_span_of_a_disagreement(qtbot, catalog) -> None:  # type: ignore[no-untyped-def]
    records = catalog.records()
    iga = next(r for r in records if r.id == "agreement/iga-1985")
    assert describe_dates(iga).startswith("signed Aug 1985 or Nov 1985 (sources differ)")
    widget = TimelinePanel(records, catalog.sectors(), TODAY)
    qtbot.addWidget(widget)
    widget.resize(1300, 500)
    widget.show()
    qtbot.waitExposed(widget)
    canvas = widget.canvas
    canvas.zoom_to(day_of(dt.date(1984, 1, 1)), day_of(dt.date(1989, 1, 1)))
    image = canvas.grab().toImage()
    rect = canvas.item_rect("agreement/iga-1985")
    assert rect is not None
    ratio = image.devicePixelRatio()
    scale = canvas.scale

    def colour(day: dt.date) -> QColor:
        x = scale.x(day_of(day))
        return image.pixelColor(round(x * ratio), round((rect.top() - 1) * ratio))

    inside = colour(dt.date(1985, 10, 1))
    outside = colour(dt.date(1987, 6, 1))
    assert inside.red() > inside.blue() + 20, inside.name()  # amber over the span
    assert abs(outside.red() - outside.blue()) < 10, outside.name()  # no mark after it
