"""Putting briefings into the main window: the Briefings dock, the Briefing menu, and
"Add to briefing" wherever records are — the record's header and its context menu,
the tree (several selected), the search results, the bookmarks and their tags.

All of the window wiring is here, in one place. The panel joins once the notes
are open (briefings live in the same database); until then the actions are
off. Everything heavy is imported then, off the path to the first window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QMenu, QToolButton

if TYPE_CHECKING:
    from PySide6.QtWidgets import QAbstractItemView as View

    from ijref.ui.briefing.output import BriefingOutput
    from ijref.ui.briefing.panel import BriefingsPanel
    from ijref.ui.main_window import MainWindow
    from ijref.ui.userdata.integration import UserDataUi
    from ijref.ui.userdata.startup import UserDataStarter

__all__ = ["ADD_SHORTCUT", "BriefingUi", "host_briefings"]

ADD_SHORTCUT = "Ctrl+Shift+B"


class BriefingUi(QObject):
    """The briefing features of one main window, over the user's store."""

    def __init__(
        self,
        window: MainWindow,
        userdata: UserDataUi,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(window)
        from ijref.ui.briefing.output import BriefingOutput
        from ijref.ui.briefing.panel import BriefingsPanel

        services = window.services
        assert services is not None  # the notes open only after the catalog
        catalog = services.catalog
        self.window = window
        self.userdata = userdata
        self.panel: BriefingsPanel = BriefingsPanel(
            userdata.store,
            catalog.titles(),
            catalog,
            [s.id for s in window.outline.sectors if s.id],
            today,
        )
        self.output: BriefingOutput = BriefingOutput(window, userdata.store, catalog, today)
        self.dock = window.add_dock(self.panel, "Briefings", Qt.DockWidgetArea.LeftDockWidgetArea)
        window.tabifyDockWidget(userdata.notes_dock, self.dock)
        self.dock.hide()  # until used: the record and the results keep their room
        self.dock.visibilityChanged.connect(self._shown)
        userdata.refreshed.connect(self.panel.refresh)

        for source in (self.panel.message, self.output.message):
            source.connect(lambda text: window.statusBar().showMessage(text, 10000))
        self.panel.exportRequested.connect(self.output.ask_export)
        self.panel.previewRequested.connect(self.output.preview)
        self.panel.printRequested.connect(self.output.print_)

        self.add_action = QAction("Add to briefing", window)
        self.add_action.setShortcut(QKeySequence(ADD_SHORTCUT))
        self.add_action.setToolTip(f"Add this record to the briefing ({ADD_SHORTCUT})")
        self.add_action.triggered.connect(self.add_current)
        self._builders: dict[str, Callable[[QMenu], None]] = {}
        window.addAction(self.add_action)
        self._menu()
        self._record_header()
        self._tree()
        self._results()
        self._bookmarks()

    def _shown(self, visible: bool) -> None:
        if visible:
            self.panel.refresh()

    # ------------------------------------------------------------------ adding
    def add(self, record_ids: Iterable[str]) -> None:
        """Add records to the briefing shown in the panel, and show the panel."""
        ids = list(record_ids)
        self.dock.show()
        self.dock.raise_()
        if self.panel.add_records(ids) is not None:
            self.panel.view.scrollToBottom()

    def add_current(self) -> None:
        current = self.window.detail.current_id
        if current:
            self.add([current])
        else:
            self.window.statusBar().showMessage("Open a record first, then add it", 5000)

    def _menu(self) -> None:
        menu = QMenu("&Briefing", self.window)
        menu.addAction(self.add_action)
        menu.addAction("Show the Briefings panel", self._show_panel)
        menu.addAction("New briefing…", self.panel.new_briefing)
        menu.addSeparator()
        make: tuple[tuple[str, Callable[[int], object]], ...] = (
            ("Preview…", self.output.preview),
            ("Export (PDF, ODT, Markdown)…", self.output.ask_export),
            ("Print…", self.output.print_),
        )
        for text, slot in make:
            menu.addAction(text, partial(self._on_current, slot))
        bar = self.window.menuBar()
        last = bar.actions()[-1] if bar.actions() else None  # Help stays last
        bar.insertMenu(last, menu) if last else bar.addMenu(menu)
        self.menu = menu

    def _show_panel(self) -> None:
        self.dock.show()
        self.dock.raise_()

    def _on_current(self, slot: Callable[[int], object]) -> None:
        briefing = self.panel.current()
        if briefing is None:
            self._show_panel()
            self.window.statusBar().showMessage("Start a briefing first: New…", 5000)
            return
        slot(briefing.id)

    # ------------------------------------------------------------ the record
    def _record_header(self) -> None:
        detail = self.window.detail
        button = QToolButton()
        button.setDefaultAction(self.add_action)
        button.setText("＋ Briefing")
        button.setAutoRaise(True)
        button.setAccessibleName("Add to briefing")
        detail.add_tool(button)
        self.add_button = button
        browser = detail.browser
        browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        def menu(pos: QPoint) -> None:
            standard = browser.createStandardContextMenu(pos)
            if detail.current_id:
                standard.addSeparator()
                standard.addAction(self.add_action)
            standard.exec(browser.viewport().mapToGlobal(pos))
            standard.deleteLater()

        browser.customContextMenuRequested.connect(menu)

    # ----------------------------------------------------------------- lists
    def _context(self, name: str, view: View, build: Callable[[QMenu], None]) -> None:
        """Give `view` a context menu made by `build` each time it opens."""
        self._builders[name] = build
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        def show(pos: QPoint) -> None:
            menu = self.context_menu(name)
            if menu.actions():
                menu.exec(view.viewport().mapToGlobal(pos))
            menu.deleteLater()

        view.customContextMenuRequested.connect(show)

    def context_menu(self, name: str) -> QMenu:
        """The context menu of the tree, the results or the bookmarks, as it would open now."""
        menu = QMenu(self.window)
        self._builders[name](menu)
        return menu

    @staticmethod
    def _selected(view: View, role: int) -> list[str]:
        rows = sorted(view.selectionModel().selectedIndexes(), key=lambda i: (i.row(), i.column()))
        seen: dict[str, None] = {}
        for index in rows:
            value = index.data(role)
            if value:
                seen.setdefault(str(value), None)
        return list(seen)

    def _tree(self) -> None:
        from ijref.ui.tree_model import RECORD_ID_ROLE

        tree = self.window.sectors.tree
        tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)

        def build(menu: QMenu) -> None:
            ids = self._selected(tree, RECORD_ID_ROLE)
            if ids:
                label = (
                    "Add to briefing" if len(ids) == 1 else f"Add {len(ids)} records to briefing"
                )
                menu.addAction(label, lambda: self.add(ids))

        self._context("tree", tree, build)

    def _results(self) -> None:
        from ijref.ui.search_panel import HIT_ID_ROLE, NOTE_ID_ROLE

        results = self.window.results
        view = results.list
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)

        def record_hits(indexes: Iterable[QModelIndex]) -> list[str]:
            out: dict[str, None] = {}
            for index in indexes:
                if index.data(NOTE_ID_ROLE) is None and index.data(HIT_ID_ROLE):
                    out.setdefault(str(index.data(HIT_ID_ROLE)), None)
            return list(out)

        def build(menu: QMenu) -> None:
            picked: list[QModelIndex] = view.selectionModel().selectedIndexes()
            chosen = record_hits(sorted(picked, key=QModelIndex.row))
            model = results.model
            every = record_hits(model.index(r, 0) for r in range(model.rowCount()))
            if chosen:
                menu.addAction(
                    "Add to briefing" if len(chosen) == 1 else f"Add {len(chosen)} to briefing",
                    partial(self.add, chosen),
                )
            if len(every) > 1:
                menu.addAction(
                    f"Add all {len(every)} results to briefing", partial(self.add, every)
                )

        self._context("results", view, build)

    def _bookmarks(self) -> None:
        from ijref.ui.userdata.models import ID_ROLE

        view = self.userdata.bookmarks.view
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        store = self.userdata.store

        def build(menu: QMenu) -> None:
            chosen = self._selected(view, ID_ROLE)
            if chosen:
                menu.addAction(
                    "Add to briefing" if len(chosen) == 1 else f"Add {len(chosen)} to briefing",
                    partial(self.add, chosen),
                )
            marks = store.bookmarks()
            if marks:
                oldest_first = [b.record_id for b in reversed(marks)]
                menu.addAction(
                    f"Add all {len(marks)} bookmarks to briefing", partial(self.add, oldest_first)
                )
            tags = sorted({t for b in marks for t in b.tags}, key=str.casefold)
            if tags:
                sub = menu.addMenu("Add bookmarks tagged")
                for tag in tags:
                    ids = [b.record_id for b in reversed(marks) if tag in b.tags]
                    sub.addAction(f"{tag} ({len(ids)})", partial(self.add, ids))

        self._context("bookmarks", view, build)


def host_briefings(window: MainWindow, starter: UserDataStarter) -> None:
    """Add briefings to `window` once `starter` has opened the user's notes."""
    keep: list[BriefingUi] = []

    def installed(userdata: UserDataUi) -> None:
        keep.append(BriefingUi(window, userdata))
        # The window placed its docks before this one existed: place it now too.
        state = window.settings.value("window/state")
        if isinstance(state, QByteArray):
            window.restoreState(state)

    starter.installed.connect(installed)
    window.destroyed.connect(keep.clear)
