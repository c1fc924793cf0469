"""Moving between the window's panes from the keyboard: F6 and Shift+F6, and a visible focus.

Tab moves between the controls of a pane and on to the next; F6 jumps from pane
to pane (search field, sector tree, record, search results, note, …) as in
browsers and mail readers, skipping the panes that are closed or hidden.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

__all__ = ["FOCUS_STYLE", "Pane", "PaneCycler", "next_in_chain", "seen", "tab_stops"]

# A frame in the selection colour around the list, tree or text that has the focus,
# so a keyboard user sees where typing goes (the styles' own cue is a faint line).
FOCUS_STYLE = """
QAbstractItemView:focus, QTextEdit:focus, QPlainTextEdit:focus, QGraphicsView:focus {
    border: 2px solid palette(highlight);
}
"""


@dataclass(frozen=True)
class Pane:
    """One stop of F6: the area it covers and the widget that takes the focus there."""

    name: str
    area: QWidget
    focus: QWidget


class PaneCycler:
    """The panes in F6 order; `step(+1)` moves the focus to the next one shown.

    Args:
        rank: orders the panes (by where they are in the window: a dock moved to
            the other side moves in the cycle too); panes of one rank keep the
            order they were added in.
    """

    def __init__(self, rank: Callable[[Pane], int] = lambda _pane: 0) -> None:
        self._panes: list[Pane] = []
        self._rank = rank

    def add(self, name: str, area: QWidget, focus: QWidget | None = None) -> None:
        """Add a pane at the end of the cycle (`focus` defaults to the area itself)."""
        self._panes.append(Pane(name, area, focus or area))

    def ordered(self) -> list[Pane]:
        """Every pane, in F6 order."""
        return sorted(self._panes, key=self._rank)

    def available(self) -> list[Pane]:
        """The panes a person can reach now, in F6 order: on screen and enabled.

        A dock behind another in a tabbed place counts as visible to Qt; what
        a person sees of it is nothing, so it is not a stop.
        """
        return [p for p in self.ordered() if seen(p.focus) and p.focus.isEnabled()]

    def current(self) -> Pane | None:
        """The pane holding the keyboard focus, if any."""
        widget = QApplication.focusWidget()
        while widget is not None:
            for pane in self._panes:
                if widget is pane.area or widget is pane.focus:
                    return pane
            widget = widget.parentWidget()
        return None

    def step(self, direction: int) -> Pane | None:
        """Focus the next (+1) or previous (−1) pane shown; returns it."""
        shown = self.available()
        if not shown:
            return None
        here = self.current()
        if here in shown:
            target = shown[(shown.index(here) + direction) % len(shown)]
        else:
            target = shown[0] if direction > 0 else shown[-1]
        target.focus.setFocus(Qt.FocusReason.OtherFocusReason)
        return target

    def chain_tab_order(self) -> None:
        """Tab goes pane by pane in F6 order; within a pane, in the pane's own order."""
        stops: list[QWidget] = []
        for pane in self.ordered():
            stops.extend(tab_stops(pane.area))
        for first, second in itertools.pairwise(stops):
            if first.window() is second.window():  # a floating dock is a window of its own
                QWidget.setTabOrder(first, second)


def seen(widget: QWidget) -> bool:
    """Whether any of `widget` is on screen (not hidden, behind a tab or scrolled away)."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def next_in_chain(start: QWidget, forward: bool) -> QWidget | None:
    """The next widget Tab (or Shift+Tab) should reach from `start`: one a person can see."""
    widget: QWidget | None = start
    while True:
        assert widget is not None
        widget = widget.nextInFocusChain() if forward else widget.previousInFocusChain()
        if widget is None or widget is start:
            return None
        if (
            widget.window() is start.window()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.focusProxy() is None
            and widget.isEnabled()
            and seen(widget)
        ):
            return widget


def tab_stops(area: QWidget) -> list[QWidget]:
    """The widgets inside `area` that Tab stops at, in their focus-chain order."""
    stops: list[QWidget] = []
    if area.focusPolicy() & Qt.FocusPolicy.TabFocus and area.focusProxy() is None:
        stops.append(area)
    widget = area.nextInFocusChain()
    while widget is not area and widget is not None:
        if (
            area.isAncestorOf(widget)
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.focusProxy() is None
        ):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops
