"""Keeping a dense timeline legible: marker clusters and label culling.

Clusters come from a sorted array of marker days: the day line is cut into
cells of a power-of-two number of days at least `cell_px` wide at the current
zoom, and each non-empty cell is found with `bisect`, so a frame costs the
number of visible groups, not the number of events. Cells are fixed on the
day line, so a cluster does not change while you pan, and it splits as you
zoom in (each cell halves).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ijref.ui.timeline.scale import TimeScale

__all__ = ["Group", "LabelBox", "cell_days", "groups", "place_labels"]

CLUSTER_CELL_PX = 18.0
MIN_GAP_PX = 14.0


@dataclass(frozen=True, slots=True)
class Group:
    """Markers drawn as one: a single marker when `count` is 1, else a cluster.

    Attributes:
        first, last: index range in the sorted marker array (last exclusive).
        x: pixel x where it is drawn.
    """

    first: int
    last: int
    x: float

    @property
    def count(self) -> int:
        return self.last - self.first


def cell_days(px_per_day: float, cell_px: float = CLUSTER_CELL_PX) -> float:
    """The cell size in days: the smallest power of two at least `cell_px` wide."""
    want = cell_px / px_per_day
    return float(2.0 ** math.ceil(math.log2(max(want, 1e-9))))


def groups(
    days: Sequence[float],
    scale: TimeScale,
    cell_px: float = CLUSTER_CELL_PX,
    min_gap_px: float = MIN_GAP_PX,
    margin_px: float = 40.0,
) -> list[Group]:
    """The visible markers gathered so that no two groups are closer than
    `min_gap_px`; `days` must be sorted."""
    size = cell_days(scale.px_per_day, cell_px)
    lo = scale.day_at(-margin_px)
    hi = scale.day_at(scale.width + margin_px)
    out: list[Group] = []
    i = bisect_left(days, lo)
    n = len(days)
    x_of = scale.x
    while i < n and days[i] <= hi:
        cell_end = (math.floor(days[i] / size) + 1.0) * size
        j = bisect_left(days, cell_end, i)
        x = x_of((days[i] + days[j - 1]) / 2.0)
        if out and x - out[-1].x < min_gap_px:
            # Too close to the previous group: merge, placed at the middle of both.
            first = out[-1].first
            out[-1] = Group(first, j, x_of((days[first] + days[j - 1]) / 2.0))
        else:
            out.append(Group(i, j, x))
        i = j
    return out


class LabelBox(NamedTuple):
    """A label that would be drawn from `left` to `right` along one row; `key`
    is the index of the item it labels. A plain `(left, right, key)` tuple does
    as well (a frame makes hundreds)."""

    left: float
    right: float
    key: int


def place_labels(
    boxes: Sequence[tuple[float, float, int]],
    edges: Sequence[float] = (),
    gap: float = 4.0,
) -> list[int]:
    """Which labels to draw so that none overlaps another or covers the next item.

    Args:
        boxes: `(left, right, key)` of each label, sorted by `left`; `key` is the
            index in `edges` of the item it labels.
        edges: the left edge of each drawn item (a marker, a cluster badge, a
            bar), left to right.
        gap: free pixels kept between a label and what follows it.

    Greedy left to right: a label is kept when it starts after the last kept
    one ends and ends before the next item begins (items further right begin
    later still, so the next one is the only one to check).

    Returns:
        The keys of the kept labels, left to right.
    """
    kept: list[int] = []
    last_right = -math.inf
    n = len(edges)
    for left, right, key in boxes:
        if left < last_right + gap:
            continue
        if key + 1 < n and edges[key + 1] < right + gap:
            continue
        kept.append(key)
        last_right = right
    return kept


class TextWidths:
    """Text widths from a measuring function, cached by text (a frame asks
    for the same labels again and again)."""

    def __init__(self, measure: Callable[[str], float]) -> None:
        self._measure = measure
        self._cache: dict[str, float] = {}

    def __call__(self, text: str) -> float:
        width = self._cache.get(text)
        if width is None:
            width = self._cache[text] = self._measure(text)
        return width
