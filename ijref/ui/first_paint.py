"""Noticing the first paint of a widget, to start slow work only once the window is up."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

__all__ = ["FirstPaint"]


class FirstPaint(QObject):
    """Emits `painted()` once, right after `widget` has been painted for the first time."""

    painted = Signal()

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._widget = widget
        self._seen = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._seen and watched is self._widget and event.type() == QEvent.Type.Paint:
            self._seen = True
            self._widget.removeEventFilter(self)
            # Queued, so it fires after this paint event has been handled.
            QTimer.singleShot(0, self.painted.emit)
        return False
