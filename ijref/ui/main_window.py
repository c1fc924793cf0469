"""The main window: sector tree | record views, search in the toolbar, docks around.

Hosting points for other features:
  * `add_view(widget, title)` adds a tab beside "Record" (e.g. the timeline);
  * `add_dock(widget, title, area)` adds a dock (e.g. bookmarks, notes);
  * a widget with a `recordActivated(str)` signal opens records when it fires, and
    one with a `selectRecord(str)` slot follows `recordSelected(str)`;
  * `detail.add_tool(widget)` puts a button in the record's header row, and
    `detail.recordShown(str)` says which record the pane shows;
  * `file_menu`, `view_menu` take more actions (export, import, backups);
  * `servicesReady(Services)` fires once the full catalog and search are open
    (a view that needs whole records, like the timeline, is built then).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QIcon, QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QWidget,
)

from ijref.catalog.outline import Outline
from ijref.ui.detail import DetailPane
from ijref.ui.history import History
from ijref.ui.icons import icon
from ijref.ui.quick_open import QuickOpenDialog
from ijref.ui.search_controller import SearchController
from ijref.ui.search_panel import SearchPanel
from ijref.ui.sector_panel import SectorPanel
from ijref.ui.services import Services

__all__ = ["MainWindow"]

VIEWS_MIN_WIDTH = 420


class MainWindow(QMainWindow):
    """The window a diplomat opens. Give it the outline now and `set_services` later."""

    recordSelected = Signal(str)
    servicesReady = Signal(object)

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
        self._state_restored = False
        self.setObjectName("MainWindow")
        self.setWindowTitle("ijref — India–Japan S&T cooperation")
        self.setWindowIcon(icon("app"))

        self.sectors = SectorPanel(outline, self)
        self.sectors.recordActivated.connect(self.show_record)
        self.recordSelected.connect(self.sectors.selectRecord)

        self.detail = DetailPane(self, today=today)
        self.detail.recordActivated.connect(self.show_record)
        self.views = QTabWidget(self)
        self.views.setAccessibleName("Views")
        self.views.setDocumentMode(True)
        self.views.addTab(self.detail, "Record")
        # A wide view (the timeline asks for ~960 px) must not squeeze the tree to
        # nothing once docks open beside it; such a view gets less room instead.
        self.views.setMinimumWidth(VIEWS_MIN_WIDTH)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("MainSplitter")
        self.splitter.addWidget(self.sectors)
        self.splitter.addWidget(self.views)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([320, 900])
        self.setCentralWidget(self.splitter)

        self.search = SearchController(self)
        self.results = SearchPanel(self)
        self.results.labels = {s.id: s.title for s in outline.sectors if s.id}
        self.results.filtersChanged.connect(self._search_again)
        self.results.searchInstead.connect(
            lambda text: self.search.request(text, self.results.filters(), correct=False)
        )
        self.results.titles = outline.titles()
        self.search.answered.connect(
            lambda _seq, request, results, notes: self.results.show_results(
                request.text, results, notes
            )
        )
        self.search.failed.connect(lambda msg: self.results.show_message(f"Search failed: {msg}"))
        self.search.cleared.connect(self.results.clear)
        self.results_dock = self.add_dock(
            self.results, "Search results", Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.results_dock.hide()

        self.quick_open = QuickOpenDialog(outline.records, self)
        self.quick_open.recordChosen.connect(self.show_record)

        self._make_actions()
        self._make_status_bar()
        for widget in (self.sectors, self.detail, self.results):
            self._watch_side_buttons(widget)
        self.installEventFilter(self)  # presses the views leave to their window
        self.restore_settings()
        self.search_field.setFocus()  # typing right away searches

    # ------------------------------------------------------------ hosting
    def add_view(self, widget: QWidget, title: str) -> int:
        """Add a tab beside "Record"; wires `recordActivated`/`selectRecord` if present."""
        self._wire(widget)
        self._watch_side_buttons(widget)
        return self.views.addTab(widget, title)

    def add_dock(self, widget: QWidget, title: str, area: Qt.DockWidgetArea) -> QDockWidget:
        """Add a dock a user can move, float or close (its state is saved with the window)."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title}")
        dock.setWidget(widget)
        dock.setAccessibleName(title)
        self.addDockWidget(area, dock)
        self._wire(widget)
        self._watch_side_buttons(widget)
        if hasattr(self, "view_menu"):  # the results dock comes before the menus
            self.view_menu.addAction(dock.toggleViewAction())
        return dock

    def _watch_side_buttons(self, widget: QWidget) -> None:
        # Filters on this window's own widgets, not on the whole application: an
        # application filter would put a Python call in front of every Qt event.
        for w in (widget, *widget.findChildren(QWidget)):
            w.installEventFilter(self)

    def _wire(self, widget: QWidget) -> None:
        signal = getattr(widget, "recordActivated", None)
        if signal is not None:
            signal.connect(self.show_record)
        slot = getattr(widget, "selectRecord", None)
        if callable(slot):
            self.recordSelected.connect(slot)

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
        self.recordSelected.emit(record_id)

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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down in the search field moves into the results; Escape clears the field.
        if (
            watched is self.search_field
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            if event.key() == Qt.Key.Key_Down and self.results.model.rowCount():
                self.results_dock.show()
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
            self.results_dock.show()
        if not self.search.ready and text.strip():
            self.results.show_message("Opening the search index…")
        self.search.request(text, self.results.filters())

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

    # ------------------------------------------------------------ building
    def _action(
        self, text: str, slot: Callable[[], Any], keys: Any = (), name: str = ""
    ) -> QAction:
        action = QAction(icon(name) if name else QIcon(), text, self)
        shortcuts: list[QKeySequence] = []
        for k in keys if isinstance(keys, list | tuple) else [keys]:
            for seq in (
                QKeySequence.keyBindings(k)
                if isinstance(k, QKeySequence.StandardKey)
                else [QKeySequence(k)]
            ):
                if seq not in shortcuts:  # a duplicate would make the shortcut ambiguous
                    shortcuts.append(seq)
        action.setShortcuts(shortcuts)
        hint = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in shortcuts)
        action.setToolTip(f"{text} ({hint})" if hint else text)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

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
            "Filter the tree", self.sectors.filter.setFocus, "Ctrl+Shift+F"
        )
        self.about_action = self._action("About ijref", self._about, [], "about")
        self.quit_action = self._action("Quit", self.close, QKeySequence.StandardKey.Quit)

        toolbar = self.addToolBar("Navigation")
        toolbar.setObjectName("NavigationToolbar")
        toolbar.setAccessibleName("Navigation toolbar")
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

        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        for a in (self.copy_id_action, self.copy_citation_action, self.search_action):
            edit_menu.addAction(a)
        go_menu = bar.addMenu("&Go")
        for a in (self.back_action, self.forward_action, self.quick_action, self.filter_action):
            go_menu.addAction(a)
        self.view_menu = bar.addMenu("&View")
        self.view_menu.addAction(self.results_dock.toggleViewAction())
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)
        self._update_nav()

    def _make_status_bar(self) -> None:
        data = QLabel(
            f"Data {self.outline.data_version} · as of {self.outline.as_of} · "
            f"{len(self.outline.records)} records",
            self,
        )
        data.setAccessibleName("Data version")
        self.statusBar().addPermanentWidget(data)
        self.statusBar().showMessage("Opening the catalog…")

    def _about(self) -> None:
        from ijref.ui.about import show_about

        show_about(self, self.outline)

    # ------------------------------------------------------------ settings
    def restore_settings(self) -> None:
        """Geometry, dock layout, splitter and the last record, as the user left them."""
        s = self.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        splitter = s.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        last = s.value("last_record")
        if isinstance(last, str) and self.outline.record(last) is not None:
            self.show_record(last)

    def showEvent(self, event: Any) -> None:
        # Docks and toolbars are placed at the first show, not in __init__, so the
        # docks other features add after construction (bookmarks, notes) are placed too.
        if not self._state_restored:
            self._state_restored = True
            state = self.settings.value("window/state")
            if isinstance(state, QByteArray):
                self.restoreState(state)
        super().showEvent(event)

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        s.sync()

    def closeEvent(self, event: Any) -> None:
        self.save_settings()
        self.search.wait_for_idle()
        super().closeEvent(event)
