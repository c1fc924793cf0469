"""Lanes and rows: where each item sits vertically, with no two bars overlapping.

Each expanded lane has a header, a marker row for events and as many bar rows as
its agreements and programmes need. Rows are packed once per filter (not per
frame); within a row items do not overlap, so their starts and ends are both
sorted and the visible ones are found with `bisect`.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ijref.ui.timeline.model import Lane, Shape, TimelineItem

__all__ = ["AXIS_H", "BAR_ROW_H", "HEADER_H", "MARKER_ROW_H", "LaneBox", "Row", "TimelineLayout"]

AXIS_H = 30.0
HEADER_H = 20.0
MARKER_ROW_H = 24.0
BAR_ROW_H = 17.0
LANE_GAP = 6.0
# Days kept free between two bars in one row, so they read as separate.
ROW_GAP_DAYS = 30.0


@dataclass(slots=True)
class Row:
    """Items that do not overlap, sorted by start."""

    items: list[TimelineItem] = field(default_factory=list)
    starts: list[float] = field(default_factory=list)
    ends: list[float] = field(default_factory=list)

    def add(self, item: TimelineItem) -> None:
        self.items.append(item)
        self.starts.append(item.start)
        self.ends.append(item.end)

    def visible(self, lo: float, hi: float) -> range:
        """Indexes of items overlapping [lo, hi] (ends are sorted too)."""
        return range(bisect_right(self.ends, lo), bisect_left(self.starts, hi))


def pack_rows(items: Iterable[TimelineItem], gap: float = ROW_GAP_DAYS) -> list[Row]:
    """Greedy interval partitioning: the fewest rows with no overlaps.

    Items go in order of start, each into the row that came free first.
    """
    rows: list[Row] = []
    free: list[tuple[float, int]] = []  # (day the row is free from, row index)
    for item in sorted(items, key=lambda i: (i.start, i.end, i.id)):
        if free and free[0][0] <= item.start:
            _, index = heapq.heappop(free)
        else:
            index = len(rows)
            rows.append(Row())
        rows[index].add(item)
        heapq.heappush(free, (item.end + gap, index))
    return rows


@dataclass(slots=True)
class LaneBox:
    """A lane with its rows and where it sits, in content coordinates."""

    lane: Lane
    markers: list[TimelineItem]
    marker_days: list[float]
    rows: list[Row]
    collapsed: bool
    summary: list[TimelineItem] = field(default_factory=list)
    summary_days: list[float] = field(default_factory=list)
    top: float = 0.0
    count: int = 0

    @property
    def marker_h(self) -> float:
        """The marker row's height: none in an expanded lane without events; a
        collapsed lane keeps it for its summary strip."""
        return MARKER_ROW_H if self.markers or self.collapsed else 0.0

    @property
    def height(self) -> float:
        if self.collapsed:
            return HEADER_H + MARKER_ROW_H
        return HEADER_H + self.marker_h + BAR_ROW_H * len(self.rows) + LANE_GAP

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def marker_y(self) -> float:
        """Centre line of the marker row."""
        return self.top + HEADER_H + MARKER_ROW_H / 2.0

    def row_top(self, index: int) -> float:
        return self.top + HEADER_H + self.marker_h + BAR_ROW_H * index


class TimelineLayout:
    """Every lane's rows and vertical position (below the axis)."""

    def __init__(
        self,
        lanes: Sequence[Lane],
        items: Iterable[TimelineItem],
        collapsed: Iterable[str] = (),
    ) -> None:
        by_lane: dict[str, list[TimelineItem]] = {lane.id: [] for lane in lanes}
        for item in items:
            by_lane.setdefault(item.lane, []).append(item)
        shut = set(collapsed)
        self.boxes: list[LaneBox] = []
        for lane in lanes:
            members = by_lane.get(lane.id, [])
            if not members:
                continue  # an empty lane says nothing; filters hide it
            markers = sorted(
                (i for i in members if i.shape is Shape.MARKER), key=lambda i: (i.anchor, i.id)
            )
            rows = pack_rows(i for i in members if i.shape is not Shape.MARKER)
            box = LaneBox(lane, markers, [m.anchor for m in markers], rows, lane.id in shut)
            # A collapsed lane shows everything in it as one strip of markers
            # and clusters, each record at its start.
            box.summary = sorted(members, key=lambda i: (i.anchor, i.id))
            box.summary_days = [i.anchor for i in box.summary]
            box.count = len(members)
            self.boxes.append(box)
        self.relayout()
        spans = [(i.start, i.end) for b in self.boxes for r in b.rows for i in r.items]
        spans += [(i.start, i.end) for b in self.boxes for i in b.markers]
        self.start = min((s for s, _ in spans), default=0.0)
        self.end = max((e for _, e in spans), default=1.0)

    def relayout(self) -> None:
        """Recompute each lane's top after a lane was collapsed or expanded."""
        y = AXIS_H
        for box in self.boxes:
            box.top = y
            y += box.height
        self.height = y

    def set_collapsed(self, lane_id: str, collapsed: bool) -> None:
        for box in self.boxes:
            if box.lane.id == lane_id:
                box.collapsed = collapsed
        self.relayout()

    def box(self, lane_id: str) -> LaneBox | None:
        return next((b for b in self.boxes if b.lane.id == lane_id), None)

    def locate(self, record_id: str) -> tuple[LaneBox, int, TimelineItem] | None:
        """The first lane, row (-1 for the marker row) and item showing a record."""
        for box in self.boxes:
            for m in box.markers:
                if m.id == record_id:
                    return box, -1, m
            for index, row in enumerate(box.rows):
                for item in row.items:
                    if item.id == record_id:
                        return box, index, item
        return None
