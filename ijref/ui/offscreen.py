"""Checking that the app draws its window, without a screen (for `ijref --self-test`)."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from ijref.domain.errors import UserFacingError

__all__ = ["OFFSCREEN_NOISE", "check_screenshot"]

# What the offscreen platform says about window-manager requests it has no use for;
# nothing is wrong, and the self-test's output is one line.
OFFSCREEN_NOISE = frozenset(
    {
        "This plugin does not support propagateSizeHints()",
        "This plugin does not support raise()",
    }
)


def _quiet_offscreen(_kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    if message not in OFFSCREEN_NOISE:
        sys.stderr.write(message + "\n")


def check_screenshot(take: Callable[[Path], int]) -> str:
    """Have `take(png)` render the main window to `png`, then check the picture.

    `take` is the app's own `--screenshot` path, so the check covers the same
    wiring a user starts. Qt draws offscreen (so this runs over SSH or on a
    locked screen) unless an application exists already: Qt fixes the platform
    when the application is created, so an existing one (tests) is reused.

    Raises:
        UserFacingError: when the app failed or the picture is blank.
    """
    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    previous = qInstallMessageHandler(_quiet_offscreen)
    try:
        with tempfile.TemporaryDirectory(prefix="ijref-selftest-") as tmp:
            png = Path(tmp) / "window.png"
            code = take(png)
            image = QImage(str(png))
    finally:
        qInstallMessageHandler(previous)
    if code != 0 or image.isNull():
        raise UserFacingError(f"the app could not draw its window (exit {code}); reinstall ijref")
    # A blank picture (one colour everywhere) means nothing was drawn.
    grid = {
        image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 37)
    }
    if len(grid) < 2:
        raise UserFacingError("the main window drew nothing; reinstall ijref")
    return f"{image.width()}x{image.height()} drawn on {QApplication.platformName()}"
