"""The pinned PySide6 survives many repaints of a Python paintEvent.

PySide6 6.12.0 on CPython 3.11 aborts with "none_dealloc" after a few thousand
calls of Qt methods returning None; a bad pin shows up here as a crash.
"""

from __future__ import annotations

from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

REPAINTS = 20_000


class Counting(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.painted = 0

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawLine(0, 0, self.width(), self.height())
        painter.end()
        self.painted += 1


def test_many_repaints_survive(qtbot) -> None:
    widget = Counting()
    qtbot.addWidget(widget)
    widget.resize(40, 30)
    with qtbot.waitExposed(widget):
        widget.show()
    before = widget.painted
    for _ in range(REPAINTS):
        widget.repaint()
    assert widget.painted - before == REPAINTS


def test_the_installed_pyside6_is_below_the_broken_release() -> None:
    import sys

    import PySide6

    major, minor = (int(x) for x in PySide6.__version__.split(".")[:2])
    if sys.version_info < (3, 12):
        assert (major, minor) < (6, 12), f"PySide6 {PySide6.__version__}: pin it below 6.12"
