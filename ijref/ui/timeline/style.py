"""Colours of the timeline: a light set and a dark set that follows the app's theme.

Exports always use the light set: they end up printed or pasted into briefs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QColor

from ijref.domain.records import Kind
from ijref.ui.timeline.model import SegmentStyle

__all__ = ["DARK", "LIGHT", "Colours"]


@dataclass(frozen=True, eq=False)
class Colours:
    """One set of timeline colours; `name` keys caches built from it."""

    name: str
    background: QColor
    lane_shade: QColor
    header_bg: QColor
    header_text: QColor
    axis_bg: QColor
    axis_text: QColor
    grid_major: QColor
    grid_minor: QColor
    label_text: QColor
    today: QColor
    cursor: QColor
    selected: QColor
    in_force: QColor
    in_force_fill: QColor
    cluster_bg: QColor
    cluster_text: QColor
    disputed: QColor  # the span over which sources give a date differently
    kind_fill: dict[Kind, QColor]
    kind_edge: dict[Kind, QColor]
    _segments: dict[tuple[Kind, SegmentStyle, bool], QColor] = field(
        default_factory=dict, repr=False
    )

    def segment(self, kind: Kind, style: SegmentStyle, in_force: bool) -> QColor:
        """The fill of one bar segment: extensions lighter than the first term."""
        key = (kind, style, in_force)
        found = self._segments.get(key)
        if found is None:
            base = self.in_force_fill if in_force else self.kind_fill.get(kind, QColor("#aaaaaa"))
            if style in (SegmentStyle.EXTENSION, SegmentStyle.AUTOMATIC):
                found = base.lighter(112 if style is SegmentStyle.EXTENSION else 120)
            elif style is SegmentStyle.CONDITIONAL:
                found = base.lighter(130)
            else:
                found = base
            self._segments[key] = found
        return found


LIGHT = Colours(
    name="light",
    background=QColor("#ffffff"),
    lane_shade=QColor("#f6f7f9"),
    header_bg=QColor("#e8ebf0"),
    header_text=QColor("#27313d"),
    axis_bg=QColor("#fbfbfc"),
    axis_text=QColor("#3a4450"),
    grid_major=QColor("#d5d9e0"),
    grid_minor=QColor("#eceef2"),
    label_text=QColor("#15202b"),
    today=QColor("#d0342c"),
    cursor=QColor("#1f5fbf"),
    selected=QColor("#e07000"),
    in_force=QColor("#2e8b57"),
    in_force_fill=QColor("#9ad0ae"),
    cluster_bg=QColor("#5b6b7f"),
    cluster_text=QColor("#ffffff"),
    disputed=QColor("#c27c0e"),
    kind_fill={
        Kind.AGREEMENT: QColor("#8fb3de"),
        Kind.PROGRAMME: QColor("#f0c27a"),
        Kind.EVENT: QColor("#8e3b6e"),
    },
    kind_edge={
        Kind.AGREEMENT: QColor("#3b6ea5"),
        Kind.PROGRAMME: QColor("#b07a22"),
        Kind.EVENT: QColor("#5e1f47"),
    },
)

DARK = Colours(
    name="dark",
    background=QColor("#1e2024"),
    lane_shade=QColor("#25282d"),
    header_bg=QColor("#30343a"),
    header_text=QColor("#e1e3e6"),
    axis_bg=QColor("#2a2d32"),
    axis_text=QColor("#c8ccd2"),
    grid_major=QColor("#41464e"),
    grid_minor=QColor("#2f3237"),
    label_text=QColor("#eceef0"),
    today=QColor("#ff6b61"),
    cursor=QColor("#6fa3ff"),
    selected=QColor("#ffa040"),
    in_force=QColor("#5fd08f"),
    in_force_fill=QColor("#2f6b4a"),
    cluster_bg=QColor("#7d8ca0"),
    cluster_text=QColor("#101215"),
    disputed=QColor("#f0b040"),
    kind_fill={
        Kind.AGREEMENT: QColor("#35587f"),
        Kind.PROGRAMME: QColor("#7d5f27"),
        Kind.EVENT: QColor("#d678b4"),
    },
    kind_edge={
        Kind.AGREEMENT: QColor("#7aa7dc"),
        Kind.PROGRAMME: QColor("#e0b060"),
        Kind.EVENT: QColor("#f0a0d0"),
    },
)
