"""The main window's menus and actions: where each item goes, and where features add theirs.

File ends with Quit, whatever features add above it; View lists the view tabs
(Ctrl+1, Ctrl+2, …), the panels, the layout and the text size; Record holds what
can be done to the record shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from ijref.ui.host import MenuName
from ijref.ui.icons import icon

__all__ = ["WindowMenus", "make_action"]

Keys = str | QKeySequence | QKeySequence.StandardKey


def make_action(
    owner: QWidget,
    text: str,
    slot: Callable[[], Any],
    keys: Keys | Sequence[Keys] = (),
    icon_name: str = "",
) -> QAction:
    """An action of `owner` with its shortcuts (working anywhere in the window) and a
    tooltip that names them."""
    action = QAction(icon(icon_name) if icon_name else QIcon(), text, owner)
    shortcuts: list[QKeySequence] = []
    for seq in _sequences(keys):
        if seq not in shortcuts:  # a duplicate would make the shortcut ambiguous
            shortcuts.append(seq)
    action.setShortcuts(shortcuts)
    hint = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in shortcuts)
    action.setToolTip(f"{text} ({hint})" if hint else text)
    action.triggered.connect(slot)
    owner.addAction(action)
    return action


def _sequences(keys: Keys | Sequence[Keys]) -> list[QKeySequence]:
    found: list[QKeySequence] = []
    for key in list(keys) if isinstance(keys, list | tuple) else [keys]:
        if isinstance(key, QKeySequence.StandardKey):
            found.extend(QKeySequence.keyBindings(key))
        elif isinstance(key, QKeySequence):
            found.append(key)
        else:
            found.append(QKeySequence(str(key)))
    return found


class WindowMenus:
    """The menu bar of one window, and the places in it that grow."""

    def __init__(self, bar: QMenuBar) -> None:
        file_menu = bar.addMenu("&File")
        self._quit_line = file_menu.addSeparator()  # features' items go above it
        self.menus: dict[MenuName, QMenu] = {"file": file_menu}
        self.menus["edit"] = bar.addMenu("&Edit")
        self.menus["go"] = bar.addMenu("&Go")
        self.record = bar.addMenu("&Record")
        view = self.menus["view"] = bar.addMenu("&View")
        self._tabs_end = view.addSeparator()  # Record, Timeline, … go above it
        self.panels = QMenu("&Panels", view)  # one item per dock, in the window's group
        self.menus["help"] = bar.addMenu("&Help")

    def add(self, menu: MenuName, actions: Sequence[QAction]) -> None:
        """A group of items at the end of a menu (in File: above Quit), after a line."""
        target = self.menus[menu]
        if menu == "file":
            if target.actions()[0] is not self._quit_line:
                target.insertSeparator(self._quit_line)
            target.insertActions(self._quit_line, list(actions))
        else:
            target.addSeparator()  # a leading one is not drawn
            target.addActions(list(actions))

    def add_quit(self, action: QAction) -> None:
        self.menus["file"].addAction(action)

    def add_tab(self, action: QAction) -> None:
        self.menus["view"].insertAction(self._tabs_end, action)

    def every(self) -> Iterable[QMenu]:
        """Every menu, for Help ▸ Keyboard shortcuts."""
        return [*self.menus.values(), self.record]
