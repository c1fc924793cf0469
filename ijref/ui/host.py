"""The typed seam between the main window and the features that hang off it.

A feature (bookmarks and notes, the timeline, briefings, data packs) is given a
`WindowHost` and uses only what it declares: it adds docks, views, menu items
and record actions through it, and learns what is shown from its signals. The
main window implements it; nothing looks the window's parts up by name.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings, SignalInstance
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDockWidget, QWidget

    from ijref.catalog.outline import Outline
    from ijref.ui.services import Services
    from ijref.ui.zoom import ReadingZoom

__all__ = [
    "NO_LINKS",
    "ChoiceActions",
    "DockPlace",
    "MenuName",
    "NoteSearcher",
    "RecordChoice",
    "RecordLinks",
    "WindowHost",
]

# The window's menus a feature may add to ("file" items go above Quit).
MenuName = Literal["file", "edit", "go", "view", "help"]

# `UserStore.search_notes`: text, limit → note hits, called in the search worker.
NoteSearcher = Callable[[str, int], Sequence[Any]]


@dataclass(frozen=True)
class DockPlace:
    """Where a dock sits in the default layout (View ▸ Reset layout puts it back there).

    Attributes:
        area: the side of the window.
        visible: shown in the default layout (a dock that appears when it has
            something to show, like the note editor, is not).
        tab_with: the title of a dock it shares a tabbed place with (behind it).
        size: its share of the window in the default layout: width for the left and
            right areas, height for the bottom, as a fraction of the window.
    """

    area: Qt.DockWidgetArea
    visible: bool = True
    tab_with: str = ""
    size: float = 0.0


@dataclass(frozen=True)
class RecordLinks:
    """How a hosted widget takes part in record navigation (both optional).

    Attributes:
        opens: a `Signal(str)` the widget emits to open a record.
        follows: called with the id of each record shown, to follow the selection.
    """

    opens: SignalInstance | None = None
    follows: Callable[[str], object] | None = None


NO_LINKS = RecordLinks()


@dataclass(frozen=True)
class RecordChoice:
    """Records a person picked in one of the window's lists of records.

    Attributes:
        source: `tree` (the sector tree) or `results` (the search results).
        selected: the record ids selected there, in the list's order (several with
            Ctrl or Shift).
        listed: every record id the list shows, in its order (all the results of
            the search; empty for the tree, which lists the whole catalog).
    """

    source: Literal["tree", "results"]
    selected: tuple[str, ...]
    listed: tuple[str, ...] = ()


# Given what was picked, the actions to offer on it (none: nothing to offer).
ChoiceActions = Callable[[RecordChoice], Sequence["QAction"]]


class WindowHost(Protocol):
    """What a feature may use of the main window.

    Signals (read-only attributes):
        servicesReady(Services): the full catalog and search are open.
        recordShown(str): the Record view now shows this record.
        noteActivated(int): a note was picked in the search results.
    """

    @property
    def settings(self) -> QSettings: ...

    @property
    def outline(self) -> Outline: ...

    @property
    def services(self) -> Services | None: ...

    @property
    def servicesReady(self) -> SignalInstance: ...

    @property
    def recordShown(self) -> SignalInstance: ...

    @property
    def noteActivated(self) -> SignalInstance: ...

    @property
    def zoom(self) -> ReadingZoom: ...

    def window(self) -> QWidget:
        """The window itself, to parent dialogs and objects that live as long as it."""
        ...

    def current_record(self) -> str | None:
        """The record the Record view shows (None before one is shown)."""
        ...

    def show_record(self, record_id: str) -> None:
        """Open a record in the Record view."""
        ...

    def add_dock(
        self,
        widget: QWidget,
        title: str,
        place: DockPlace,
        links: RecordLinks = NO_LINKS,
        *,
        focus: QWidget | None = None,
    ) -> QDockWidget:
        """Add a dock the user can move, close or float; F6 reaches `focus` (or `widget`)."""
        ...

    def add_view(
        self,
        widget: QWidget,
        title: str,
        links: RecordLinks = NO_LINKS,
        *,
        wide: bool = False,
        focus: QWidget | None = None,
    ) -> int:
        """Add a tab beside "Record"; a `wide` view gets the whole width while it is shown.
        F6 reaches `focus` (or `widget`)."""
        ...

    def show_view(self, widget: QWidget) -> None:
        """Bring a view added with `add_view` to the front."""
        ...

    def add_menu_actions(self, menu: MenuName, actions: Sequence[QAction]) -> None:
        """Add a group of items to one of the window's menus (in the File menu, above Quit)."""
        ...

    def add_record_action(self, action: QAction) -> None:
        """An action on the record shown: in the record's context menu, with its shortcut
        working anywhere in the window; enabled only while a record is shown."""
        ...

    def add_record_tool(self, widget: QWidget) -> None:
        """Put a small widget (a star, a notes button) in the record's header row."""
        ...

    def add_choice_actions(self, make: ChoiceActions) -> None:
        """Actions on the records picked in the tree or the search results, in those
        lists' context menus; `make` is asked each time one opens."""
        ...

    def reveal_dock(self, dock: QDockWidget) -> None:
        """Show a dock this host added (at its default size the first time), in front."""
        ...

    def show_message(self, text: str, msecs: int = 8000) -> None:
        """One line in the status bar."""
        ...

    def show_lasting_notice(self, text: str, tooltip: str) -> None:
        """A short notice that stays in the status bar (e.g. "Notes unavailable")."""
        ...

    def mark_records(self, ids: Collection[str]) -> None:
        """The records that carry the user's notes, marked wherever records are listed."""
        ...

    def mark_changed(self, changes: Mapping[str, str]) -> None:
        """Records a data update made `new`, `changed` or `renamed` that the user has not
        opened yet (id → which), marked wherever records are listed."""
        ...

    def set_note_search(self, searcher: NoteSearcher | None) -> None:
        """Search the user's notes with the records (None: stop, once no search runs)."""
        ...

    def search_again(self) -> None:
        """Ask the search shown again (notes changed under it)."""
        ...
