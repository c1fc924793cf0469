"""The timeline view widget: zoom, pan, keys, clicks, hover, the date cursor.

It holds the view state (scale, scroll, selection, cursor) and has
`painting.FramePainter` draw each frame from it, only what is visible.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

from ijref.ui.timeline.layout import (
    AXIS_H,
    BAR_ROW_H,
    HEADER_H,
    MARKER_ROW_H,
    LaneBox,
    TimelineLayout,
)
from ijref.ui.timeline.legibility import groups
from ijref.ui.timeline.model import TimelineItem
from ijref.ui.timeline.painting import FramePainter, RawHit, date_text
from ijref.ui.timeline.scale import MAX_PX_PER_DAY, TimeScale, day_of
from ijref.ui.timeline.style import DARK, LIGHT, Colours

__all__ = ["Hit", "TimelineCanvas"]

CLICK_SLOP_PX = 4
CURSOR_GRAB_PX = 5.0
WHEEL_STEP = 1.2  # zoom factor per wheel notch
VIEW_MARGIN_PX = 40.0  # what counts as on screen when bringing a record into view


@dataclass(frozen=True, slots=True)
class Hit:
    """Something drawn that a click or hover can land on."""

    rect: QRectF
    what: str  # "item" | "cluster" | "header"
    record_id: str = ""
    lane_id: str = ""
    members: Sequence[TimelineItem] = ()
    first: int = 0
    last: int = 1

    @property
    def items(self) -> Sequence[TimelineItem]:
        """What it shows: one item, or a cluster's items (sliced only when
        asked, so a frame does not copy every clustered record)."""
        return self.members[self.first : self.last]


class TimelineCanvas(QWidget):
    """Lanes of bars, spans and markers over a zoomable time axis.

    Signals:
        activated(str): a record was clicked (its id).
        cursorMoved(object): the state-on-date cursor moved (a `datetime.date`).
    """

    activated = Signal(str)
    cursorMoved = Signal(object)

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(320, 160)
        self.today = today
        self.layout_: TimelineLayout | None = None
        self._scale = TimeScale.fit(day_of(dt.date(1960, 1, 1)), day_of(today), 800)
        # Showing Home (everything) until the user zooms or pans: Home then stays
        # Home when the canvas is resized (first shown, a panel closed, the window
        # maximised), instead of keeping the zoom of a narrower canvas.
        self._home = True
        self.vscroll = 0.0
        self.selected: str | None = None
        self.in_force: frozenset[str] = frozenset()
        self.cursor_day: float = day_of(today)
        # What the last frame drew where: (rect, what, id, lane, members, first, last).
        self._hits: list[RawHit] = []
        self.frame = FramePainter(self.font())
        self._press: QPointF | None = None
        self._drag: str = ""  # "" | "pan" | "cursor" (the line) | "axis" (the cursor via the axis)
        self._last: QPointF = QPointF()

    # --- content and view state -------------------------------------------------

    @property
    def scale(self) -> TimeScale:
        """The days shown across the canvas; setting it leaves Home."""
        return self._scale

    @scale.setter
    def scale(self, scale: TimeScale) -> None:
        self._scale = scale
        self._home = False

    def sizeHint(self) -> QSize:
        return QSize(900, 480)

    def set_layout(self, layout: TimelineLayout, fit: bool = False) -> None:
        """Show a new layout (after filtering); keeps the zoom unless `fit`."""
        self.layout_ = layout
        if fit:
            self.fit_all()
        self._clamp_vscroll()
        self.update()

    def extent(self) -> tuple[float, float]:
        """Days to show on Home: the 1960s to today and past the latest end."""
        lo = day_of(dt.date(1960, 1, 1))
        hi = day_of(self.today) + 365.0
        if self.layout_ is not None and self.layout_.boxes:
            lo = min(lo, self.layout_.start)
            hi = max(hi, self.layout_.end)
        return lo, hi

    def fit_all(self) -> None:
        """Home: everything from the 1960s to beyond the latest end."""
        lo, hi = self.extent()
        self.scale = TimeScale.fit(lo, hi, max(self.width(), 1))
        self._home = True
        self.update()

    def zoom(self, factor: float, at_x: float | None = None) -> None:
        """Zoom by `factor` (>1 in), keeping the day under `at_x` in place."""
        x = self.width() / 2.0 if at_x is None else at_x
        self.scale = self.scale.zoomed(factor, x)
        self.update()

    def pan(self, dx: float) -> None:
        """Move the content `dx` pixels right."""
        self.scale = self.scale.panned(dx)
        self.update()

    def scroll_by(self, dy: float) -> None:
        """Scroll the lanes up by `dy` pixels."""
        self.vscroll += dy
        self._clamp_vscroll()
        self.update()

    def go_today(self) -> None:
        """T: centre today, at the current zoom."""
        self.scale = self.scale.centred_on(day_of(self.today))
        self.update()

    def zoom_to(self, start: float, end: float) -> None:
        """Show the days [start, end) across the view."""
        self.scale = TimeScale.fit(start, end, max(self.width(), 1))
        self.update()

    def set_cursor_day(self, day: float) -> None:
        self.cursor_day = day
        self.update()

    def set_highlight(self, in_force: frozenset[str]) -> None:
        self.in_force = in_force
        self.update()

    def toggle_lane(self, lane_id: str) -> None:
        """Collapse an expanded lane, or expand a collapsed one."""
        if self.layout_ is None:
            return
        box = self.layout_.box(lane_id)
        if box is not None:
            self.layout_.set_collapsed(lane_id, not box.collapsed)
            self._clamp_vscroll()
            self.update()

    def set_all_collapsed(self, collapsed: bool) -> None:
        """Collapse every lane to its summary strip, or expand them all."""
        if self.layout_ is None:
            return
        for box in self.layout_.boxes:
            box.collapsed = collapsed
        self.layout_.relayout()
        self._clamp_vscroll()
        self.update()

    def show_item(self, record_id: str) -> bool:
        """Select a record and bring it into view; False when it is not shown.

        The view moves only when the record is off screen (or hidden in a
        cluster or a collapsed lane), so a click that comes back from the tree
        as a selection does not make the timeline jump.
        """
        self.selected = record_id
        found = self.layout_.locate(record_id) if self.layout_ is not None else None
        if found is None:
            self.update()
            return False
        box, row, item = found
        assert self.layout_ is not None
        if box.collapsed:
            self.layout_.set_collapsed(box.lane.id, False)
        if row < 0:
            self._bring_marker_out(box, item)
        else:
            x0, x1 = self.scale.x(item.start), self.scale.x(item.end)
            if x1 < VIEW_MARGIN_PX or x0 > self.width() - VIEW_MARGIN_PX:
                if x1 - x0 > self.width() - 2 * VIEW_MARGIN_PX:
                    self.scale = self.scale.panned(VIEW_MARGIN_PX - x0)  # its start, then
                else:
                    self.scale = self.scale.centred_on((item.start + item.end) / 2.0)
        y = box.marker_y if row < 0 else box.row_top(row)
        visible_top = self.vscroll + AXIS_H
        if not (visible_top + HEADER_H <= y <= self.vscroll + self.height() - BAR_ROW_H):
            self.vscroll = y - HEADER_H - MARKER_ROW_H - AXIS_H - (self.height() - AXIS_H) / 3.0
        self._clamp_vscroll()
        self.update()
        return True

    def show_lane(self, lane_id: str) -> bool:
        """Scroll a sector's lane to the top of the view; False when not shown."""
        box = self.layout_.box(lane_id) if self.layout_ is not None else None
        if box is None:
            return False
        self.vscroll = box.top - AXIS_H
        self._clamp_vscroll()
        self.update()
        return True

    def _bring_marker_out(self, box: LaneBox, item: TimelineItem) -> None:
        """Make an event a marker of its own on screen: centre it and zoom in
        until it leaves its cluster. Nothing moves if it already is."""
        index = next(i for i, m in enumerate(box.markers) if m is item)

        def alone(scale: TimeScale) -> bool:
            return any(g.first == index and g.count == 1 for g in groups(box.marker_days, scale))

        x = self.scale.x(item.anchor)
        if VIEW_MARGIN_PX <= x <= self.width() - VIEW_MARGIN_PX and alone(self.scale):
            return
        scale = self.scale.centred_on(item.anchor)
        for _ in range(40):
            if alone(scale) or scale.px_per_day >= MAX_PX_PER_DAY:
                break
            scale = scale.zoomed(2.0, scale.width / 2.0)  # about the centre: stays centred
        self.scale = scale

    def _clamp_vscroll(self) -> None:
        total = self.layout_.height if self.layout_ is not None else 0.0
        self.vscroll = max(0.0, min(self.vscroll, total - self.height() + 20.0))

    @property
    def hits(self) -> list[Hit]:
        """Everything the last frame drew that a click or hover can land on."""
        return [Hit(*raw) for raw in self._hits]

    def item_rect(self, record_id: str) -> QRectF | None:
        """Where a record was drawn in the last frame (for tests and tools)."""
        for raw in self._hits:
            if raw[1] == "item" and raw[2] == record_id:
                return raw[0]
        return None

    def hit_at(self, pos: QPointF) -> Hit | None:
        """What is drawn under `pos` (the topmost thing)."""
        for raw in reversed(self._hits):
            if raw[0].contains(pos):
                return Hit(*raw)
        return None

    # --- painting -----------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self.paint_frame(painter, self.width(), self.height())
            if self.hasFocus():  # where the keys go, as the window's other panes show it
                painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
                painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
        finally:
            painter.end()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        old = event.oldSize().width()
        if (old <= 0 or self._home) and self.layout_ is not None:
            self.fit_all()
        else:
            self._scale = self._scale.resized(self.width())
        self._clamp_vscroll()
        super().resizeEvent(event)

    def paint_frame(
        self,
        p: QPainter,
        width: int,
        height: int,
        vector: bool = False,
        colours: Colours | None = None,
    ) -> None:
        """Draw one frame of the visible timeline (the widget, PNG and SVG use it).

        Args:
            vector: draw clusters as shapes and text rather than cached pixmaps.
            colours: by default the set matching the app's light or dark theme.
        """
        chosen = colours or self.theme_colours()
        self._hits = self.frame.paint(p, self, (width, height), vector, chosen)

    def theme_colours(self) -> Colours:
        """Dark colours on a dark window, light ones otherwise."""
        window = self.palette().color(QPalette.ColorRole.Window)
        return DARK if window.lightness() < 128 else LIGHT

    # --- interaction ----------------------------------------------------------

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        if delta.y() and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.zoom(WHEEL_STEP ** (delta.y() / 120.0), event.position().x())
        elif delta.y():
            self.scroll_by(-delta.y() / 2.0)
        if delta.x():
            self.pan(delta.x() / 2.0)
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position()
        self._press = pos
        self._last = pos
        near_cursor = abs(pos.x() - self.scale.x(self.cursor_day)) <= CURSOR_GRAB_PX
        if pos.y() < AXIS_H:
            # On the axis: the cursor jumps here and follows the drag.
            self._drag = "axis"
            self._move_cursor(pos.x())
        else:
            self._drag = "cursor" if near_cursor else "pan"

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._press is None:
            near = abs(pos.x() - self.scale.x(self.cursor_day)) <= CURSOR_GRAB_PX
            grab = near or pos.y() < AXIS_H
            self.setCursor(Qt.CursorShape.SizeHorCursor if grab else Qt.CursorShape.ArrowCursor)
            return
        if self._drag in ("axis", "cursor"):
            self._move_cursor(pos.x())
        else:
            self.scale = self.scale.panned(pos.x() - self._last.x())
            self.vscroll -= pos.y() - self._last.y()
            self._clamp_vscroll()
            self.update()
        self._last = pos

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        pos = event.position()
        moved = (pos - self._press).manhattanLength() > CLICK_SLOP_PX
        was = self._drag
        self._press = None
        self._drag = ""
        if not moved and was != "axis":
            # A click, also on a bar right beside the cursor line (which a
            # drag would have moved instead).
            self.click(pos)

    def click(self, pos: QPointF) -> None:
        """What a click at `pos` does: select and open a record, split a cluster,
        or collapse or expand a lane."""
        hit = self.hit_at(pos)
        if hit is None:
            return
        if hit.what == "header":
            self.toggle_lane(hit.lane_id)
        elif hit.what == "cluster":
            start = min(i.start for i in hit.items)
            end = max(i.end for i in hit.items)
            pad = max((end - start) * 0.15, 2.0)
            self.zoom_to(start - pad, end + pad)
        else:
            self.selected = hit.record_id
            self.update()
            self.activated.emit(hit.record_id)

    def _move_cursor(self, x: float) -> None:
        day = float(int(self.scale.day_at(x)))
        if day != self.cursor_day:
            self.cursor_day = day
            self.update()
            self.cursorMoved.emit(dt.date.fromordinal(int(day)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        step = self.width() / 8.0
        K = Qt.Key
        if key in (K.Key_Plus, K.Key_Equal):
            self.zoom(1.5)
        elif key in (K.Key_Minus, K.Key_Underscore):
            self.zoom(1 / 1.5)
        elif key == K.Key_Left:
            self.pan(step)
        elif key == K.Key_Right:
            self.pan(-step)
        elif key == K.Key_Up:
            self.scroll_by(-BAR_ROW_H * 3)
        elif key == K.Key_Down:
            self.scroll_by(BAR_ROW_H * 3)
        elif key == K.Key_PageUp:
            self.scroll_by(-self.height() * 0.8)
        elif key == K.Key_PageDown:
            self.scroll_by(self.height() * 0.8)
        elif key == K.Key_Home:
            self.fit_all()
        elif key == K.Key_T:
            self.go_today()
        elif key in (K.Key_Return, K.Key_Enter) and self.selected:
            self.activated.emit(self.selected)  # open the selected record again
        elif key == K.Key_Escape and self.selected:
            self.selected = None
            self.update()
        else:
            super().keyPressEvent(event)

    def tooltip_text(self, pos: QPointF) -> str:
        """The hover text at `pos`: title, dates and kind; or a cluster's contents."""
        hit = self.hit_at(pos)
        if hit is None:
            return ""
        if hit.what == "header":
            return "Click to collapse or expand this sector"
        if hit.what == "cluster":
            first, last = hit.items[0], hit.items[-1]
            names = "<br>".join(html.escape(i.label) for i in hit.items[:5])
            more = f"<br>… and {len(hit.items) - 5} more" if len(hit.items) > 5 else ""
            span = f"{date_text(first.anchor)} – {date_text(last.anchor)}"
            hint = "<br><i>click to zoom in</i>"
            return f"<b>{len(hit.items)} records</b>, {span}<br>{names}{more}{hint}"
        item = hit.items[0]
        return (
            f"<b>{html.escape(item.title)}</b><br>{html.escape(item.date_text)}"
            f"<br><i>{html.escape(item.kind.value)}</i>"
        )

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_text(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
