"""Larger or smaller reading text (Ctrl+= / Ctrl+− / Ctrl+0) in the record and note views.

One zoom for every reading view, remembered between sessions: a diplomat who
needs larger text needs it in the record and in their notes alike.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QWidget

__all__ = ["FACTORS", "ReadingZoom"]

# Text size as a factor of the widget's own font; index DEFAULT is 100 %.
FACTORS = (0.8, 0.9, 1.0, 1.1, 1.25, 1.4, 1.6, 1.8, 2.0)
DEFAULT = FACTORS.index(1.0)
SETTINGS_KEY = "view/zoom"


class ReadingZoom(QObject):
    """The zoom step of the reading views; `register` a view to have it follow.

    Signals:
        changed(float): the new factor (1.0 is the normal size).
    """

    changed = Signal(float)

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._views: list[tuple[QWidget, float]] = []
        try:
            step = int(str(settings.value(SETTINGS_KEY, DEFAULT)))
        except ValueError:
            step = DEFAULT
        self._step = min(max(step, 0), len(FACTORS) - 1)

    @property
    def factor(self) -> float:
        return FACTORS[self._step]

    def register(self, view: QWidget) -> None:
        """Scale `view`'s text with the zoom from now on (its font now is 100 %)."""
        self._views.append((view, view.font().pointSizeF()))
        view.destroyed.connect(lambda: self._forget(view))
        self._apply(view, self._views[-1][1])

    def _forget(self, view: QObject) -> None:
        self._views = [(v, size) for v, size in self._views if v is not view]

    def zoom_in(self) -> None:
        self._set(self._step + 1)

    def zoom_out(self) -> None:
        self._set(self._step - 1)

    def reset(self) -> None:
        self._set(DEFAULT)

    def _set(self, step: int) -> None:
        step = min(max(step, 0), len(FACTORS) - 1)
        if step == self._step:
            return
        self._step = step
        self._settings.setValue(SETTINGS_KEY, step)
        for view, base in self._views:
            self._apply(view, base)
        self.changed.emit(self.factor)

    def _apply(self, view: QWidget, base: float) -> None:
        if base <= 0:  # a font sized in pixels: left as it is
            return
        font = view.font()
        font.setPointSizeF(round(base * self.factor, 1))
        view.setFont(font)
