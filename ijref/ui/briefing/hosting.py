"""Briefings in a window, through its typed host (`WindowHost`): the Briefings panel
(a tab beside the sector tree, hidden until first used), "Add to briefing" on the
record shown (Record menu, the record's context menu, Ctrl+Shift+B, a button in its
header) and on the records picked in the tree, the search results and the
bookmarks (selected, all, or those with a tag), and the File menu's briefing items.

The panel joins once the notes are open: briefings live in the same database.
Everything heavy is imported then, off the path to the first window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QMenu, QToolButton

from ijref.ui.host import DockPlace, RecordChoice, RecordLinks

if TYPE_CHECKING:
    from ijref.ui.briefing.output import BriefingOutput
    from ijref.ui.briefing.panel import BriefingsPanel
    from ijref.ui.host import WindowHost
    from ijref.ui.userdata.integration import UserDataUi
    from ijref.ui.userdata.startup import UserDataStarter

__all__ = ["ADD_SHORTCUT", "BRIEFINGS_PLACE", "BriefingUi", "host_briefings"]

ADD_SHORTCUT = "Ctrl+Shift+B"
# Behind the sector tree until first used: the record and the results keep their room.
BRIEFINGS_PLACE = DockPlace(Qt.DockWidgetArea.LeftDockWidgetArea, visible=False, tab_with="Sectors")


def _count(n: int, one: str, many: str) -> str:
    return one if n == 1 else many.format(n=n)


class BriefingUi(QObject):
    """The briefing features of one window, over the user's store."""

    def __init__(
        self,
        host: WindowHost,
        userdata: UserDataUi,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(host.window())
        from ijref.ui.briefing.output import BriefingOutput
        from ijref.ui.briefing.panel import BriefingsPanel

        services = host.services
        assert services is not None  # the notes open only after the catalog
        catalog = services.catalog
        self.host = host
        self.userdata = userdata
        self.panel: BriefingsPanel = BriefingsPanel(
            userdata.store,
            catalog.titles(),
            catalog,
            [s.id for s in host.outline.sectors if s.id],
            today,
        )
        self.output: BriefingOutput = BriefingOutput(host.window(), userdata.store, catalog, today)
        self.dock = host.add_dock(
            self.panel,
            "Briefings",
            BRIEFINGS_PLACE,
            RecordLinks(opens=self.panel.recordActivated),
            focus=self.panel.view,
        )
        self.dock.visibilityChanged.connect(self._shown)
        userdata.refreshed.connect(self.panel.refresh)
        for source in (self.panel.message, self.output.message):
            source.connect(lambda text: host.show_message(text, 10000))
        self.panel.exportRequested.connect(self.output.ask_export)
        self.panel.previewRequested.connect(self.output.preview)
        self.panel.printRequested.connect(self.output.print_)

        self.add_action = QAction("Add to briefing", self)
        self.add_action.setShortcut(QKeySequence(ADD_SHORTCUT))
        self.add_action.setToolTip(f"Add this record to the briefing ({ADD_SHORTCUT})")
        self.add_action.triggered.connect(self.add_current)
        host.add_record_action(self.add_action)
        button = QToolButton()
        button.setDefaultAction(self.add_action)
        button.setText("＋ Briefing")
        button.setAutoRaise(True)
        button.setAccessibleName("Add to briefing")
        host.add_record_tool(button)
        self.add_button = button

        self.file_actions = [
            self._action("New briefing…", self.panel.new_briefing),
            self._action("Preview briefing…", partial(self._on_current, self.output.preview)),
            self._action(
                "Export briefing (PDF, ODT, Markdown)…",
                partial(self._on_current, self.output.ask_export),
            ),
            self._action("Print briefing…", partial(self._on_current, self.output.print_)),
        ]
        host.add_menu_actions("file", self.file_actions)
        host.add_choice_actions(self._choice_actions)
        self._bookmarks()

    def _action(self, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        return action

    def _shown(self, visible: bool) -> None:
        if visible:
            self.panel.refresh()

    def show_panel(self) -> None:
        self.host.reveal_dock(self.dock)

    # ------------------------------------------------------------------ adding
    def add(self, record_ids: Iterable[str]) -> None:
        """Add records to the briefing shown in the panel, and show the panel."""
        ids = list(record_ids)
        self.show_panel()
        if self.panel.add_records(ids) is not None:
            self.panel.view.scrollToBottom()

    def add_current(self) -> None:
        current = self.host.current_record()
        if current:
            self.add([current])
        else:
            self.host.show_message("Open a record first, then add it", 5000)

    def _on_current(self, slot: Callable[[int], object]) -> None:
        briefing = self.panel.current()
        if briefing is None:
            self.show_panel()
            self.host.show_message("Start a briefing first: New…", 5000)
            return
        slot(briefing.id)

    def _offer(self, label: str, ids: Sequence[str]) -> QAction:
        action = QAction(label, self)
        action.triggered.connect(partial(self.add, list(ids)))
        return action

    def _choice_actions(self, choice: RecordChoice) -> list[QAction]:
        """What the tree's and the results' context menus offer on the records picked."""
        out = []
        if choice.selected:
            n = len(choice.selected)
            noun = "records" if choice.source == "tree" else "results"
            label = _count(n, "Add to briefing", f"Add {{n}} {noun} to briefing")
            out.append(self._offer(label, choice.selected))
        if len(choice.listed) > 1:
            label = f"Add all {len(choice.listed)} results to briefing"
            out.append(self._offer(label, choice.listed))
        return out

    # -------------------------------------------------------------- bookmarks
    def bookmarks_menu(self) -> QMenu:
        """The Bookmarks panel's context menu as it would open now."""
        from ijref.ui.userdata.models import ID_ROLE

        menu = QMenu(self.userdata.bookmarks)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view = self.userdata.bookmarks.view
        rows = sorted(view.selectionModel().selectedRows(), key=lambda i: i.row())
        chosen = list(dict.fromkeys(str(i.data(ID_ROLE)) for i in rows if i.data(ID_ROLE)))
        if chosen:
            label = _count(len(chosen), "Add to briefing", "Add {n} to briefing")
            menu.addAction(self._offer(label, chosen))
        marks = list(reversed(self.userdata.store.bookmarks()))  # oldest first
        if marks:
            label = _count(
                len(marks), "Add the bookmark to briefing", "Add all {n} bookmarks to briefing"
            )
            menu.addAction(self._offer(label, [b.record_id for b in marks]))
        tags = sorted({t for b in marks for t in b.tags}, key=str.casefold)
        if tags:
            tagged = menu.addMenu("Add bookmarks tagged")
            for tag in tags:
                ids = [b.record_id for b in marks if tag in b.tags]
                tagged.addAction(self._offer(f"{tag} ({len(ids)})", ids))
        return menu

    def _bookmarks(self) -> None:
        view = self.userdata.bookmarks.view
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        def show(at: QPoint) -> None:
            menu = self.bookmarks_menu()
            if menu.actions():
                menu.popup(view.viewport().mapToGlobal(at))
            else:
                menu.close()

        view.customContextMenuRequested.connect(show)


def host_briefings(host: WindowHost, starter: UserDataStarter) -> None:
    """Add briefings to the window of `host` once `starter` has opened the user's notes."""

    def installed(userdata: UserDataUi) -> None:
        BriefingUi(host, userdata)  # the window's child: it lives as long as the window

    starter.installed.connect(installed)
