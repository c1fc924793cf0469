"""A figure's history as a small line drawing, for the record page."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

__all__ = ["SPARK_HEIGHT", "SPARK_WIDTH", "sparkline"]

SPARK_WIDTH = 140
SPARK_HEIGHT = 32
_PAD = 4.0


def sparkline(
    points: Sequence[tuple[float, float]],
    colour: QColor,
    *,
    size: tuple[int, int] = (SPARK_WIDTH, SPARK_HEIGHT),
    ratio: float = 1.0,
) -> QImage:
    """The points (day, value) joined by a line, placed by date, one dot each.

    The x axis is time, so uneven gaps between dates show as such; the y axis runs
    from the smallest value to the largest (or sits in the middle when all agree).
    `ratio` is the screen's device pixel ratio, for a sharp image on HiDPI screens.
    """
    width, height = size
    image = QImage(round(width * ratio), round(height * ratio), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(ratio)
    image.fill(Qt.GlobalColor.transparent)
    if not points:
        return image
    days = [d for d, _ in points]
    values = [v for _, v in points]
    d0, d1 = min(days), max(days)
    v0, v1 = min(values), max(values)

    def place(day: float, value: float) -> QPointF:
        x = _PAD + (day - d0) / (d1 - d0) * (width - 2 * _PAD) if d1 > d0 else width / 2
        y = (
            height / 2
            if v1 == v0
            else height - _PAD - (value - v0) / (v1 - v0) * (height - 2 * _PAD)
        )
        return QPointF(x, y)

    placed = [place(d, v) for d, v in sorted(points)]
    p = QPainter(image)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(QPen(colour, 1.5))
        p.drawPolyline(placed)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        for point in placed:
            p.drawEllipse(point, 2.2, 2.2)
    finally:
        p.end()
    return image
