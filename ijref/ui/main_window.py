"""The main window: record views in the middle, search in the toolbar, panels around.

It implements `ijref.ui.host.WindowHost`, the typed seam features use to add
docks, views, menu items and record actions, and to learn what is shown.
Where the panels go, and what is saved of them, is `WindowLayout`'s job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any, Literal

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTabWidget,
    QWidget,
)

from ijref.catalog.outline import Outline
from ijref.ui.detail import DetailPane
from ijref.ui.history import History
from ijref.ui.host import (
    NO_LINKS,
    ChoiceActions,
    DockPlace,
    MenuName,
    NoteSearcher,
    RecordChoice,
    RecordLinks,
)
from ijref.ui.icons import icon
from ijref.ui.panes import FOCUS_STYLE, Pane, PaneCycler, next_in_chain
from ijref.ui.quick_open import QuickOpenDialog
from ijref.ui.search_controller import SearchController
from ijref.ui.search_panel import HIT_ID_ROLE, NOTE_ID_ROLE, SearchPanel
from ijref.ui.sector_panel import SectorPanel
from ijref.ui.services import Services
from ijref.ui.tree_model import RECORD_ID_ROLE
from ijref.ui.window_layout import WindowLayout
from ijref.ui.window_menus import WindowMenus, make_action
from ijref.ui.zoom import ReadingZoom

__all__ = ["NOTICE_NAME", "RESULTS_PLACE", "SECTORS_PLACE", "MainWindow"]

NOTICE_NAME = "lastingNotice"  # the status bar's lasting notice (e.g. "Notes unavailable")
VIEWS_MIN_WIDTH = 360
SECTORS_PLACE = DockPlace(Qt.DockWidgetArea.LeftDockWidgetArea, size=0.19)
RESULTS_PLACE = DockPlace(Qt.DockWidgetArea.RightDockWidgetArea, visible=False, size=0.31)
_AREA_RANK = {
    Qt.DockWidgetArea.LeftDockWidgetArea: 1,
    Qt.DockWidgetArea.TopDockWidgetArea: 2,
    Qt.DockWidgetArea.RightDockWidgetArea: 4,
    Qt.DockWidgetArea.BottomDockWidgetArea: 5,
}


def _ids(values: Iterable[object]) -> tuple[str, ...]:
    """The record ids among `values`, each once, in order."""
    return tuple(dict.fromkeys(str(v) for v in values if v))


class MainWindow(QMainWindow):
    """The window a diplomat opens. Give it the outline now and `set_services` later.

    Signals:
        recordSelected(str): a record was opened; views and docks follow it.
        recordShown(str): the Record view shows this record (the catalog is open).
        servicesReady(Services): the full catalog and search are open.
        noteActivated(int): a note was picked in the search results.
    """

    recordSelected = Signal(str)
    recordShown = Signal(str)
    servicesReady = Signal(object)
    noteActivated = Signal(int)

    def __init__(
        self,
        outline: Outline,
        settings: QSettings,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.outline = outline
        self.settings = settings
        self.services: Services | None = None
        self.history = History()
        self.zoom = ReadingZoom(settings, self)
        self.panes = PaneCycler(self._pane_rank)
        self._first_shown = False
        self._wide_views: set[QWidget] = set()
        self._record_actions: list[QAction] = []
        self._tab_actions: list[QAction] = []
        self._choice_actions: list[ChoiceActions] = []
        self._notice: QLabel | None = None
        self.setObjectName("MainWindow")
        self.setWindowTitle("ijref — India–Japan S&T cooperation")
        self.setWindowIcon(icon("app"))
        self.setStyleSheet(FOCUS_STYLE)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks
            | QMainWindow.DockOption.AllowTabbedDocks
            | QMainWindow.DockOption.GroupedDragging
        )
        self.layout_ = WindowLayout(self, settings)

        self.detail = DetailPane(self, today=today)
        self.detail.recordActivated.connect(self.show_record)
        self.detail.recordShown.connect(self.recordShown)
        self.zoom.register(self.detail.browser)
        self.views = QTabWidget(self)
        self.views.setAccessibleName("Views")
        self.views.setDocumentMode(True)
        self.views.addTab(self.detail, "Record")
        self.views.setMinimumWidth(VIEWS_MIN_WIDTH)
        self.views.currentChanged.connect(self._view_changed)
        self.setCentralWidget(self.views)

        self.search = SearchController(self)
        self.results = SearchPanel(self)
        self.results.labels = {s.id: s.title for s in outline.sectors if s.id}
        self.results.filtersChanged.connect(self._search_again)
        self.results.searchInstead.connect(
            lambda text: self.search.request(text, self.results.filters(), correct=False)
        )
        self.results.titles = outline.titles()
        self.results.set_names({r.id: r.short_name for r in outline.records if r.short_name})
        self.results.noteActivated.connect(self.noteActivated)
        # Enter on a record hit: read it (the focus follows); a note hit goes to its editor.
        self.results.list.activated.connect(self._read_activated_hit)
        self.search.answered.connect(
            lambda _seq, request, results, notes: self.results.show_results(
                request.text, results, notes
            )
        )
        self.search.failed.connect(lambda msg: self.results.show_message(f"Search failed: {msg}"))
        self.search.cleared.connect(self.results.clear)

        self.quick_open = QuickOpenDialog(outline.records, self)
        self.quick_open.recordChosen.connect(self.show_record)
        self.quick_open.finished.connect(self._back_from_dialog)

        self._make_actions()
        self._make_menus()
        self._make_status_bar()
        self._add_tab_action(self.detail, "Record")
        self.panes.add("search", self.search_field)
        self.sectors = SectorPanel(outline, self)
        self.sectors.recordActivated.connect(self.show_record)
        self.sectors_dock = self.add_dock(
            self.sectors,
            "Sectors",
            SECTORS_PLACE,
            RecordLinks(follows=self.sectors.selectRecord),
            focus=self.sectors.tree,
        )
        self.panes.add("record", self.detail, self.detail.browser)
        self.results_dock = self.add_dock(
            self.results,
            "Search results",
            RESULTS_PLACE,
            RecordLinks(opens=self.results.recordActivated),
            focus=self.results.list,
        )
        for view in (self.sectors.tree, self.results.list):
            # Several records at once (Ctrl, Shift) for what features offer on them.
            view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.sectors.tree.customContextMenuRequested.connect(
            lambda at: self._choice_context_menu("tree", at)
        )
        self.results.list.customContextMenuRequested.connect(
            lambda at: self._choice_context_menu("results", at)
        )
        self.installEventFilter(self)  # presses the views leave to their window
        self.layout_.restore_geometry()
        self._restore_record()
        self.search_field.setFocus()  # typing right away searches

    # ------------------------------------------------------------ hosting
    def add_view(
        self,
        widget: QWidget,
        title: str,
        links: RecordLinks = NO_LINKS,
        *,
        wide: bool = False,
        focus: QWidget | None = None,
    ) -> int:
        """Add a tab beside "Record"; a `wide` one gets the whole width while shown."""
        self._link(links)
        self._watch_side_buttons(widget)
        if wide:
            self._wide_views.add(widget)
        self.panes.add(title.casefold(), widget, focus)
        at = self.views.addTab(widget, title)
        self._add_tab_action(widget, title)
        self._chain_tab_order()
        return at

    def _add_tab_action(self, widget: QWidget, title: str) -> None:
        """View ▸ <title> with Ctrl+<n>: every tab is one key away (as in a browser)."""
        n = len(self._tab_actions) + 1
        action = self._action(title, lambda: self.show_view(widget), f"Ctrl+{n}" if n < 10 else ())
        self._tab_actions.append(action)
        self.menu_bar.add_tab(action)

    def show_view(self, widget: QWidget) -> None:
        """Bring a view added with `add_view` to the front, with the keyboard focus."""
        self.views.setCurrentWidget(widget)
        pane = next((p for p in self.panes.ordered() if p.area is widget), None)
        (pane.focus if pane else widget).setFocus(Qt.FocusReason.ShortcutFocusReason)

    def add_dock(
        self,
        widget: QWidget,
        title: str,
        place: DockPlace,
        links: RecordLinks = NO_LINKS,
        *,
        focus: QWidget | None = None,
    ) -> QDockWidget:
        """Add a dock a user can move, float or close (its place is saved with the window)."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title}")
        dock.setWidget(widget)
        dock.setAccessibleName(title)
        self._link(links)
        self._watch_side_buttons(widget)
        self.layout_.add(dock, title, place)
        self.panes.add(title.casefold(), widget, focus)
        self.panels_menu.addAction(dock.toggleViewAction())
        self._chain_tab_order()
        return dock

    def add_menu_actions(self, menu: MenuName, actions: Sequence[QAction]) -> None:
        """Add a group of items to a menu; in the File menu they go above Quit."""
        self.menu_bar.add(menu, actions)
        for action in actions:
            self._own_shortcut(action)

    def add_record_action(self, action: QAction) -> None:
        """An action on the record shown: Record menu, record context menu, shortcut."""
        self._record_actions.append(action)
        self.record_menu.addAction(action)
        self._own_shortcut(action)
        action.setEnabled(self.detail.current_id is not None)

    def add_record_tool(self, widget: QWidget) -> None:
        self.detail.add_tool(widget)

    def add_choice_actions(self, make: ChoiceActions) -> None:
        self._choice_actions.append(make)

    def record_choice(self, source: Literal["tree", "results"]) -> RecordChoice:
        """The records picked in the tree or the search results (notes left out)."""
        if source == "tree":
            view = self.sectors.tree
            rows = sorted(view.selectionModel().selectedRows(), key=self._tree_order)
            return RecordChoice("tree", _ids(i.data(RECORD_ID_ROLE) for i in rows))
        model = self.results.model
        picked = sorted(self.results.list.selectionModel().selectedRows(), key=QModelIndex.row)
        every = (model.index(r, 0) for r in range(model.rowCount()))
        return RecordChoice(
            "results",
            _ids(i.data(HIT_ID_ROLE) for i in picked if i.data(NOTE_ID_ROLE) is None),
            _ids(i.data(HIT_ID_ROLE) for i in every if i.data(NOTE_ID_ROLE) is None),
        )

    def _tree_order(self, index: QModelIndex) -> tuple[int, ...]:
        path: list[int] = []
        while index.isValid():
            path.insert(0, index.row())
            index = index.parent()
        return tuple(path)

    def choice_menu(self, source: Literal["tree", "results"]) -> QMenu:
        """The context menu of the tree or the results as it would open now."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        choice = self.record_choice(source)
        for make in self._choice_actions:
            menu.addActions(list(make(choice)))
        return menu

    def _choice_context_menu(self, source: Literal["tree", "results"], at: QPoint) -> None:
        view = self.sectors.tree if source == "tree" else self.results.list
        menu = self.choice_menu(source)
        if menu.actions():
            menu.popup(view.viewport().mapToGlobal(at))
        else:
            menu.close()

    def show_message(self, text: str, msecs: int = 8000) -> None:
        self.statusBar().showMessage(text, msecs)

    def show_lasting_notice(self, text: str, tooltip: str) -> None:
        """A red label that stays in the status bar, with the reason as its tooltip."""
        label = self._notice
        if label is None:
            label = self._notice = QLabel(self)
            label.setObjectName(NOTICE_NAME)
            label.setStyleSheet("color: #b00020")
            self.statusBar().addPermanentWidget(label)
        label.setText(text)
        label.setAccessibleName(text)
        label.setToolTip(tooltip)
        self.statusBar().showMessage(f"{text}: {tooltip}")

    def mark_records(self, ids: Collection[str]) -> None:
        """Mark the records with the user's notes in the tree and the search results."""
        self.sectors.model.set_marked(ids)
        self.results.set_marked(ids)

    def mark_changed(self, changes: Mapping[str, str]) -> None:
        """Mark the records a data update changed, until opened, in the tree and the results."""
        self.sectors.model.set_changed(changes)
        self.results.model.set_changed(changes)

    def set_note_search(self, searcher: NoteSearcher | None) -> None:
        self.search.set_notes(searcher)
        if searcher is None:
            self.search.wait_for_idle()

    def search_again(self) -> None:
        if self.search_field.text().strip():
            self._search_again()

    def current_record(self) -> str | None:
        return self.detail.current_id

    def reveal_dock(self, dock: QDockWidget) -> None:
        """Show a dock (at its default size the first time) and bring it to the front."""
        self.layout_.reveal(dock)

    def _link(self, links: RecordLinks) -> None:
        if links.opens is not None:
            links.opens.connect(self.show_record)
        if links.follows is not None:
            self.recordSelected.connect(links.follows)

    def _own_shortcut(self, action: QAction) -> None:
        # Window-wide, so the shortcut works wherever the focus is (menus alone
        # would need the menu bar to have seen the action).
        if action.shortcuts():
            self.addAction(action)

    def _watch_side_buttons(self, widget: QWidget) -> None:
        # Filters on this window's own widgets, not on the whole application: an
        # application filter would put a Python call in front of every Qt event.
        for w in (widget, *widget.findChildren(QWidget)):
            w.installEventFilter(self)

    # ------------------------------------------------------------ keyboard
    def _pane_rank(self, pane: Pane) -> int:
        """F6 order: search field, left panels, the views, right panels, the bottom one."""
        if pane.area is self.search_field:
            return 0
        parent = pane.area.parentWidget()
        while parent is not None and not isinstance(parent, QDockWidget):
            parent = parent.parentWidget()
        if parent is None:
            return 3
        if parent.isFloating():
            return 6
        return _AREA_RANK.get(self.dockWidgetArea(parent), 6)

    def _chain_tab_order(self) -> None:
        self.panes.chain_tab_order()

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab skips what a person cannot see: a dock behind another's tab is "visible"
        # to Qt, and Tab would otherwise put the focus there, out of sight.
        start = QApplication.focusWidget()
        target = next_in_chain(start, next) if start is not None else None
        if target is None:
            return super().focusNextPrevChild(next)
        reason = Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
        target.setFocus(reason)
        return True

    def next_pane(self) -> None:
        self.panes.step(+1)

    def previous_pane(self) -> None:
        self.panes.step(-1)

    def _back_from_dialog(self, _result: int) -> None:
        # Without this the window may stay inactive after the dialog (no window
        # manager, or one that gives the focus elsewhere) and its shortcuts dead.
        self.activateWindow()
        if self.views.currentWidget() is self.detail:
            self.detail.browser.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------ services
    def set_services(self, services: Services) -> None:
        """The catalog and search are open: render records, answer searches."""
        self.services = services
        self.detail.set_catalog(services.catalog)
        if services.search is not None:
            self.search.set_service(services.search)
            self.search_field.setPlaceholderText("Search (Ctrl+F)…")
        else:
            self.search_field.setPlaceholderText("Search is unavailable")
            self.results.show_message(services.search_error or "Search is unavailable.")
        self.statusBar().showMessage(services.notice or "Ready", 10000 if services.notice else 3000)
        self._enable_record_actions()
        self.servicesReady.emit(services)

    def services_failed(self, message: str) -> None:
        """Opening the catalog failed: say so in one line with the fix."""
        self.statusBar().showMessage(message)
        self.detail.browser.setPlainText(message)

    # ------------------------------------------------------------ navigation
    def show_record(self, record_id: str, *, from_history: bool = False) -> None:
        """Open a record in the Record tab and tell every view (`recordSelected`)."""
        if not record_id:
            return
        if not from_history:
            self.history.visit(record_id)
        if self.services is None:
            known = self.outline.record(record_id)
            self.detail.show_placeholder(record_id, known.title if known else record_id)
        else:
            self.detail.show_record(record_id)
        self.views.setCurrentWidget(self.detail)
        self.settings.setValue("last_record", record_id)
        self._update_nav()
        self._enable_record_actions()
        self.recordSelected.emit(record_id)

    def _enable_record_actions(self) -> None:
        shown = self.detail.current_id is not None
        for action in self._record_actions:
            action.setEnabled(shown)

    def go_back(self) -> None:
        target = self.history.back()
        if target:
            self.show_record(target, from_history=True)

    def go_forward(self) -> None:
        target = self.history.forward()
        if target:
            self.show_record(target, from_history=True)

    def _update_nav(self) -> None:
        self.back_action.setEnabled(self.history.can_back)
        self.forward_action.setEnabled(self.history.can_forward)

    def _view_changed(self, _index: int) -> None:
        self._hide_panels(self.hide_panels_action.isChecked())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down in the search field moves into the results; Escape clears the field.
        if (
            watched is self.search_field
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            if event.key() == Qt.Key.Key_Down and self.results.model.rowCount():
                self.reveal_dock(self.results_dock)
                self.results.list.setFocus()
                self.results.list.setCurrentIndex(self.results.model.index(0, 0))
                return True
            if event.key() == Qt.Key.Key_Escape and self.search_field.text():
                self.search_field.clear()
                return True
        # The mouse side buttons go back/forward over any part of this window's views.
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            button = event.button()
            if button in (Qt.MouseButton.BackButton, Qt.MouseButton.ForwardButton):
                (self.go_back if button == Qt.MouseButton.BackButton else self.go_forward)()
                return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------ search
    def _search_text_changed(self, text: str) -> None:
        if text.strip():
            if self.views.currentWidget() in self._wide_views:
                self.views.setCurrentWidget(self.detail)  # results beside the record
            self.reveal_dock(self.results_dock)
        if not self.search.ready and text.strip():
            self.results.show_message("Opening the search index…")
        self.search.request(text, self.results.filters())

    def _read_activated_hit(self, index: QModelIndex) -> None:
        if index.data(NOTE_ID_ROLE) is None and self.detail.current_id == index.data(HIT_ID_ROLE):
            self.detail.browser.setFocus(Qt.FocusReason.OtherFocusReason)

    def _open_first_result(self) -> None:
        """Enter in the search field opens the best hit shown (a note opens in its editor)."""
        self.results.activate_row(0)

    def _search_again(self) -> None:
        self.search.request(self.search_field.text(), self.results.filters())

    def _focus_search(self) -> None:
        self.search_field.setFocus()
        self.search_field.selectAll()

    # ------------------------------------------------------------ copying
    def copy_id(self) -> None:
        if self.detail.current_id:
            QGuiApplication.clipboard().setText(self.detail.current_id)
            self.statusBar().showMessage(f"Copied {self.detail.current_id}", 3000)

    def copy_citation(self) -> None:
        text = self.detail.citation_text()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.statusBar().showMessage("Copied the citation", 3000)

    def _record_context_menu(self, at: QPoint) -> None:
        menu = self.detail.browser.createStandardContextMenu(at)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self._record_actions:
            menu.addSeparator()
            for action in (self.copy_id_action, self.copy_citation_action, *self._record_actions):
                menu.addAction(action)
        menu.popup(self.detail.browser.viewport().mapToGlobal(at))

    # ------------------------------------------------------------ building
    def _action(
        self, text: str, slot: Callable[[], Any], keys: Any = (), name: str = ""
    ) -> QAction:
        return make_action(self, text, slot, keys, name)

    def _make_actions(self) -> None:
        self.back_action = self._action(
            "Back", self.go_back, ["Alt+Left", QKeySequence(Qt.Key.Key_Back)], "back"
        )
        self.forward_action = self._action(
            "Forward", self.go_forward, ["Alt+Right", QKeySequence(Qt.Key.Key_Forward)], "forward"
        )
        self.quick_action = self._action(
            "Go to record…", self.quick_open.open_fresh, "Ctrl+K", "quick-open"
        )
        self.search_action = self._action(
            "Search", self._focus_search, [QKeySequence.StandardKey.Find, "Ctrl+L"], "search"
        )
        self.copy_id_action = self._action("Copy record id", self.copy_id, "Ctrl+Shift+C", "copy")
        self.copy_citation_action = self._action(
            "Copy citation", self.copy_citation, "Ctrl+Shift+X", "copy"
        )
        self.filter_action = self._action(
            "Filter the tree", self._focus_tree_filter, "Ctrl+Shift+F"
        )
        self.next_pane_action = self._action("Next pane", self.next_pane, "F6")
        self.previous_pane_action = self._action("Previous pane", self.previous_pane, "Shift+F6")
        self.zoom_in_action = self._action(
            "Larger text", self.zoom.zoom_in, [QKeySequence.StandardKey.ZoomIn, "Ctrl+="]
        )
        self.zoom_out_action = self._action(
            "Smaller text", self.zoom.zoom_out, [QKeySequence.StandardKey.ZoomOut, "Ctrl+-"]
        )
        self.zoom_reset_action = self._action("Normal text size", self.zoom.reset, "Ctrl+0")
        self.reset_layout_action = self._action("Reset layout", self.layout_.reset)
        self.hide_panels_action = self._action("Hide side panels", lambda: None, "Ctrl+Shift+M")
        self.hide_panels_action.setCheckable(True)
        self.hide_panels_action.toggled.connect(self._hide_panels)
        self.shortcuts_action = self._action("Keyboard shortcuts", self._show_shortcuts, "F1")
        self.getting_started_action = self._action("Getting started", self._show_getting_started)
        self.about_action = self._action("About ijref", self._about, [], "about")
        self.quit_action = self._action("Quit", self.close, QKeySequence.StandardKey.Quit)

        toolbar = self.addToolBar("Navigation")
        toolbar.setObjectName("NavigationToolbar")
        toolbar.setAccessibleName("Navigation toolbar")
        toolbar.setMovable(False)
        for a in (self.back_action, self.forward_action, self.quick_action):
            toolbar.addAction(a)
        self.search_field = QLineEdit(self)
        self.search_field.setPlaceholderText("Search (opening index)…")
        self.search_field.setAccessibleName("Search records")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMaximumWidth(420)
        self.search_field.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_field.textChanged.connect(self._search_text_changed)
        self.search_field.returnPressed.connect(self._open_first_result)
        self.search_field.installEventFilter(self)
        toolbar.addWidget(self.search_field)
        toolbar.addAction(self.copy_citation_action)
        toolbar.addAction(self.about_action)

        self.detail.browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.detail.browser.customContextMenuRequested.connect(self._record_context_menu)

    def _make_menus(self) -> None:
        self.menu_bar = WindowMenus(self.menuBar())
        self.menus = self.menu_bar.menus
        self.menu_bar.add_quit(self.quit_action)
        self.panels_menu = self.menu_bar.panels
        fixed: list[tuple[MenuName, tuple[QAction, ...]]] = [
            ("edit", (self.copy_id_action, self.copy_citation_action, self.search_action)),
            ("go", (self.back_action, self.forward_action, self.quick_action, self.filter_action)),
            ("go", (self.next_pane_action, self.previous_pane_action)),
            ("view", (self.panels_menu.menuAction(), self.hide_panels_action)),
            ("view", (self.reset_layout_action,)),
            ("view", (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action)),
            ("help", (self.getting_started_action, self.shortcuts_action, self.about_action)),
        ]
        for menu, actions in fixed:
            self.menu_bar.add(menu, actions)
        self.record_menu = self.menu_bar.record
        self.record_menu.addActions([self.copy_id_action, self.copy_citation_action])
        self.record_menu.addSeparator()
        self._update_nav()

    def _make_status_bar(self) -> None:
        o = self.outline
        which = f"version {o.release} ({o.data_version})" if o.release else o.data_version
        data = QLabel(f"Data {which} · as of {o.as_of} · {len(o.records)} records", self)
        data.setAccessibleName("Data version")
        self.statusBar().addPermanentWidget(data)
        self.statusBar().showMessage("Opening the catalog…")

    def _focus_tree_filter(self) -> None:
        self.reveal_dock(self.sectors_dock)
        self.sectors.filter.setFocus()

    def _hide_panels(self, hide: bool) -> None:
        self.layout_.set_wide(hide or self.views.currentWidget() in self._wide_views)

    def _about(self) -> None:
        from ijref.ui.about import show_about

        show_about(self, self.outline)

    def _show_shortcuts(self) -> None:
        from ijref.ui.help import show_shortcuts

        show_shortcuts(self, self.menu_bar.every())

    def _show_getting_started(self) -> None:
        from ijref.ui.help import show_getting_started

        show_getting_started(self)

    # ------------------------------------------------------------ settings
    def _restore_record(self) -> None:
        last = self.settings.value("last_record")
        if isinstance(last, str) and self.outline.record(last) is not None:
            self.show_record(last)

    def showEvent(self, event: Any) -> None:
        # Docks are placed at the first show, not in __init__, so the docks other
        # features add after construction (bookmarks, notes) are placed too.
        if not self._first_shown:
            self._first_shown = True
            self.layout_.first_show()
            if not self.search_field.text():  # no search yet: the record gets the room
                self.results_dock.hide()
            QTimer.singleShot(0, self.layout_.refit)  # the frame is known once it is mapped
        super().showEvent(event)

    def save_settings(self) -> None:
        self.layout_.save()
        self.settings.sync()

    def closeEvent(self, event: Any) -> None:
        self.save_settings()
        self.search.wait_for_idle()
        super().closeEvent(event)
