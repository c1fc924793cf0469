"""Putting the user-data widgets into a main window: docks, File menu items, Ctrl+D, the star.

The main window creates one `UserDataUi`, tells it which record is shown
(`set_current_record`), puts `star` in its detail pane, and connects
`recordActivated` to its own navigation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QMenu, QToolButton

from ijref.domain.errors import UserFacingError
from ijref.ui.userdata.backup_dialogs import RestoreBackupDialog, make_backup
from ijref.ui.userdata.note_editor import NoteEditor
from ijref.ui.userdata.panels import BookmarksPanel, NotesPanel
from ijref.ui.workers import TaskRunner

if TYPE_CHECKING:
    from ijref.userdata.entities import ImportReport
    from ijref.userdata.store import UserStore

__all__ = ["UserDataUi", "install"]

STAR_ON, STAR_OFF = "★", "☆"
BACKUP_CHECK_MS = 5 * 60 * 1000
SEARCH_DEBOUNCE_MS = 200


def _sentence(line: str) -> str:
    """A one-line reason from below the UI, as the status bar shows it (capitalised)."""
    return line[:1].upper() + line[1:]


class UserDataUi(QObject):
    """The Bookmarks, Notes and note-editor docks of one main window, and their actions.

    Signals:
        recordActivated(str): the user picked a record in a panel or a note's link.
        message(str): one line for the status bar (saves, imports, refusals).
    """

    recordActivated = Signal(str)
    message = Signal(str)

    def __init__(
        self,
        window: QMainWindow,
        store: UserStore,
        titles: Mapping[str, str],
        dates: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self._titles = titles
        self._record: str | None = None

        self.bookmarks = BookmarksPanel(store, titles, dates)
        self.notes = NotesPanel(store, titles)
        self.editor = NoteEditor(store, titles)
        self.bookmarks_dock = self._dock(
            "Bookmarks", self.bookmarks, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.notes_dock = self._dock("Notes", self.notes, Qt.DockWidgetArea.LeftDockWidgetArea)
        window.tabifyDockWidget(self.bookmarks_dock, self.notes_dock)
        self.editor_dock = self._dock("Note", self.editor, Qt.DockWidgetArea.RightDockWidgetArea)

        self.bookmarks.recordActivated.connect(self.recordActivated)
        self.bookmarks.failed.connect(lambda line: self.message.emit(_sentence(line)))
        self.editor.recordActivated.connect(self.recordActivated)
        self.editor.preview.externalLinkClicked.connect(
            lambda url: self.message.emit(f"Web links are not opened here: {url}")
        )
        self.editor.saved.connect(lambda _id: self.notes.refresh())
        self.editor.deleted.connect(lambda _id: self.notes.refresh())
        self.editor.saveFailed.connect(lambda line: self.message.emit(_sentence(line)))
        self.notes.noteActivated.connect(self.open_note)
        self.notes.newNoteRequested.connect(lambda: self.new_note(None))

        self.toggle_bookmark_action = QAction("Bookmark this record", window)
        self.toggle_bookmark_action.setShortcut(QKeySequence("Ctrl+D"))
        self.toggle_bookmark_action.setCheckable(True)
        self.toggle_bookmark_action.setEnabled(False)
        self.toggle_bookmark_action.triggered.connect(self.toggle_bookmark)
        self.new_note_action = QAction("New note on this record", window)
        self.new_note_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_note_action.triggered.connect(lambda: self.new_note(self._record))
        self.make_backup_action = QAction("Make a backup of your notes…", window)
        self.make_backup_action.triggered.connect(lambda: make_backup(window, store))
        self.restore_backup_action = QAction("Restore a backup…", window)
        self.restore_backup_action.triggered.connect(self.restore_backup)
        self.export_action = QAction("Export notes and bookmarks…", window)
        self.export_action.triggered.connect(self._ask_export)
        self.import_action = QAction("Import notes and bookmarks…", window)
        self.import_action.triggered.connect(self._ask_import)
        for action in (self.toggle_bookmark_action, self.new_note_action):
            window.addAction(action)

        # The window's search covers notes too. A window with a results list
        # (`search.set_notes`, `results.noteActivated`) shows them there, searched in
        # its search worker; in any other window with a `search_field`, matching notes
        # are listed in the Notes dock (best first), and its title says how many.
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self._search_notes)
        self.searches_in_results = self._join_results_list()
        field = getattr(window, "search_field", None)
        if field is not None and not self.searches_in_results:
            self._search_field = field
            field.textChanged.connect(lambda _text: self._search_timer.start())

        # Saves back themselves up every 30 minutes; this catches the last edits of a
        # session that then sits idle with the app open.
        self._runner = TaskRunner(QThreadPool.globalInstance(), self)

        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self._backup_if_due)
        self.backup_timer.start()
        self._notices_shown = 0
        self.editor.saved.connect(lambda _id: self.show_notices())

        # The star for the detail pane: the same action, so Ctrl+D and a click agree.
        self.star = QToolButton()
        self.star.setAutoRaise(True)
        self.star.setEnabled(False)
        self.star.clicked.connect(self.toggle_bookmark_action.trigger)
        self.toggle_bookmark_action.toggled.connect(self._show_star)
        self.toggle_bookmark_action.enabledChanged.connect(self.star.setEnabled)
        self._show_star(False)

    def _join_results_list(self) -> bool:
        """Put note hits in the window's search results; False if it has no such list."""
        search: Any = getattr(self.window, "search", None)
        results: Any = getattr(self.window, "results", None)
        if not hasattr(search, "set_notes") or not hasattr(results, "noteActivated"):
            return False
        # The store's notes index is read in the search worker (one query at a time)
        # while saves write it here; `SearchController` retries a read a write disturbed.
        search.set_notes(self.store.search_notes)
        results.noteActivated.connect(self.open_note)
        self._search: Any = search
        # A note saved or deleted while its words are searched for: ask again, so
        # the list never offers a note that is gone or misses one just written.
        self.editor.saved.connect(self._search_again)
        self.editor.deleted.connect(self._search_again)
        return True

    def _search_again(self, _note_id: int = 0) -> None:
        field = getattr(self.window, "search_field", None)
        results = getattr(self.window, "results", None)
        if field is not None and results is not None and field.text().strip():
            self._search.request(field.text(), results.filters())

    def detach(self) -> None:
        """Stop searching the store (before it closes)."""
        if self.searches_in_results:
            self._search.set_notes(None)
            self._search.wait_for_idle()

    def _dock(self, title: str, widget: object, area: Qt.DockWidgetArea) -> QDockWidget:
        # A main window with hosting points (`add_dock`) saves the dock's place with
        # its layout and lists it in the View menu; any QMainWindow will do otherwise.
        host = getattr(self.window, "add_dock", None)
        if host is not None:
            dock: QDockWidget = host(widget, title, area)
            return dock
        dock = QDockWidget(title, self.window)
        dock.setObjectName(f"{title.lower()}Dock")
        dock.setWidget(widget)  # type: ignore[arg-type]
        self.window.addDockWidget(area, dock)
        return dock

    def add_to_file_menu(self, menu: QMenu) -> None:
        """Put the export, import and backup items in the window's File menu."""
        menu.addSeparator()
        for action in (
            self.export_action,
            self.import_action,
            self.make_backup_action,
            self.restore_backup_action,
        ):
            menu.addAction(action)

    # ----------------------------------------------------------- current record
    def set_current_record(self, record_id: str | None) -> None:
        """The record the detail pane shows now (None: none)."""
        self._record = record_id
        self.toggle_bookmark_action.setEnabled(record_id is not None)
        self.new_note_action.setEnabled(record_id is not None)
        marked = record_id is not None and self.store.is_bookmarked(record_id)
        self.toggle_bookmark_action.setChecked(marked)

    def _show_star(self, marked: bool) -> None:
        self.star.setText(STAR_ON if marked else STAR_OFF)
        self.star.setToolTip("Remove bookmark (Ctrl+D)" if marked else "Bookmark (Ctrl+D)")

    def show_notices(self) -> None:
        """Say in the status bar what the store noted and did not say yet (a failed backup)."""
        for line in self.store.notices[self._notices_shown :]:
            self.message.emit(_sentence(line))
        self._notices_shown = len(self.store.notices)

    def _backup_if_due(self) -> None:
        self.store.backup_if_due()
        self.show_notices()

    def toggle_bookmark(self) -> None:
        if self._record is None:
            return
        try:
            marked = self.store.toggle_bookmark(self._record)
        except UserFacingError as exc:  # e.g. a full disk: the star stays as it was
            self.toggle_bookmark_action.setChecked(self.store.is_bookmarked(self._record))
            self.message.emit(_sentence(str(exc)))
            return
        self.toggle_bookmark_action.setChecked(marked)
        self.bookmarks.refresh()
        self.message.emit("Bookmarked" if marked else "Bookmark removed")

    # -------------------------------------------------------------------- notes
    def open_note(self, note_id: int) -> None:
        self.editor.open_note(note_id)
        self.editor_dock.show()
        self.editor_dock.raise_()

    def new_note(self, record_id: str | None) -> None:
        self.editor.new_note(record_id)
        self.editor_dock.show()
        self.editor_dock.raise_()

    def refresh(self) -> None:
        """Reload the panels (after an import or a restore)."""
        self.bookmarks.refresh()
        self.notes.refresh()
        self.set_current_record(self._record)

    def search_notes(self, text: str) -> int:
        """List the notes matching `text` in the Notes dock ("" lists all); returns how many."""
        self.notes.model.set_search(text)
        found = self.notes.model.rowCount()
        if text.strip():
            self.notes_dock.setWindowTitle(f"Notes — {found} match “{text.strip()[:30]}”")
        else:
            self.notes_dock.setWindowTitle("Notes")
        return found

    def _search_notes(self) -> None:
        self.search_notes(self._search_field.text())

    # ---------------------------------------------------------- backup, export
    def restore_backup(self) -> None:
        self.editor.save()
        dialog = RestoreBackupDialog(self.store, self.window)
        if dialog.exec() == dialog.DialogCode.Accepted:
            self.refresh()
            self.message.emit(f"Backup restored; your previous notes are kept in {dialog.kept}")

    def _ask_export(self) -> None:
        name = f"ijref-notes-{dt.date.today():%Y-%m-%d}.json"
        chosen, kind = QFileDialog.getSaveFileName(
            self.window,
            "Export notes and bookmarks",
            str(Path.home() / name),
            "ijref export (*.json);;Markdown, to read and print (*.md)",
        )
        if chosen:
            self.export_to(Path(chosen), markdown=chosen.endswith(".md") or "Markdown" in kind)

    def export_to(self, dest: Path, *, markdown: bool = False) -> int:
        """Export in the background; `message` says where it went, or why not (one line)."""
        self.editor.save()

        def work() -> Path:
            if markdown:
                return self.store.export_markdown(dest, dict(self._titles))
            return self.store.export_json(dest)

        return self._runner.run(
            work,
            lambda path: self.message.emit(f"Exported to {path}"),
            lambda line: self.message.emit(_sentence(line)),
            abandon_on_quit=True,
        )

    def _ask_import(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self.window, "Import notes and bookmarks", "", "ijref export (*.json)"
        )
        if chosen:
            self.import_from(Path(chosen))

    def import_from(self, source: Path) -> int:
        """Import in the background; panels refresh and `message` reports the counts, or why not.

        The import reads a file the user chose, which may never answer (a share
        gone away): quitting does not wait for it, and an unfinished import
        changes nothing.
        """
        self.editor.save()
        return self._runner.run(
            lambda: self.store.import_json(source),
            self._imported,
            lambda line: self.message.emit(_sentence(line)),
            abandon_on_quit=True,
        )

    def _imported(self, report: ImportReport) -> None:
        self.refresh()
        self.message.emit(f"Imported: {report.summary()}")


def install(
    window: QMainWindow,
    store: UserStore,
    titles: Mapping[str, str],
    dates: Mapping[str, str] | None = None,
) -> UserDataUi:
    """Add bookmarks and notes to a main window, using its hosting points where it has them.

    With `window.file_menu` the backup, export and import items go there; with
    `window.detail.add_tool` and `window.detail.recordShown` the star sits in the
    record's header and follows the record shown; with `window.show_record`,
    picking a record in a panel or a note's link opens it (unless `add_dock`
    already wires the docked widgets' `recordActivated`).
    """
    ui = UserDataUi(window, store, titles, dates)
    file_menu = getattr(window, "file_menu", None)
    if isinstance(file_menu, QMenu):
        ui.add_to_file_menu(file_menu)
    detail = getattr(window, "detail", None)
    if detail is not None and hasattr(detail, "add_tool"):
        detail.add_tool(ui.star)
    if detail is not None and hasattr(detail, "recordShown"):
        detail.recordShown.connect(ui.set_current_record)
    elif hasattr(window, "recordSelected"):
        window.recordSelected.connect(ui.set_current_record)
    show = getattr(window, "show_record", None)
    if show is not None and not hasattr(window, "add_dock"):
        ui.recordActivated.connect(show)
    status = getattr(window, "statusBar", None)
    if status is not None:
        ui.message.connect(lambda text: status().showMessage(text, 8000))
    ui.show_notices()
    return ui
