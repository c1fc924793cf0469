"""Drawing the main window without a screen, for `ijref --self-test`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ijref.domain.errors import UserFacingError

__all__ = ["render_main_window"]


def render_main_window(build_root: Path, width: int = 1024, height: int = 700) -> str:
    """Build the main window over `build_root`, grab it, and describe what was drawn.

    Uses the offscreen platform (so it runs over SSH or on a locked screen)
    unless an application exists already: Qt fixes the platform when the
    application is created, so an existing one (tests) is reused as is.

    Raises:
        UserFacingError: when the window drew nothing.
    """
    from ijref.ui.main_window import MainWindow

    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # Held in a local: widgets need a live application object.
    _app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow(build_root)
    try:
        window.resize(width, height)
        image = window.grab().toImage()
        # A blank grab (one colour everywhere) means nothing was drawn.
        grid = {
            image.pixel(x, y)
            for x in range(0, image.width(), 37)
            for y in range(0, image.height(), 37)
        }
        if image.isNull() or len(grid) < 2:
            raise UserFacingError("the main window drew nothing; reinstall ijref")
        return f"{image.width()}x{image.height()} drawn on {QApplication.platformName()}"
    finally:
        window.close()
        window.deleteLater()
