"""Exporting the visible timeline to PNG and SVG, drawn by the view's own painter,
always in the light colours (exports get printed and pasted into briefs)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator

from ijref.domain.errors import UserFacingError
from ijref.ui.timeline.canvas import TimelineCanvas
from ijref.ui.timeline.style import LIGHT

__all__ = ["export_png", "export_svg", "render_image"]


def render_image(canvas: TimelineCanvas, scale: float = 1.0) -> QImage:
    """The visible timeline as an image (`scale` 2 for a sharper copy)."""
    w, h = canvas.width(), canvas.height()
    image = QImage(int(w * scale), int(h * scale), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    painter = QPainter(image)
    try:
        canvas.paint_frame(painter, w, h, colours=LIGHT)
    finally:
        painter.end()
    return image


def _check_folder(path: Path) -> None:
    if not path.parent.is_dir():
        raise UserFacingError(f"cannot export to {path}: the folder does not exist; pick another")


def export_png(canvas: TimelineCanvas, path: Path) -> Path:
    """Write the visible timeline to `path` as PNG.

    Raises:
        UserFacingError: when the file cannot be written.
    """
    _check_folder(path)
    # The stubs say bytes, PySide6 6.11 accepts only str for the format.
    if not render_image(canvas, 2.0).save(str(path), "PNG"):  # type: ignore[call-overload]
        raise UserFacingError(f"cannot write {path}; check the folder is writable")
    return path


def export_svg(canvas: TimelineCanvas, path: Path) -> Path:
    """Write the visible timeline to `path` as SVG, with labels as text.

    Raises:
        UserFacingError: when the file cannot be written.
    """
    _check_folder(path)
    w, h = canvas.width(), canvas.height()
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(w, h))
    generator.setViewBox(QRect(0, 0, w, h))
    generator.setTitle("ijref timeline")
    generator.setDescription("India–Japan cooperation in science and technology over time")
    painter = QPainter()
    if not painter.begin(generator):
        raise UserFacingError(f"cannot write {path}; check the folder is writable")
    try:
        canvas.paint_frame(painter, w, h, vector=True, colours=LIGHT)
    finally:
        painter.end()
    return path
