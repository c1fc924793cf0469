"""The timeline panel as a user meets it: click, selection sync, state on a
date, filters, keys, hover, clusters, lanes, and exports (offscreen)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QWheelEvent
from PySide6.QtWidgets import QApplication

from ijref.app import build_catalog as build
from ijref.catalog.store import Catalog
from ijref.domain.records import Kind, Record
from ijref.domain.validity import Status, validity
from ijref.ui.timeline.filters import TimelineFilter
from ijref.ui.timeline.panel import TimelinePanel
from ijref.ui.timeline.scale import day_of
from ijref.ui.timeline.synthetic import synthetic_records

FIXTURES = Path(__file__).parent / "fixtures" / "records"
TODAY = dt.date(2026, 11, 26)
DGH = "agreement/dgh-jogmec-mou-2007"
ISRO = "agreement/isro-jaxa-mou-2016"


@pytest.fixture(scope="module")
def catalog_records(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[list, list]]:
    root = tmp_path_factory.mktemp("tl") / "build"
    build(FIXTURES, root)
    cat = Catalog.open(root)
    try:
        yield cat.records(), cat.sectors()
    finally:
        cat.close()


@pytest.fixture
def panel(qtbot, catalog_records) -> TimelinePanel:  # type: ignore[no-untyped-def]
    records, sectors = catalog_records
    widget = TimelinePanel(records, sectors, TODAY)
    qtbot.addWidget(widget)
    widget.resize(1300, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.canvas.zoom_to(day_of(dt.date(2004, 1, 1)), day_of(dt.date(2027, 1, 1)))
    widget.canvas.grab()  # paint once, so the drawn positions are known
    return widget


def centre(panel: TimelinePanel, record_id: str) -> QPoint:
    rect = panel.canvas.item_rect(record_id)
    assert rect is not None, f"{record_id} is not drawn"
    return rect.center().toPoint()


def test_clicking_a_bar_opens_the_record(qtbot, panel: TimelinePanel) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.recordActivated, timeout=1000) as signal:
        qtbot.mouseClick(panel.canvas, Qt.MouseButton.LeftButton, pos=centre(panel, DGH))
    assert signal.args == [DGH]
    assert panel.canvas.selected == DGH


def test_clicking_an_event_marker_opens_it(qtbot, panel: TimelinePanel) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.recordActivated, timeout=1000) as signal:
        qtbot.mouseClick(
            panel.canvas, Qt.MouseButton.LeftButton, pos=centre(panel, "event/space-dialogue-1")
        )
    assert signal.args == ["event/space-dialogue-1"]


def test_select_record_highlights_and_scrolls_it_into_view(panel: TimelinePanel) -> None:
    canvas = panel.canvas
    canvas.zoom_to(day_of(dt.date(1961, 1, 1)), day_of(dt.date(1963, 1, 1)))
    canvas.grab()
    assert canvas.item_rect("event/space-dialogue-1") is None  # far off screen
    panel.selectRecord("event/space-dialogue-1")
    canvas.grab()
    rect = canvas.item_rect("event/space-dialogue-1")
    assert rect is not None and canvas.rect().contains(rect.center().toPoint())
    assert canvas.selected == "event/space-dialogue-1"


def test_select_record_opens_a_collapsed_lane_and_clears_a_hiding_filter(
    panel: TimelinePanel,
) -> None:
    panel.collapse_button.setChecked(True)
    panel.set_filter(TimelineFilter(kind=Kind.EVENT))
    panel.selectRecord(DGH)
    panel.canvas.grab()
    assert panel.current_filter() == TimelineFilter()
    assert panel.canvas.item_rect(DGH) is not None


@pytest.mark.parametrize(
    "day", [dt.date(2008, 1, 1), dt.date(2014, 6, 1), dt.date(2018, 1, 1), dt.date(2025, 1, 1)]
)
def test_state_on_a_date_lists_what_the_validity_rule_says(
    panel: TimelinePanel, catalog_records: tuple[list[Record], list[Record]], day: dt.date
) -> None:
    panel.setCursorDate(day)
    agreements = [r for r in catalog_records[0] if r.kind is Kind.AGREEMENT]
    expected = {r.id for r in agreements if validity(r, day).status is Status.IN_FORCE}
    assert set(panel.in_force_ids()) == expected
    unknown = {r.id for r in agreements if validity(r, day).status is Status.UNKNOWN}
    assert set(panel.unknown_ids()) == unknown  # every fixture agreement has a signing day
    assert f"<b>{len(expected)}</b>" in panel.in_force_label.text()
    assert panel.canvas.in_force == frozenset(expected)


def test_dragging_the_cursor_changes_the_state_date(qtbot, panel: TimelinePanel) -> None:  # type: ignore[no-untyped-def]
    canvas = panel.canvas
    x = round(canvas.scale.x(day_of(dt.date(2010, 6, 1))))
    start = QPoint(round(canvas.scale.x(day_of(dt.date(2021, 1, 1)))), 10)  # on the axis
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, QPoint(x, 10))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(x, 10))
    assert abs((panel.cursorDate() - dt.date(2010, 6, 1)).days) <= 40
    assert panel.in_force_ids() == [DGH]
    assert "in force on" in panel.in_force_label.text()


def test_filters_by_kind_words_and_organization(panel: TimelinePanel) -> None:
    canvas = panel.canvas
    panel.kind_box.setCurrentIndex(panel.kind_box.findData(Kind.EVENT))
    canvas.grab()
    assert canvas.item_rect(DGH) is None
    assert canvas.item_rect("event/space-dialogue-1") is not None
    panel.kind_box.setCurrentIndex(0)
    panel.text_edit.setText("jogmec")
    canvas.grab()
    assert canvas.item_rect(DGH) is not None and canvas.item_rect(ISRO) is None
    panel.text_edit.clear()
    panel.org_box.setCurrentIndex(panel.org_box.findData("organization/isro"))
    canvas.grab()
    assert canvas.item_rect(ISRO) is not None and canvas.item_rect(DGH) is None
    panel.setCursorDate(dt.date(2010, 1, 1))
    assert panel.in_force_ids() == []  # the DGH–JOGMEC MoU is filtered out


def test_keys_zoom_pan_fit_and_today(qtbot, panel: TimelinePanel) -> None:  # type: ignore[no-untyped-def]
    canvas = panel.canvas
    before = canvas.scale.px_per_day
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.scale.px_per_day > before
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    assert canvas.scale.px_per_day == pytest.approx(before)
    left = canvas.scale.left
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.scale.left > left
    qtbot.keyClick(canvas, Qt.Key.Key_Home)
    assert canvas.scale.day_at(0) <= day_of(dt.date(1960, 1, 1))
    assert canvas.scale.right >= day_of(TODAY)
    canvas.zoom_to(day_of(dt.date(1970, 1, 1)), day_of(dt.date(1971, 1, 1)))
    qtbot.keyClick(canvas, Qt.Key.Key_T)
    assert canvas.scale.x(day_of(TODAY)) == pytest.approx(canvas.width() / 2, abs=1)


def test_wheel_zooms_around_the_cursor(panel: TimelinePanel) -> None:
    canvas = panel.canvas
    pos = QPointF(300, 200)
    under = canvas.scale.day_at(300)
    before = canvas.scale.px_per_day
    event = QWheelEvent(
        pos,
        canvas.mapToGlobal(pos),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas, event)
    assert canvas.scale.px_per_day > before
    assert canvas.scale.day_at(300) == pytest.approx(under, abs=0.5)


def test_drag_pans_the_view(qtbot, panel: TimelinePanel) -> None:  # type: ignore[no-untyped-def]
    canvas = panel.canvas
    left = canvas.scale.left
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(200, 400))
    qtbot.mouseMove(canvas, QPoint(400, 400))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(400, 400))
    assert canvas.scale.left < left  # content moved right: the view looks earlier


def test_hover_text_gives_title_dates_and_kind(panel: TimelinePanel) -> None:
    text = panel.canvas.tooltip_text(QPointF(centre(panel, DGH)))
    assert "DGH–JOGMEC Memorandum of Understanding" in text
    assert "signed 16 Feb 2007" in text and "agreement" in text


def test_clicking_a_lane_name_collapses_it(qtbot, panel: TimelinePanel) -> None:  # type: ignore[no-untyped-def]
    canvas = panel.canvas
    header = next(h for h in canvas.hits if h.what == "header" and h.lane_id == "sector/earth")
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=header.rect.center().toPoint())
    canvas.grab()
    assert canvas.item_rect(DGH) is not None  # now a marker in the lane's strip
    assert canvas.layout_ is not None and canvas.layout_.box("sector/earth").collapsed  # type: ignore[union-attr]


def test_dense_events_cluster_and_a_click_splits_them(qtbot) -> None:  # type: ignore[no-untyped-def]
    records, sectors = synthetic_records(1500)
    widget = TimelinePanel(records, sectors, TODAY)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    canvas = widget.canvas
    canvas.fit_all()
    canvas.grab()
    clusters = [h for h in canvas.hits if h.what == "cluster"]
    assert clusters and max(len(h.items) for h in clusters) > 1
    target = max(clusters, key=lambda h: len(h.items))
    before = canvas.scale.px_per_day
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=target.rect.center().toPoint())
    assert canvas.scale.px_per_day > before
    canvas.grab()
    ids = {i.id for i in target.items}
    shown = {h.record_id for h in canvas.hits if h.what == "item"} | {
        i.id for h in canvas.hits if h.what == "cluster" for i in h.items
    }
    assert ids <= shown
    assert any(h.what == "item" and h.record_id in ids for h in canvas.hits)


def test_selecting_an_event_inside_a_cluster_zooms_until_it_stands_alone(qtbot) -> None:  # type: ignore[no-untyped-def]
    records, sectors = synthetic_records(1500)
    widget = TimelinePanel(records, sectors, TODAY)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    canvas = widget.canvas
    canvas.fit_all()
    canvas.grab()
    cluster = max((h for h in canvas.hits if h.what == "cluster"), key=lambda h: len(h.items))
    target = cluster.items[len(cluster.items) // 2].id
    assert canvas.item_rect(target) is None
    widget.selectRecord(target)
    canvas.grab()
    rect = canvas.item_rect(target)
    assert rect is not None and canvas.rect().contains(rect.center().toPoint())


def test_png_export_is_a_png_of_the_view(panel: TimelinePanel, tmp_path: Path) -> None:
    out = panel.export_png(tmp_path / "timeline.png")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(out))
    assert image.width() == panel.canvas.width() * 2  # drawn at twice the size
    # The bar of the DGH–JOGMEC MoU is coloured, not background white.
    point = centre(panel, DGH)
    assert image.pixelColor(point.x() * 2, point.y() * 2).name() != "#ffffff"


def test_svg_export_holds_the_labels_as_text(panel: TimelinePanel, tmp_path: Path) -> None:
    out = panel.export_svg(tmp_path / "timeline.svg")
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg")
    texts = " ".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))
    assert "DGH–JOGMEC MoU" in texts
    assert "First Japan-India Space Dialogue" in texts


def test_export_to_a_missing_folder_says_how_to_fix_it(
    panel: TimelinePanel, tmp_path: Path
) -> None:
    from ijref.domain.errors import UserFacingError

    with pytest.raises(UserFacingError, match="does not exist; pick another"):
        panel.export_png(tmp_path / "nope" / "t.png")


def test_the_cursor_line_drags_but_a_click_on_it_still_opens_the_bar_beneath(
    qtbot,  # type: ignore[no-untyped-def]
    panel: TimelinePanel,
) -> None:
    canvas = panel.canvas
    panel.setCursorDate(dt.date(2010, 1, 1))
    canvas.grab()
    x = round(canvas.scale.x(day_of(dt.date(2010, 1, 1))))
    y = centre(panel, DGH).y()
    with qtbot.waitSignal(panel.recordActivated, timeout=1000) as signal:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    assert signal.args == [DGH]
    assert panel.cursorDate() == dt.date(2010, 1, 1)
    to = round(canvas.scale.x(day_of(dt.date(2022, 1, 1))))
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    qtbot.mouseMove(canvas, QPoint(to, y))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(to, y))
    assert abs((panel.cursorDate() - dt.date(2022, 1, 1)).days) <= 40


def test_an_empty_catalog_shows_an_empty_timeline(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = TimelinePanel([], [], TODAY)
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    qtbot.waitExposed(widget)
    widget.canvas.grab()
    assert widget.in_force_ids() == []
    assert "<b>0</b> agreements in force" in widget.in_force_label.text()
    qtbot.keyClick(widget.canvas, Qt.Key.Key_Home)
    assert widget.canvas.scale.day_at(0) <= day_of(dt.date(1960, 1, 1))


def test_open_and_partial_dates_are_drawn_without_error(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ijref.domain.dates import EdtfDate
    from ijref.domain.records import DatedRole

    def rec(rid: str, kind: Kind, role: str, date: str) -> Record:
        return Record(
            id=rid, kind=kind, title=rid, summary="", dates=(DatedRole(role, EdtfDate.parse(date)),)
        )

    records = [
        rec("event/open-start", Kind.EVENT, "held", "../2020-07"),
        rec("event/open-end", Kind.EVENT, "held", "2017/.."),
        rec("programme/decade", Kind.PROGRAMME, "start", "196X"),
        rec("agreement/approx", Kind.AGREEMENT, "signed", "1990~"),
    ]
    widget = TimelinePanel(records, [], TODAY)
    qtbot.addWidget(widget)
    widget.resize(1200, 500)
    widget.show()
    qtbot.waitExposed(widget)
    widget.canvas.fit_all()
    widget.canvas.grab()
    for rid in ("event/open-end", "programme/decade", "agreement/approx"):
        assert widget.canvas.item_rect(rid) is not None, rid


def test_a_year_among_the_words_shows_what_started_that_year(panel: TimelinePanel) -> None:
    canvas = panel.canvas
    panel.text_edit.setText("2016")  # "what did we sign in 2016?"
    canvas.grab()
    assert canvas.item_rect(ISRO) is not None  # signed 11 Nov 2016
    assert canvas.item_rect(DGH) is None  # signed 2007, in force in 2016 but not begun
    assert (
        canvas.scale.date_at(0).year == 2015 and canvas.scale.date_at(canvas.width()).year == 2017
    )
    panel.text_edit.setText("jogmec 2007")
    canvas.grab()
    assert canvas.item_rect(DGH) is not None and canvas.item_rect(ISRO) is None


def test_a_dark_theme_gets_a_dark_timeline_but_exports_stay_light(
    panel: TimelinePanel, tmp_path: Path
) -> None:
    from PySide6.QtGui import QColor, QPalette

    dark = QPalette(panel.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor(43, 45, 50))
    panel.setPalette(dark)
    shown = panel.canvas.grab().toImage()
    assert shown.pixelColor(5, shown.height() - 5).lightness() < 80
    out = QImage(str(panel.export_png(tmp_path / "light.png")))
    assert out.pixelColor(10, out.height() - 10).lightness() > 200


def test_hovering_a_bar_shows_its_tooltip(panel: TimelinePanel) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    pos = centre(panel, DGH)
    event = QHelpEvent(QEvent.Type.ToolTip, pos, panel.canvas.mapToGlobal(pos))
    QApplication.sendEvent(panel.canvas, event)
    assert "DGH–JOGMEC Memorandum of Understanding" in QToolTip.text()
    QToolTip.hideText()


def test_enter_opens_the_selected_record_and_escape_clears_it(qtbot, panel: TimelinePanel) -> None:  # type: ignore[no-untyped-def]
    panel.selectRecord(DGH)
    with qtbot.waitSignal(panel.recordActivated, timeout=1000) as signal:
        qtbot.keyClick(panel.canvas, Qt.Key.Key_Return)
    assert signal.args == [DGH]
    qtbot.keyClick(panel.canvas, Qt.Key.Key_Escape)
    assert panel.canvas.selected is None


def test_selecting_what_was_just_clicked_does_not_move_the_view(
    qtbot, panel: TimelinePanel
) -> None:  # type: ignore[no-untyped-def]
    canvas = panel.canvas
    canvas.zoom_to(day_of(dt.date(2010, 1, 1)), day_of(dt.date(2020, 1, 1)))  # the bar runs past
    canvas.grab()
    before = (canvas.scale, canvas.vscroll)
    with qtbot.waitSignal(panel.recordActivated, timeout=1000):
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=centre(panel, DGH))
    panel.selectRecord(DGH)  # the host echoes the selection back
    panel.selectRecord("event/space-dialogue-1")  # a visible marker of its own
    assert (canvas.scale, canvas.vscroll) == before


def test_selecting_a_sector_scrolls_its_lane_to_the_top(qtbot) -> None:  # type: ignore[no-untyped-def]
    records, sectors = synthetic_records(600)
    widget = TimelinePanel(records, sectors, TODAY)
    qtbot.addWidget(widget)
    widget.resize(1200, 500)
    widget.show()
    qtbot.waitExposed(widget)
    widget.selectRecord("sector/s05")
    widget.canvas.grab()
    top = min((h.rect.top() for h in widget.canvas.hits if h.what == "header"), default=None)
    header = next(h for h in widget.canvas.hits if h.what == "header" and h.lane_id == "sector/s05")
    assert header.rect.top() == top  # the first lane header on screen


def test_home_stays_home_when_the_canvas_grows_and_a_zoom_is_kept(qtbot, catalog_records) -> None:  # type: ignore[no-untyped-def]
    records, sectors = catalog_records
    widget = TimelinePanel(records, sectors, TODAY)
    qtbot.addWidget(widget)
    widget.resize(600, 500)  # as when the tab is first laid out narrow, before the window grows
    widget.show()
    qtbot.waitExposed(widget)
    widget.resize(1300, 500)
    qtbot.waitUntil(lambda: widget.canvas.scale.width == widget.canvas.width())
    scale = widget.canvas.scale
    # Home shows the 1960s to a year past today across the whole width, not decades of future
    assert scale.date_at(0).year <= 1960
    assert TODAY.year < scale.date_at(widget.canvas.width()).year <= TODAY.year + 3
    widget.canvas.zoom(2.0)
    zoomed = widget.canvas.scale
    widget.resize(1000, 500)
    qtbot.waitUntil(lambda: widget.canvas.scale.width == widget.canvas.width())
    after = widget.canvas.scale
    assert (after.left, after.px_per_day) == (zoomed.left, zoomed.px_per_day)
