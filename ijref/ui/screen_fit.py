"""Keeping the main window on its screen: a first size that fits, and a saved one made to fit.

A laptop's 1366×768 screen (or 1920×1080 at 150 %, 1280×720 to Qt) is smaller
than the window the app would like; a window saved on a large monitor no longer
fits once the laptop is unplugged from it. Either way the whole window, frame
included, must lie inside the screen's available area (without panels and docks
of the desktop).
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

__all__ = ["PREFERRED_SIZE", "first_geometry", "fit_inside", "fit_window", "screen_of"]

# What the window asks for on a screen with room to spare.
PREFERRED_SIZE = QSize(1440, 900)
# A window manager's title bar and borders, assumed until the real frame is known.
ASSUMED_FRAME = QMargins(4, 32, 4, 4)


def fit_inside(frame: QRect, available: QRect) -> QRect:
    """`frame` moved, and shrunk where it must be, to lie inside `available`."""
    width = min(frame.width(), available.width())
    height = min(frame.height(), available.height())
    left = min(max(frame.left(), available.left()), available.right() + 1 - width)
    top = min(max(frame.top(), available.top()), available.bottom() + 1 - height)
    return QRect(left, top, width, height)


def first_geometry(available: QRect, frame: QMargins, preferred: QSize = PREFERRED_SIZE) -> QRect:
    """The client area of a window opened for the first time: centred, the frame inside."""
    room = available.marginsRemoved(frame)
    size = preferred.boundedTo(room.size())
    rect = QRect(0, 0, size.width(), size.height())
    rect.moveCenter(room.center())
    return rect


def screen_of(window: QWidget) -> QScreen | None:
    """The screen the window is on, or the primary one before it is placed."""
    return window.screen() or QGuiApplication.primaryScreen()


def _frame_margins(window: QWidget) -> QMargins:
    handle = window.windowHandle()
    if window.isVisible() and handle is not None:
        return handle.frameMargins()
    return ASSUMED_FRAME


def fit_window(window: QWidget, *, first: bool = False) -> bool:
    """Place a window for the first time (`first`), or make the one it has fit its screen.

    Returns whether the geometry was changed.
    """
    screen = screen_of(window)
    if screen is None:
        return False
    available = screen.availableGeometry()
    margins = _frame_margins(window)
    if first:
        window.setGeometry(first_geometry(available, margins))
        return True
    if window.isMaximized() or window.isFullScreen():
        return False  # the window manager sizes those to the screen itself
    frame = window.geometry().marginsAdded(margins)
    fitted = fit_inside(frame, available)
    if fitted == frame:
        return False
    window.setGeometry(fitted.marginsRemoved(margins))
    return True
