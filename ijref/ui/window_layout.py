"""The window's layout: where its docks go by default, what is restored, what a wide view hides.

The default layout is made for a laptop (1366×768, or 1280×720 at 150 %): the
record gets the middle and most of the width, the sector tree (with Bookmarks
and Notes as tabs beside it) the left, search results the right once there is
a search, and the note editor the room under the record once there is a note.
A wide view (the timeline) gets the whole width while it is shown.

This is the only place that reads or writes the window's saved geometry and
dock layout (`window/geometry`, `window/state`).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QObject, QRect, QSettings, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from ijref.ui.host import DockPlace
from ijref.ui.screen_fit import PREFERRED_SIZE, fit_window

__all__ = ["GEOMETRY_KEY", "LAYOUT_VERSION", "STATE_KEY", "WindowLayout"]

# The window's own area (without the frame) when not maximized, and whether it was.
# Kept as a plain rectangle: Qt's saveGeometry also stores a frame it guesses when no
# window manager reports one, and the window moves down by that much at each start.
GEOMETRY_KEY = "window/rect"
MAXIMIZED_KEY = "window/maximized"
STATE_KEY = "window/state"
# Saved with the state; a layout saved by an older version (another dock arrangement)
# is not restored, and the window starts with this version's default instead.
LAYOUT_VERSION = 2
_HORIZONTAL = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)


@dataclass
class _Dock:
    dock: QDockWidget
    place: DockPlace
    sized: bool = False  # given its default size since the layout was set up


class WindowLayout(QObject):
    """Places the docks of one main window and keeps its geometry on screen."""

    def __init__(self, window: QMainWindow, settings: QSettings) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._docks: dict[str, _Dock] = {}
        self._restored = False  # the saved dock layout was applied at the first show
        self._first_start: QRect | None = None  # no saved geometry: the first one given
        self._shown = False
        self._wide_hidden: list[QDockWidget] | None = None
        # Under the record, not under the side panels: the bottom area spans the middle.
        window.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        window.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)

    # ---------------------------------------------------------------- docks
    def add(self, dock: QDockWidget, key: str, place: DockPlace) -> None:
        """Put a new dock in its default place, or where the saved layout had it.

        `key` names it for `DockPlace.tab_with` (the main window uses the dock's title).
        """
        self._docks[key] = _Dock(dock, place)
        if self._restored and self._window.restoreDockWidget(dock):
            self._docks[key].sized = dock.isVisible()
            return
        self._place(key)
        if self._shown:
            self._size(key)

    def dock(self, key: str) -> QDockWidget | None:
        entry = self._docks.get(key)
        return entry.dock if entry is not None else None

    def docks(self) -> list[QDockWidget]:
        return [d.dock for d in self._docks.values()]

    def _place(self, key: str, *, keep_shown: bool = False) -> None:
        entry = self._docks[key]
        dock, place = entry.dock, entry.place
        was_shown = dock.isVisible()
        dock.setFloating(False)
        self._window.addDockWidget(place.area, dock)
        partner = self._docks.get(place.tab_with)
        if partner is not None and partner.dock is not dock:
            self._window.tabifyDockWidget(partner.dock, dock)
            partner.dock.raise_()  # the first of a tabbed place stays in front
        # A dock shown when it has something to show (results, a note) keeps showing it.
        dock.setVisible(place.visible or (keep_shown and was_shown))

    def _size(self, key: str) -> None:
        """Give a shown dock its default share of the window."""
        entry = self._docks[key]
        if entry.sized or not entry.dock.isVisible() or entry.place.size <= 0:
            return
        entry.sized = True
        horizontal = entry.place.area in _HORIZONTAL
        whole = self._window.width() if horizontal else self._window.height()
        orientation = Qt.Orientation.Horizontal if horizontal else Qt.Orientation.Vertical
        self._window.resizeDocks([entry.dock], [int(whole * entry.place.size)], orientation)

    def reveal(self, dock: QDockWidget) -> None:
        """Show a dock (with its default size the first time) and bring it to the front."""
        dock.show()
        dock.raise_()
        for key, entry in self._docks.items():
            if entry.dock is dock:
                self._size(key)

    def reset(self) -> None:
        """Put every dock back in its default place and size (View ▸ Reset layout)."""
        self.set_wide(False)
        for key in self._docks:
            self._docks[key].sized = False
            self._place(key, keep_shown=True)
        for key in self._docks:
            self._size(key)

    # ----------------------------------------------------------- wide views
    @property
    def wide(self) -> bool:
        return self._wide_hidden is not None

    def set_wide(self, wide: bool) -> None:
        """Hide the side panels for a view that needs the width (True); bring them back."""
        if wide and self._wide_hidden is None:
            self._wide_hidden = [
                d.dock
                for d in self._docks.values()
                if d.dock.isVisible() and not d.dock.isFloating()
            ]
            for dock in self._wide_hidden:
                dock.hide()
        elif not wide and self._wide_hidden is not None:
            hidden, self._wide_hidden = self._wide_hidden, None
            for dock in hidden:
                dock.show()

    # --------------------------------------------------- geometry and state
    def restore_geometry(self) -> None:
        """The saved geometry made to fit the screen, or a first one that fits."""
        rect = self._settings.value(GEOMETRY_KEY)
        if isinstance(rect, QRect) and rect.isValid():
            self._window.setGeometry(rect)
            fit_window(self._window)
            if str(self._settings.value(MAXIMIZED_KEY, "false")).lower() == "true":
                self._window.setWindowState(Qt.WindowState.WindowMaximized)
        else:
            fit_window(self._window, first=True)
            self._first_start = self._window.geometry()

    def first_show(self) -> None:
        """Restore the saved dock layout (docks added later follow in `add`), or size the
        default one now that the window has its size."""
        self._shown = True
        first = self._first_start
        # Smaller than it would like: a window manager gives it the whole work area.
        if (
            first is not None
            and self._window.geometry() == first
            and first.size() != PREFERRED_SIZE
        ):
            self._window.setWindowState(self._window.windowState() | Qt.WindowState.WindowMaximized)
        state = self._settings.value(STATE_KEY)
        if isinstance(state, QByteArray) and self._window.restoreState(state, LAYOUT_VERSION):
            self._restored = True
            for entry in self._docks.values():
                entry.sized = entry.dock.isVisible()
        else:
            for key in self._docks:
                self._size(key)

    def refit(self) -> bool:
        """Make the shown window fit its screen again, now that its real frame is known
        (a first start takes all the room that frame leaves, where it needs it)."""
        first = self._first_start is not None and self._window.geometry() == self._first_start
        self._first_start = None
        return fit_window(self._window, first=first)

    def save(self) -> None:
        """Write geometry and dock layout (with the panels a wide view hid shown again)."""
        self.set_wide(False)
        self._settings.setValue(GEOMETRY_KEY, self._window.normalGeometry())
        self._settings.setValue(MAXIMIZED_KEY, self._window.isMaximized())
        self._settings.setValue(STATE_KEY, self._window.saveState(LAYOUT_VERSION))
