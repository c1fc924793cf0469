"""`TimelinePanel`: the timeline a window hosts as a tab or dock.

The filter bar (sector, kind, organization, free text, date), the view, and the
agreements in force on the cursor's date with their count, decided by the
domain's `validity` rule. Built from plain domain records; it runs no SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QStandardPaths, Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ijref.domain.errors import UserFacingError
from ijref.domain.records import Kind, Record
from ijref.domain.validity import Status, validity
from ijref.ui.timeline.canvas import TimelineCanvas
from ijref.ui.timeline.export import export_png, export_svg
from ijref.ui.timeline.filters import TimelineFilter, apply_filter
from ijref.ui.timeline.layout import TimelineLayout
from ijref.ui.timeline.model import SegmentStyle, TimelineItem, items_for, lanes_for
from ijref.ui.timeline.scale import day_of
from ijref.ui.timeline.style import Colours

__all__ = ["TimelinePanel"]

_IN_FORCE_ROLE = Qt.ItemDataRole.UserRole + 1


def _swatch(colour: QColor, text: str, *, border: QColor | None = None) -> str:
    edge = f"border:1px solid {border.name()};" if border is not None else ""
    box = f'<span style="background:{colour.name()};{edge}">&nbsp;&nbsp;&nbsp;&nbsp;</span>'
    return f"{box}&nbsp;{text}"


def _legend_html(c: Colours) -> str:
    """What the shapes mean, in one line under the view, in the view's colours."""
    parts = [
        _swatch(c.segment(Kind.AGREEMENT, SegmentStyle.BASE, False), "agreement (signing to end)"),
        _swatch(c.segment(Kind.AGREEMENT, SegmentStyle.EXTENSION, False), "extension"),
        _swatch(c.in_force_fill, "in force on the chosen day", border=c.in_force),
        _swatch(c.segment(Kind.PROGRAMME, SegmentStyle.BASE, False), "programme"),
        f'<span style="color:{c.kind_fill[Kind.EVENT].name()}">●</span> event '
        "(○ known to the month or year)",
        "fading end: end not known · hatched: only if one side asks · dotted: approximate",
        _swatch(c.disputed.lighter(170), "sources differ on the date", border=c.disputed),
        f'<span style="color:{c.today.name()}">┆</span> today',
    ]
    return " &nbsp; ".join(parts)


def _by_date(pair: tuple[Record, str]) -> tuple[tuple[dt.date, dt.date], str]:
    main = pair[0].main_date
    return (main.sort_key() if main else (dt.date.min, dt.date.min), pair[0].id)


_KINDS = (
    ("All kinds", None),
    ("Agreements", Kind.AGREEMENT),
    ("Programmes", Kind.PROGRAMME),
    ("Events", Kind.EVENT),
)


class TimelinePanel(QWidget):
    """The whole timeline: filters, view, state on a date, export.

    Args:
        records: every record (any kind; the timeline draws agreements,
            programmes and events, and lists organizations in its filter).
        sectors: the sector records, whose `order` orders the lanes.
        today: the day the "today" line and the initial cursor stand on.

    Signals:
        recordActivated(str): the user picked a record (on the view or in the
            in-force list); open it in the detail pane.
    """

    recordActivated = Signal(str)

    def __init__(
        self,
        records: Sequence[Record],
        sectors: Sequence[Record],
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.today = today
        self._records = {r.id: r for r in records}
        self._agreements = [r for r in records if r.kind is Kind.AGREEMENT]
        self._lanes = lanes_for(sectors)
        self._items: list[TimelineItem] = items_for(records, self._lanes)
        self._filter = TimelineFilter()
        self._cursor_date = today

        self.canvas = TimelineCanvas(today, self)
        self.canvas.setAccessibleName("Timeline")
        self.sector_box = QComboBox(self)
        self.sector_box.addItem("All sectors", None)
        for lane in self._lanes[:-1]:
            self.sector_box.addItem(lane.title, lane.id)
        self.kind_box = QComboBox(self)
        for text, kind in _KINDS:
            self.kind_box.addItem(text, kind)
        self.org_box = QComboBox(self)
        self.org_box.addItem("All organizations", None)
        used = {o for i in self._items for o in i.org_ids}
        orgs = sorted(
            (r for r in records if r.kind is Kind.ORGANIZATION and r.id in used),
            key=lambda r: r.display_name.casefold(),
        )
        for org in orgs:
            self.org_box.addItem(org.display_name, org.id)
        self.text_edit = QLineEdit(self)
        self.text_edit.setPlaceholderText("Filter by words or a year…")
        self.text_edit.setClearButtonEnabled(True)
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.date_edit.setDateRange(QDate(1950, 1, 1), QDate(2100, 12, 31))
        self.date_edit.setToolTip("State on this date (or drag the blue line)")
        self.collapse_button = QToolButton(self)
        self.collapse_button.setText("Collapse lanes")
        self.collapse_button.setCheckable(True)
        self.collapse_button.setToolTip(
            "Show each sector as one strip (click a lane's name to open it)"
        )
        self.png_button = QToolButton(self)
        self.png_button.setText("PNG…")
        self.png_button.setToolTip("Export the visible timeline as a PNG image")
        self.svg_button = QToolButton(self)
        self.svg_button.setText("SVG…")
        self.svg_button.setToolTip("Export the visible timeline as an SVG drawing")

        # Two rows, so that no control is cut on a laptop screen: what to show, then
        # the day and the exports. Long values must not widen the boxes.
        for box in (self.sector_box, self.kind_box, self.org_box):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(12)
        self.sector_box.setAccessibleName("Show sector")
        self.kind_box.setAccessibleName("Show kind")
        self.org_box.setAccessibleName("Show organization")
        self.text_edit.setAccessibleName("Filter by words or a year")
        self.date_edit.setAccessibleName("State on this date")
        filters = QHBoxLayout()
        for w in (self.sector_box, self.kind_box, self.org_box):
            filters.addWidget(w)
        filters.addWidget(self.text_edit, 1)
        day = QHBoxLayout()
        on = QLabel("State on:", self)
        on.setBuddy(self.date_edit)
        day.addWidget(on)
        day.addWidget(self.date_edit)
        day.addWidget(self.collapse_button)
        day.addStretch(1)
        day.addWidget(self.png_button)
        day.addWidget(self.svg_button)

        self.in_force_label = QLabel(self)
        self.in_force_label.setWordWrap(True)
        self.in_force_list = QListWidget(self)
        self.in_force_list.setWordWrap(True)
        self.in_force_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 0, 0, 0)
        side.setMinimumWidth(220)
        side_layout.addWidget(self.in_force_label)
        side_layout.addWidget(self.in_force_list, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.canvas)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)  # the in-force list is never cut away

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addLayout(day)
        layout.addWidget(splitter, 1)
        self.legend = QLabel(_legend_html(self.canvas.theme_colours()), self)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)  # never widens the window
        layout.addWidget(self.legend)

        self.sector_box.currentIndexChanged.connect(self._filters_changed)
        self.kind_box.currentIndexChanged.connect(self._filters_changed)
        self.org_box.currentIndexChanged.connect(self._filters_changed)
        self.text_edit.textChanged.connect(self._filters_changed)
        self.date_edit.dateChanged.connect(self._date_edited)
        self.canvas.activated.connect(self.recordActivated)
        self.canvas.cursorMoved.connect(self.setCursorDate)
        self.in_force_list.itemActivated.connect(self._list_activated)
        self.in_force_list.itemClicked.connect(self._list_activated)
        self.collapse_button.toggled.connect(self.canvas.set_all_collapsed)
        self.png_button.clicked.connect(lambda: self._export_dialog("png"))
        self.svg_button.clicked.connect(lambda: self._export_dialog("svg"))

        self._rebuild(fit=True, refresh=False)
        self.setCursorDate(today)

    # --- public API -------------------------------------------------------------

    @Slot(str)
    def selectRecord(self, record_id: str) -> None:
        """Highlight a record and scroll it into view (called when the tree or
        search selects it); clears filters that hide it. A sector scrolls its
        lane to the top."""
        if record_id.startswith("sector/"):
            self.canvas.show_lane(record_id)
            return
        if self.canvas.show_item(record_id):
            return
        if record_id in self._records and any(i.id == record_id for i in self._items):
            self.set_filter(TimelineFilter())
            self.canvas.show_item(record_id)

    def set_filter(self, flt: TimelineFilter) -> None:
        """Show only what `flt` lets through (and set the filter bar to match)."""
        widgets = (self.sector_box, self.kind_box, self.org_box, self.text_edit)
        for w in widgets:
            w.blockSignals(True)
        try:
            self.sector_box.setCurrentIndex(max(self.sector_box.findData(flt.sector), 0))
            self.kind_box.setCurrentIndex(max(self.kind_box.findData(flt.kind), 0))
            self.org_box.setCurrentIndex(max(self.org_box.findData(flt.organization), 0))
            self.text_edit.setText(flt.text)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self._filter = flt
        self._rebuild(fit=False)
        self._show_year()

    def current_filter(self) -> TimelineFilter:
        return self._filter

    @Slot(object)
    def setCursorDate(self, date: dt.date) -> None:
        """Move the state-on-date cursor and list what is in force that day."""
        self._cursor_date = date
        self.canvas.set_cursor_day(day_of(date))
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(date.year, date.month, date.day))
        self.date_edit.blockSignals(False)
        self._refresh_in_force()

    def cursorDate(self) -> dt.date:
        return self._cursor_date

    def in_force_ids(self) -> list[str]:
        """Ids of the agreements listed as in force, in list order."""
        return self._listed(in_force=True)

    def unknown_ids(self) -> list[str]:
        """Ids of the agreements listed as "not known" on the cursor's date."""
        return self._listed(in_force=False)

    def _listed(self, *, in_force: bool) -> list[str]:
        rows = (self.in_force_list.item(i) for i in range(self.in_force_list.count()))
        return [
            str(row.data(Qt.ItemDataRole.UserRole))
            for row in rows
            if row.data(_IN_FORCE_ROLE) is in_force
        ]

    def export_png(self, path: Path) -> Path:
        """Write the visible timeline to a PNG file."""
        return export_png(self.canvas, path)

    def export_svg(self, path: Path) -> Path:
        """Write the visible timeline to an SVG file."""
        return export_svg(self.canvas, path)

    # --- internals ------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            # The app switched between light and dark: the legend follows the view.
            self.legend.setText(_legend_html(self.canvas.theme_colours()))
        super().changeEvent(event)

    def _filters_changed(self) -> None:
        self._filter = TimelineFilter(
            sector=self.sector_box.currentData(),
            # Qt hands a StrEnum back as a plain str.
            kind=Kind(kind) if (kind := self.kind_box.currentData()) else None,
            organization=self.org_box.currentData(),
            text=self.text_edit.text(),
        )
        self._rebuild(fit=False)
        self._show_year()

    def _show_year(self) -> None:
        """With a year among the words, show that year (and a little either side)."""
        year = self._filter.year
        if year is not None:
            lo = day_of(dt.date(year, 1, 1))
            self.canvas.zoom_to(lo - 20, lo + 365 + 20)

    def _rebuild(self, fit: bool, refresh: bool = True) -> None:
        collapsed = (
            [b.lane.id for b in self.canvas.layout_.boxes if b.collapsed]
            if self.canvas.layout_ is not None
            else []
        )
        shown = apply_filter(self._items, self._filter)
        self.canvas.set_layout(TimelineLayout(self._lanes, shown, collapsed), fit=fit)
        if refresh:
            self._refresh_in_force()

    def _date_edited(self, qdate: QDate) -> None:
        date = dt.date(qdate.year(), qdate.month(), qdate.day())
        self.setCursorDate(date)

    def _refresh_in_force(self) -> None:
        """List the shown agreements the domain's validity rule says are in force
        on the cursor's date, then those it cannot decide (no end known, or a
        date known only to the year), so silence is never read as "expired"."""
        date = self._cursor_date
        shown = {i.id for i in apply_filter(self._items, self._filter)}
        in_force: list[tuple[Record, str]] = []
        unknown: list[tuple[Record, str]] = []
        for record in self._agreements:
            if record.id not in shown:
                continue
            verdict = validity(record, date)
            if verdict.status is Status.IN_FORCE:
                in_force.append((record, verdict.rule))
            elif verdict.status is Status.UNKNOWN:
                signed = record.date("signed")
                # Signed by then (or possibly, for a partial date), end unknown.
                if signed is not None and signed.earliest is not None and signed.earliest <= date:
                    unknown.append((record, verdict.rule))
        self.in_force_list.clear()
        for record, rule in sorted(in_force, key=_by_date):
            self._add_list_row(record, rule, in_force=True)
        if unknown:
            header = QListWidgetItem(f"Not known on that day ({len(unknown)}):")
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: not selectable
            bold = header.font()
            bold.setBold(True)
            header.setFont(bold)
            header.setToolTip("The source gives no end, or a date only to the month or year")
            self.in_force_list.addItem(header)
            for record, rule in sorted(unknown, key=_by_date):
                self._add_list_row(record, rule, in_force=False)
        n = len(in_force)
        noun = "agreement" if n == 1 else "agreements"
        self.in_force_label.setText(f"<b>{n}</b> {noun} in force on {date.day} {date:%b %Y}")
        self.canvas.set_highlight(frozenset(r.id for r, _ in in_force))

    def _add_list_row(self, record: Record, rule: str, *, in_force: bool) -> None:
        signed = record.date("signed")
        text = record.display_name + (f" — {signed.human()}" if signed else "")
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, record.id)
        item.setData(_IN_FORCE_ROLE, in_force)
        item.setToolTip(f"{record.title}\n{rule}")
        if not in_force:
            item.setForeground(self.palette().placeholderText())
        self.in_force_list.addItem(item)

    def _list_activated(self, item: QListWidgetItem) -> None:
        if item.data(Qt.ItemDataRole.UserRole) is None:
            return  # the "not known" heading
        record_id = str(item.data(Qt.ItemDataRole.UserRole))
        self.canvas.show_item(record_id)
        self.recordActivated.emit(record_id)

    def _export_dialog(self, fmt: str) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _ = QFileDialog.getSaveFileName(
            self,
            f"Export timeline as {fmt.upper()}",
            str(Path(folder or ".") / f"timeline.{fmt}"),
            f"{fmt.upper()} (*.{fmt})",
        )
        if not path:
            return
        try:
            (export_png if fmt == "png" else export_svg)(self.canvas, Path(path))
        except UserFacingError as exc:
            QMessageBox.warning(self, "Export", str(exc))
