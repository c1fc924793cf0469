"""The custom-painted timeline view: draws only what is visible, each frame.

No QGraphicsItem per record: a frame walks the visible lanes and rows (found
by y), the visible items in each row (found with `bisect`), the marker groups
of each marker row (`legibility.groups`) and the labels that fit
(`legibility.place_labels`). The same `paint_frame` draws the widget, the PNG
and the SVG export.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QGradient,
    QKeyEvent,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

from ijref.domain.records import Kind
from ijref.ui.timeline import style
from ijref.ui.timeline.layout import (
    AXIS_H,
    BAR_ROW_H,
    HEADER_H,
    MARKER_ROW_H,
    LaneBox,
    TimelineLayout,
)
from ijref.ui.timeline.legibility import TextWidths, groups, place_labels
from ijref.ui.timeline.model import Segment, SegmentStyle, TimelineItem
from ijref.ui.timeline.scale import MAX_PX_PER_DAY, TimeScale, day_of
from ijref.ui.timeline.ticks import ticks

__all__ = ["Hit", "TimelineCanvas"]

BAR_H = 11.0
MARKER_R = 4.5
CLICK_SLOP_PX = 4
CURSOR_GRAB_PX = 5.0
WHEEL_STEP = 1.2  # zoom factor per wheel notch


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
        self.scale = TimeScale.fit(day_of(dt.date(1960, 1, 1)), day_of(today), 800)
        self.vscroll = 0.0
        self.selected: str | None = None
        self.in_force: frozenset[str] = frozenset()
        self.cursor_day: float = day_of(today)
        # What the last frame drew where: (rect, what, id, lane, members, first, last).
        self._hits: list[tuple[QRectF, str, str, str, Sequence[TimelineItem], int, int]] = []
        self.font_ = QFont(self.font())
        self.font_.setPointSizeF(8.5)
        self.bold = QFont(self.font_)
        self.bold.setBold(True)
        metrics = QFontMetricsF(self.font_)
        self.text_width = TextWidths(metrics.horizontalAdvance)
        self._ascent = metrics.ascent()
        self._badges: dict[str, QPixmap] = {}
        self._press: QPointF | None = None
        self._drag: str = ""  # "" | "pan" | "cursor"
        self._last: QPointF = QPointF()

    # --- content and view state -------------------------------------------------

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
        """Select a record and scroll it into view; False when it is not shown."""
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
            self._zoom_out_of_cluster(box, item)
        x0, x1 = self.scale.x(item.start), self.scale.x(item.end)
        margin = 40.0
        if x1 - x0 > self.width() - 2 * margin:
            self.scale = self.scale.panned(margin - x0)
        elif x0 < margin or x1 > self.width() - margin:
            self.scale = self.scale.centred_on((item.start + item.end) / 2.0)
        y = box.marker_y if row < 0 else box.row_top(row)
        visible_top = self.vscroll + AXIS_H
        if not (visible_top + HEADER_H <= y <= self.vscroll + self.height() - BAR_ROW_H):
            self.vscroll = y - HEADER_H - MARKER_ROW_H - AXIS_H - (self.height() - AXIS_H) / 3.0
        self._clamp_vscroll()
        self.update()
        return True

    def _zoom_out_of_cluster(self, box: LaneBox, item: TimelineItem) -> None:
        """Zoom in on an event until it is a marker of its own, not in a cluster."""
        index = next(i for i, m in enumerate(box.markers) if m is item)
        for _ in range(40):
            scale = self.scale.centred_on(item.anchor)
            found = groups(box.marker_days, scale)
            if any(g.first == index and g.count == 1 for g in found):
                break
            if scale.px_per_day >= MAX_PX_PER_DAY:
                break
            self.scale = scale.zoomed(2.0, scale.width / 2.0)
        # Centre it whether or not the zoom changed.
        self.scale = self.scale.centred_on(item.anchor)

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
        finally:
            painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        old = event.oldSize().width()
        if old <= 0 and self.layout_ is not None:
            self.scale = self.scale.resized(self.width())
            self.fit_all()
        else:
            self.scale = self.scale.resized(self.width())
        self._clamp_vscroll()
        super().resizeEvent(event)

    def paint_frame(self, p: QPainter, width: int, height: int, vector: bool = False) -> None:
        """Draw one frame of the visible timeline.

        Args:
            vector: draw clusters as shapes and text rather than cached pixmaps
                (for SVG export).
        """
        self._hits = []
        scale = self.scale if self.scale.width == width else self.scale.resized(width)
        p.fillRect(QRectF(0, 0, width, height), style.BACKGROUND)
        p.setFont(self.font_)
        tick_list = ticks(scale)
        p.setClipRect(QRectF(0, AXIS_H, width, height - AXIS_H))
        for tick in tick_list:
            x = round(scale.x(tick.day)) + 0.5
            p.setPen(style.GRID_MAJOR if tick.major else style.GRID_MINOR)
            p.drawLine(QPointF(x, AXIS_H), QPointF(x, height))
        if self.layout_ is not None:
            for box in self.layout_.boxes:
                top = box.top - self.vscroll
                if top + box.height < AXIS_H or top > height:
                    continue
                self._paint_lane(p, box, scale, size=(width, height), vector=vector)
        self._paint_line(p, scale, day_of(self.today), height, colour=style.TODAY, dashed=True)
        self._paint_line(p, scale, self.cursor_day, height, colour=style.CURSOR, dashed=False)
        p.setClipping(False)
        self._paint_axis(p, scale, tick_list, width)

    def _paint_line(
        self,
        p: QPainter,
        scale: TimeScale,
        day: float,
        height: int,
        *,
        colour: QColor,
        dashed: bool,
    ) -> None:
        x = scale.x(day)
        pen = QPen(colour, 1.5)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawLine(QPointF(x, AXIS_H), QPointF(x, height))

    def _paint_axis(self, p: QPainter, scale: TimeScale, tick_list: list, width: int) -> None:
        p.fillRect(QRectF(0, 0, width, AXIS_H), style.AXIS_BG)
        p.setPen(style.GRID_MAJOR)
        p.drawLine(QPointF(0, AXIS_H - 0.5), QPointF(width, AXIS_H - 0.5))
        last_right = -math.inf
        for tick in tick_list:
            x = scale.x(tick.day)
            p.setPen(style.AXIS_TEXT)
            p.drawLine(QPointF(x, AXIS_H - (8 if tick.major else 4)), QPointF(x, AXIS_H))
            w = self.text_width(tick.label)
            if x + 3 >= last_right + 6:
                p.setFont(self.bold if tick.major else self.font_)
                p.drawText(QPointF(x + 3, AXIS_H - 10), tick.label)
                last_right = x + 3 + w
        p.setFont(self.font_)
        # Today and the state-on-date cursor, with their dates on the axis.
        for day, colour, text in (
            (day_of(self.today), style.TODAY, "today"),
            (self.cursor_day, style.CURSOR, _date_text(self.cursor_day)),
        ):
            x = scale.x(day)
            if -50 < x < width + 50:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(colour)
                p.drawPolygon(
                    [QPointF(x - 5, AXIS_H - 7), QPointF(x + 5, AXIS_H - 7), QPointF(x, AXIS_H)]
                )
                p.setPen(colour)
                w = self.text_width(text) + 6
                # Right of the line, or left of it where it would run off the view.
                left = x + 6 if x + 6 + w <= width else x - 6 - w
                p.fillRect(QRectF(left, 1, w, 12), style.AXIS_BG)
                p.drawText(QPointF(left + 3, 11), text)
        p.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_lane(
        self, p: QPainter, box: LaneBox, scale: TimeScale, *, size: tuple[int, int], vector: bool
    ) -> None:
        width, height = size
        top = box.top - self.vscroll
        p.fillRect(QRectF(0, top + HEADER_H, width, box.height - HEADER_H), style.LANE_SHADE)
        if box.collapsed:
            self._paint_markers(p, box, scale, vector=vector, summary=True)
        else:
            self._paint_markers(p, box, scale, vector=vector, summary=False)
            lo, hi = scale.left, scale.right
            first = max(0, int((AXIS_H - (box.row_top(0) - self.vscroll)) // BAR_ROW_H))
            last = min(
                len(box.rows), int((height - (box.row_top(0) - self.vscroll)) // BAR_ROW_H) + 1
            )
            batch = _BarBatch()
            for index in range(first, last):
                self._paint_row(batch, box, index, scale, (lo, hi))
            batch.flush(p)
        # The header last, so a bar label never covers a lane's name.
        if top + HEADER_H >= AXIS_H:
            header = QRectF(0, top, width, HEADER_H)
            p.fillRect(header, style.HEADER_BG)
            p.setPen(style.HEADER_TEXT)
            p.setFont(self.bold)
            arrow = "▸" if box.collapsed else "▾"
            p.drawText(QPointF(6, top + 14), f"{arrow} {box.lane.title}  ({box.count})")
            p.setFont(self.font_)
            self._hits.append((header, "header", "", box.lane.id, (), 0, 0))

    def _paint_row(
        self,
        batch: _BarBatch,
        box: LaneBox,
        index: int,
        scale: TimeScale,
        days: tuple[float, float],
    ) -> None:
        """Queue one row's bars and labels (drawn together by `_BarBatch.flush`)."""
        lo, hi = days
        row = box.rows[index]
        y = box.row_top(index) - self.vscroll + (BAR_ROW_H - BAR_H) / 2.0
        visible = row.visible(lo, hi)
        if not visible:
            return
        candidates: list[tuple[float, float, int]] = []
        obstacles: list[float] = []
        left_day, ppd = scale.left, scale.px_per_day
        in_force_ids = self.in_force
        lane_id = box.lane.id
        hits = self._hits
        width_of = self.text_width
        segment = batch.segment
        items = row.items
        for k in visible:
            item = items[k]
            x0 = (item.start - left_day) * ppd
            x1 = max((item.end - left_day) * ppd, x0 + 1.0)
            obstacles.append(x0)
            in_force = item.id in in_force_ids
            for seg in item.segments:
                segment(
                    item, seg, (seg.start - left_day) * ppd, (seg.end - left_day) * ppd, y, in_force
                )
            rect = QRectF(x0, y, x1 - x0, BAR_H)
            if item.id == self.selected:
                batch.selected.append(rect.adjusted(-1.5, -1.5, 1.5, 1.5))
            elif in_force:
                batch.in_force.append(rect)
            hits.append((rect, "item", item.id, lane_id, (item,), 0, 1))
            left = (x0 if x0 > 0.0 else 0.0) + 3.0
            candidates.append((left, left + width_of(item.label), k))
        x_of = scale.x
        baseline = y + BAR_H - 2.0
        for k in place_labels(candidates, obstacles):
            item = row.items[k]
            batch.labels.append((QPointF(max(x_of(item.start), 0.0) + 3.0, baseline), item.label))

    def _paint_markers(
        self, p: QPainter, box: LaneBox, scale: TimeScale, *, vector: bool, summary: bool
    ) -> None:
        """The marker row: events, or in a collapsed lane every record."""
        cy = box.marker_y - self.vscroll
        if cy < AXIS_H - MARKER_ROW_H:
            return
        markers = box.summary if summary else box.markers
        found = groups(box.summary_days if summary else box.marker_days, scale)
        candidates: list[tuple[float, float, int]] = []
        for index, group in enumerate(found):
            x = group.x
            if group.count == 1:
                item = markers[group.first]
                self._paint_marker(p, item, x, cy, scale, band=not summary)
                rect = QRectF(x - 6, cy - 7, 12, 14)
                self._hits.append((rect, "item", item.id, box.lane.id, (item,), 0, 1))
                left = x + 7.0
                candidates.append((left, left + self.text_width(item.label), index))
            else:
                rect = self._paint_cluster(p, group.count, x, cy, vector)
                self._hits.append(
                    (rect, "cluster", "", box.lane.id, markers, group.first, group.last)
                )
        p.setPen(style.LABEL_TEXT)
        obstacles = [g.x - 9.0 for g in found]
        for index in place_labels(candidates, obstacles):
            group = found[index]
            item = markers[group.first]
            p.drawText(QPointF(group.x + 7.0, cy + self._ascent / 2.0 - 1.0), item.label)

    def _paint_marker(
        self, p: QPainter, item: TimelineItem, x: float, cy: float, scale: TimeScale, *, band: bool
    ) -> None:
        edge = style.KIND_EDGE[item.kind]
        fill = style.KIND_COLOUR[item.kind]
        seg = item.segments[0]
        x0, x1 = scale.x(seg.start), scale.x(seg.end)
        if band and x1 - x0 > 3:
            # A span of days (a workshop), or a soft span (a month, a year).
            shade = QColor(fill)
            shade.setAlpha(60 if item.soft else 110)
            p.fillRect(QRectF(x0, cy - 3, x1 - x0, 6), shade)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(edge, 1.2)
        if item.approximate:
            pen.setStyle(Qt.PenStyle.DotLine)
        p.setPen(pen)
        # Hollow when the day is not known: a year or a month, not a fake 1 January.
        p.setBrush(style.BACKGROUND if item.soft else fill)
        p.drawEllipse(QPointF(x, cy), MARKER_R, MARKER_R)
        if item.id == self.selected:
            p.setPen(QPen(style.SELECTED, 2.5))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(QPointF(x, cy), MARKER_R + 3, MARKER_R + 3)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)

    def _paint_cluster(self, p: QPainter, count: int, x: float, cy: float, vector: bool) -> QRectF:
        text = str(count) if count < 1000 else f"{count // 1000}k"
        w = max(18.0, self.text_width(text) + 8.0)
        rect = QRectF(x - w / 2.0, cy - 8.0, w, 16.0)
        if vector:
            self._draw_badge(p, rect, text)
            return rect
        badge = self._badges.get(text)
        if badge is None:
            ratio = self.devicePixelRatioF()
            badge = QPixmap(math.ceil(w * ratio), round(16 * ratio))
            badge.setDevicePixelRatio(ratio)
            badge.fill(Qt.GlobalColor.transparent)
            bp = QPainter(badge)
            bp.setFont(self.bold)
            self._draw_badge(bp, QRectF(0, 0, w, 16.0), text)
            bp.end()
            self._badges[text] = badge
        p.drawPixmap(QPointF(rect.left(), rect.top()), badge)
        return rect

    def _draw_badge(self, p: QPainter, rect: QRectF, text: str) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(style.CLUSTER_BG)
        p.drawRoundedRect(rect, 8.0, 8.0)
        p.setPen(style.CLUSTER_TEXT)
        p.setFont(self.bold)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        p.setFont(self.font_)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)

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
        else:
            super().keyPressEvent(event)

    def tooltip_text(self, pos: QPointF) -> str:
        """The hover text at `pos`: title, dates and kind; or a cluster's contents."""
        hit = self.hit_at(pos)
        if hit is None or hit.what == "header":
            return ""
        if hit.what == "cluster":
            first, last = hit.items[0], hit.items[-1]
            names = "<br>".join(html.escape(i.label) for i in hit.items[:5])
            more = f"<br>… and {len(hit.items) - 5} more" if len(hit.items) > 5 else ""
            span = f"{_date_text(first.anchor)} – {_date_text(last.anchor)}"
            hint = "<br><i>click to zoom in</i>"
            return f"<b>{len(hit.items)} records</b>, {span}<br>{names}{more}{hint}"
        item = hit.items[0]
        return (
            f"<b>{html.escape(item.title)}</b><br>{html.escape(item.date_text)}"
            f"<br><i>{html.escape(item.kind.value)}</i>"
        )

    def event(self, event) -> bool:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_text(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


def _date_text(day: float) -> str:
    date = dt.date.fromordinal(max(int(day), 1))
    return f"{date.day} {date:%b %Y}"


@lru_cache(maxsize=20_000)
def _soft_brush(seg: Segment, kind: Kind, in_force: bool) -> QBrush:
    """A segment's fading brush, relative to the rectangle it fills, so one
    brush serves every zoom and pan."""
    colour = style.segment_colour(kind, seg.style, in_force)
    grad = QLinearGradient(0.0, 0.0, 1.0, 0.0)
    grad.setCoordinateMode(QGradient.CoordinateMode.ObjectBoundingMode)
    faint = QColor(colour)
    faint.setAlpha(40)
    span = max(seg.end - seg.start, 1.0)
    grad.setColorAt(0.0, faint if seg.fade_in else colour)
    grad.setColorAt(min(seg.fade_in / span, 1.0), colour)
    grad.setColorAt(max(1.0 - seg.fade_out / span, 0.0), colour)
    grad.setColorAt(1.0, QColor(0, 0, 0, 0) if seg.style is SegmentStyle.OPEN else faint)
    return QBrush(grad)


class _BarBatch:
    """Bar segments, outlines and labels of a frame, grouped by how they are
    drawn so each group is one Qt call (`drawRects`, `drawLines`) rather than
    one call per segment."""

    def __init__(self) -> None:
        self.fills: dict[tuple[Kind, SegmentStyle, bool], list[QRectF]] = {}
        self.soft: list[tuple[QRectF, QBrush]] = []
        self.hatched: dict[Kind, list[QRectF]] = {}
        self.dashed: dict[Kind, list[QRectF]] = {}
        self.edges: dict[Kind, list[QLineF]] = {}
        self.in_force: list[QRectF] = []
        self.selected: list[QRectF] = []
        self.labels: list[tuple[QPointF, str]] = []

    def segment(
        self, item: TimelineItem, seg: Segment, x0: float, x1: float, y: float, in_force: bool
    ) -> None:
        x1 = max(x1, x0 + 1.0)
        rect = QRectF(x0, y, x1 - x0, BAR_H)
        kind = item.kind
        if (seg.fade_in or seg.fade_out) and x1 - x0 > 3:
            # A start or end known only to the year or month, or not at all: soft.
            self.soft.append((rect, _soft_brush(seg, kind, in_force)))
        else:
            self.fills.setdefault((kind, seg.style, in_force), []).append(rect)
        if seg.style is SegmentStyle.CONDITIONAL:
            self.hatched.setdefault(kind, []).append(rect)
        if seg.approximate:
            self.dashed.setdefault(kind, []).append(rect)
        elif seg.style is not SegmentStyle.OPEN and x1 - x0 > 2:
            # The segment's left edge shows where each term or extension begins.
            self.edges.setdefault(kind, []).append(QLineF(x0, y, x0, y + BAR_H))

    def flush(self, p: QPainter) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        for (kind, seg_style, in_force), rects in self.fills.items():
            p.setBrush(style.segment_colour(kind, seg_style, in_force))
            p.drawRects(rects)
        for rect, brush in self.soft:
            p.setBrush(brush)
            p.drawRect(rect)
        for kind, rects in self.hatched.items():
            p.setBrush(QBrush(style.KIND_EDGE[kind], Qt.BrushStyle.BDiagPattern))
            p.drawRects(rects)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for kind, rects in self.dashed.items():
            p.setPen(QPen(style.KIND_EDGE[kind], 1.0, Qt.PenStyle.DashLine))
            p.drawRects(rects)
        for kind, lines in self.edges.items():
            p.setPen(style.KIND_EDGE[kind])
            p.drawLines(lines)
        if self.in_force:
            p.setPen(QPen(style.IN_FORCE, 1.5))
            p.drawRects(self.in_force)
        if self.selected:
            p.setPen(QPen(style.SELECTED, 2.5))
            p.drawRects(self.selected)
        p.setPen(style.LABEL_TEXT)
        for point, text in self.labels:
            p.drawText(point, text)
