"""Painting one frame of the timeline: axis, lanes, bars, markers, clusters, labels.

No QGraphicsItem per record: a frame walks the visible lanes and rows (found
by y), the visible items in each row (found with `bisect`), the marker groups
of each marker row (`legibility.groups`) and the labels that fit
(`legibility.place_labels`), and draws bar segments in batches. The widget,
the PNG and the SVG export all paint through `FramePainter.paint`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QGradient,
    QLinearGradient,
    QPainter,
    QPen,
    QPixmap,
)

from ijref.domain.records import Kind
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
from ijref.ui.timeline.scale import TimeScale, day_of
from ijref.ui.timeline.style import LIGHT, Colours
from ijref.ui.timeline.ticks import ticks

__all__ = ["BAR_H", "MARKER_R", "FramePainter", "RawHit", "ViewState", "date_text"]

BAR_H = 11.0
MARKER_R = 4.5

# What a frame drew where: (rect, what, record id, lane id, members, first, last);
# `what` is "item", "cluster" or "header".
RawHit = tuple[QRectF, str, str, str, Sequence[TimelineItem], int, int]


class ViewState(Protocol):
    """What a frame shows: the view's zoom, scroll, selection and dates."""

    layout_: TimelineLayout | None
    scale: TimeScale
    vscroll: float
    selected: str | None
    in_force: frozenset[str]
    cursor_day: float
    today: dt.date


class FramePainter:
    """Draws frames; keeps what outlives one frame (fonts, text widths, badges)."""

    def __init__(self, font: QFont) -> None:
        self.font_ = QFont(font)
        self.font_.setPointSizeF(8.5)
        self.bold = QFont(self.font_)
        self.bold.setBold(True)
        metrics = QFontMetricsF(self.font_)
        self.text_width = TextWidths(metrics.horizontalAdvance)
        self._ascent = metrics.ascent()
        self._badges: dict[str, QPixmap] = {}
        self.pixel_ratio = 1.0  # of the device being painted, set per frame
        self.colours: Colours = LIGHT
        self.hits: list[RawHit] = []

    def paint(
        self,
        p: QPainter,
        view: ViewState,
        size: tuple[int, int],
        vector: bool = False,
        colours: Colours = LIGHT,
    ) -> list[RawHit]:
        """Draw one frame of the visible timeline and return what it drew where.

        Args:
            vector: draw clusters as shapes and text rather than cached pixmaps
                (for SVG export).
            colours: the light or the dark set.
        """
        width, height = size
        self.view = view
        self.colours = colours
        device = p.device()
        self.pixel_ratio = device.devicePixelRatioF() if device is not None else 1.0
        self.hits = []
        scale = view.scale if view.scale.width == width else view.scale.resized(width)
        p.fillRect(QRectF(0, 0, width, height), self.colours.background)
        p.setFont(self.font_)
        tick_list = ticks(scale)
        p.setClipRect(QRectF(0, AXIS_H, width, height - AXIS_H))
        for tick in tick_list:
            x = round(scale.x(tick.day)) + 0.5
            p.setPen(self.colours.grid_major if tick.major else self.colours.grid_minor)
            p.drawLine(QPointF(x, AXIS_H), QPointF(x, height))
        if self.view.layout_ is not None:
            for box in self.view.layout_.boxes:
                top = box.top - self.view.vscroll
                if top + box.height < AXIS_H or top > height:
                    continue
                self._paint_lane(p, box, scale, size=(width, height), vector=vector)
        self._paint_line(
            p, scale, day_of(self.view.today), height, colour=self.colours.today, dashed=True
        )
        self._paint_line(
            p, scale, self.view.cursor_day, height, colour=self.colours.cursor, dashed=False
        )
        p.setClipping(False)
        self._paint_axis(p, scale, tick_list, width)
        return self.hits

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
        p.fillRect(QRectF(0, 0, width, AXIS_H), self.colours.axis_bg)
        p.setPen(self.colours.grid_major)
        p.drawLine(QPointF(0, AXIS_H - 0.5), QPointF(width, AXIS_H - 0.5))
        last_right = -math.inf
        for tick in tick_list:
            x = scale.x(tick.day)
            p.setPen(self.colours.axis_text)
            p.drawLine(QPointF(x, AXIS_H - (8 if tick.major else 4)), QPointF(x, AXIS_H))
            w = self.text_width(tick.label)
            if x + 3 >= last_right + 6:
                p.setFont(self.bold if tick.major else self.font_)
                p.drawText(QPointF(x + 3, AXIS_H - 10), tick.label)
                last_right = x + 3 + w
        p.setFont(self.font_)
        # Today and the state-on-date cursor, with their dates on the axis.
        for day, colour, text in (
            (day_of(self.view.today), self.colours.today, "today"),
            (self.view.cursor_day, self.colours.cursor, date_text(self.view.cursor_day)),
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
                p.fillRect(QRectF(left, 1, w, 12), self.colours.axis_bg)
                p.drawText(QPointF(left + 3, 11), text)
        p.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_lane(
        self, p: QPainter, box: LaneBox, scale: TimeScale, *, size: tuple[int, int], vector: bool
    ) -> None:
        width, height = size
        top = box.top - self.view.vscroll
        p.fillRect(QRectF(0, top + HEADER_H, width, box.height - HEADER_H), self.colours.lane_shade)
        if box.collapsed:
            self._paint_markers(p, box, scale, vector=vector, summary=True)
        else:
            self._paint_markers(p, box, scale, vector=vector, summary=False)
            lo, hi = scale.left, scale.right
            first = max(0, int((AXIS_H - (box.row_top(0) - self.view.vscroll)) // BAR_ROW_H))
            last = min(
                len(box.rows), int((height - (box.row_top(0) - self.view.vscroll)) // BAR_ROW_H) + 1
            )
            batch = _BarBatch(self.colours)
            for index in range(first, last):
                self._paint_row(batch, box, index, scale, (lo, hi))
            batch.flush(p)
        # The header last, so a bar label never covers a lane's name.
        if top + HEADER_H >= AXIS_H:
            header = QRectF(0, top, width, HEADER_H)
            p.fillRect(header, self.colours.header_bg)
            p.setPen(self.colours.header_text)
            p.setFont(self.bold)
            arrow = "▸" if box.collapsed else "▾"
            p.drawText(QPointF(6, top + 14), f"{arrow} {box.lane.title}  ({box.count})")
            p.setFont(self.font_)
            self.hits.append((header, "header", "", box.lane.id, (), 0, 0))

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
        y = box.row_top(index) - self.view.vscroll + (BAR_ROW_H - BAR_H) / 2.0
        visible = row.visible(lo, hi)
        if not visible:
            return
        candidates: list[tuple[float, float, int]] = []
        edges: list[float] = []  # left edge of each visible bar, for the labels
        left_day, ppd = scale.left, scale.px_per_day
        in_force_ids = self.view.in_force
        lane_id = box.lane.id
        hits = self.hits
        width_of = self.text_width
        segment = batch.segment
        items = row.items
        first = visible.start
        for k in visible:
            item = items[k]
            x0 = (item.start - left_day) * ppd
            x1 = max((item.end - left_day) * ppd, x0 + 1.0)
            edges.append(x0)
            in_force = item.id in in_force_ids
            for seg in item.segments:
                segment(
                    item, seg, (seg.start - left_day) * ppd, (seg.end - left_day) * ppd, y, in_force
                )
            for a, b in item.disputes:
                xa = (a - left_day) * ppd
                batch.disputes.append(
                    QRectF(xa, y - 2.0, max((b - left_day) * ppd - xa, 3.0), BAR_H + 4.0)
                )
            rect = QRectF(x0, y, x1 - x0, BAR_H)
            if item.id == self.view.selected:
                batch.selected.append(rect.adjusted(-1.5, -1.5, 1.5, 1.5))
            elif in_force:
                batch.in_force.append(rect)
            hits.append((rect, "item", item.id, lane_id, (item,), 0, 1))
            left = (x0 if x0 > 0.0 else 0.0) + 3.0
            candidates.append((left, left + width_of(item.label), k - first))
        baseline = y + BAR_H - 2.0
        for j in place_labels(candidates, edges):
            batch.labels.append((max(edges[j], 0.0) + 3.0, baseline, items[first + j].label))

    def _paint_markers(
        self, p: QPainter, box: LaneBox, scale: TimeScale, *, vector: bool, summary: bool
    ) -> None:
        """The marker row: events, or in a collapsed lane every record."""
        cy = box.marker_y - self.view.vscroll
        if cy < AXIS_H - MARKER_ROW_H:
            return
        markers = box.summary if summary else box.markers
        found = groups(box.summary_days if summary else box.marker_days, scale)
        candidates: list[tuple[float, float, int]] = []
        edges: list[float] = []  # left edge of each drawn marker or badge
        for index, group in enumerate(found):
            x = group.x
            if group.count == 1:
                item = markers[group.first]
                self._paint_marker(p, item, x, cy, scale, band=not summary)
                rect = QRectF(x - 6, cy - 7, 12, 14)
                edges.append(x - MARKER_R - 1.5)
                self.hits.append((rect, "item", item.id, box.lane.id, (item,), 0, 1))
                left = x + 7.0
                candidates.append((left, left + self.text_width(item.label), index))
            else:
                rect = self._paint_cluster(p, group.count, x, cy, vector)
                edges.append(rect.left())
                self.hits.append(
                    (rect, "cluster", "", box.lane.id, markers, group.first, group.last)
                )
        p.setPen(self.colours.label_text)
        for index in place_labels(candidates, edges):
            group = found[index]
            item = markers[group.first]
            p.drawText(QPointF(group.x + 7.0, cy + self._ascent / 2.0 - 1.0), item.label)

    def _paint_marker(
        self, p: QPainter, item: TimelineItem, x: float, cy: float, scale: TimeScale, *, band: bool
    ) -> None:
        edge = self.colours.kind_edge[item.kind]
        fill = self.colours.kind_fill[item.kind]
        seg = item.segments[0]
        x0, x1 = scale.x(seg.start), scale.x(seg.end)
        if band and x1 - x0 > 3:
            # A span of days (a workshop), or a soft span (a month, a year).
            shade = QColor(fill)
            shade.setAlpha(60 if item.soft else 110)
            p.fillRect(QRectF(x0, cy - 3, x1 - x0, 6), shade)
        if band:
            for a, b in item.disputes:
                xa, xb = scale.x(a), scale.x(b)
                _paint_dispute(p, QRectF(xa, cy - 6.5, max(xb - xa, 3.0), 13.0), self.colours)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(edge, 1.2)
        if item.approximate:
            pen.setStyle(Qt.PenStyle.DotLine)
        p.setPen(pen)
        # Hollow when the day is not known: a year or a month, not a fake 1 January.
        p.setBrush(self.colours.background if item.soft else fill)
        p.drawEllipse(QPointF(x, cy), MARKER_R, MARKER_R)
        if item.id == self.view.selected:
            p.setPen(QPen(self.colours.selected, 2.5))
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
        key = f"{self.colours.name}:{self.pixel_ratio}:{text}"
        badge = self._badges.get(key)
        if badge is None:
            ratio = self.pixel_ratio
            badge = QPixmap(math.ceil(w * ratio), round(16 * ratio))
            badge.setDevicePixelRatio(ratio)
            badge.fill(Qt.GlobalColor.transparent)
            bp = QPainter(badge)
            bp.setFont(self.bold)
            self._draw_badge(bp, QRectF(0, 0, w, 16.0), text)
            bp.end()
            self._badges[key] = badge
        p.drawPixmap(QPointF(rect.left(), rect.top()), badge)
        return rect

    def _draw_badge(self, p: QPainter, rect: QRectF, text: str) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.colours.cluster_bg)
        p.drawRoundedRect(rect, 8.0, 8.0)
        p.setPen(self.colours.cluster_text)
        p.setFont(self.bold)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        p.setFont(self.font_)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)


def date_text(day: float) -> str:
    date = dt.date.fromordinal(max(int(day), 1))
    return f"{date.day} {date:%b %Y}"


def _paint_dispute(p: QPainter, rect: QRectF, colours: Colours) -> None:
    """The span over which sources give a date differently: amber, dashed, see-through."""
    shade = QColor(colours.disputed)
    shade.setAlpha(55)
    p.fillRect(rect, shade)
    p.setPen(QPen(colours.disputed, 1.2, Qt.PenStyle.DashLine))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(rect)


@lru_cache(maxsize=20_000)
def _soft_brush(seg: Segment, kind: Kind, in_force: bool, colours: Colours) -> QBrush:
    """A segment's fading brush, relative to the rectangle it fills, so one
    brush serves every zoom and pan."""
    colour = colours.segment(kind, seg.style, in_force)
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

    def __init__(self, colours: Colours) -> None:
        self.colours = colours
        self.fills: dict[tuple[Kind, SegmentStyle, bool], list[QRectF]] = {}
        self.soft: list[tuple[QRectF, QBrush]] = []
        self.hatched: dict[Kind, list[QRectF]] = {}
        self.dashed: dict[Kind, list[QRectF]] = {}
        self.edges: dict[Kind, list[QLineF]] = {}
        self.in_force: list[QRectF] = []
        self.selected: list[QRectF] = []
        self.disputes: list[QRectF] = []
        self.labels: list[tuple[float, float, str]] = []  # x, baseline, text

    def segment(
        self, item: TimelineItem, seg: Segment, x0: float, x1: float, y: float, in_force: bool
    ) -> None:
        x1 = max(x1, x0 + 1.0)
        rect = QRectF(x0, y, x1 - x0, BAR_H)
        kind = item.kind
        if (seg.fade_in or seg.fade_out) and x1 - x0 > 3:
            # A start or end known only to the year or month, or not at all: soft.
            self.soft.append((rect, _soft_brush(seg, kind, in_force, self.colours)))
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
            p.setBrush(self.colours.segment(kind, seg_style, in_force))
            p.drawRects(rects)
        for rect, brush in self.soft:
            p.setBrush(brush)
            p.drawRect(rect)
        for kind, rects in self.hatched.items():
            p.setBrush(QBrush(self.colours.kind_edge[kind], Qt.BrushStyle.BDiagPattern))
            p.drawRects(rects)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for kind, rects in self.dashed.items():
            p.setPen(QPen(self.colours.kind_edge[kind], 1.0, Qt.PenStyle.DashLine))
            p.drawRects(rects)
        for kind, lines in self.edges.items():
            p.setPen(self.colours.kind_edge[kind])
            p.drawLines(lines)
        if self.in_force:
            p.setPen(QPen(self.colours.in_force, 1.5))
            p.drawRects(self.in_force)
        if self.selected:
            p.setPen(QPen(self.colours.selected, 2.5))
            p.drawRects(self.selected)
        for rect in self.disputes:
            _paint_dispute(p, rect, self.colours)
        p.setPen(self.colours.label_text)
        # drawText, not QStaticText: a static text drawn through a widget's
        # redirected painter landed rows away from its bar (Qt 6.11).
        for x, baseline, text in self.labels:
            p.drawText(QPointF(x, baseline), text)
