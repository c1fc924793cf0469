"""Colours and fonts of the timeline, in one place."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor

from ijref.domain.records import Kind
from ijref.ui.timeline.model import SegmentStyle

BACKGROUND = QColor("#ffffff")
LANE_SHADE = QColor("#f6f7f9")
HEADER_BG = QColor("#e8ebf0")
HEADER_TEXT = QColor("#27313d")
AXIS_BG = QColor("#fbfbfc")
AXIS_TEXT = QColor("#3a4450")
GRID_MAJOR = QColor("#d5d9e0")
GRID_MINOR = QColor("#eceef2")
LABEL_TEXT = QColor("#15202b")
TODAY = QColor("#d0342c")
CURSOR = QColor("#1f5fbf")
SELECTED = QColor("#e07000")
IN_FORCE = QColor("#2e8b57")
CLUSTER_BG = QColor("#5b6b7f")
CLUSTER_TEXT = QColor("#ffffff")

KIND_COLOUR = {
    Kind.AGREEMENT: QColor("#8fb3de"),
    Kind.PROGRAMME: QColor("#f0c27a"),
    Kind.EVENT: QColor("#8e3b6e"),
}
KIND_EDGE = {
    Kind.AGREEMENT: QColor("#3b6ea5"),
    Kind.PROGRAMME: QColor("#b07a22"),
    Kind.EVENT: QColor("#5e1f47"),
}


@cache
def segment_colour(kind: Kind, style: SegmentStyle, in_force: bool) -> QColor:
    """The fill of one bar segment: extensions lighter than the first term."""
    base = QColor("#9ad0ae") if in_force else KIND_COLOUR.get(kind, QColor("#aaaaaa"))
    if style in (SegmentStyle.EXTENSION, SegmentStyle.AUTOMATIC):
        return base.lighter(112 if style is SegmentStyle.EXTENSION else 120)
    if style is SegmentStyle.CONDITIONAL:
        return base.lighter(130)
    return base
