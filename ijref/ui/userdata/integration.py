"""Putting bookmarks and notes into a window through its typed host (`WindowHost`).

The Bookmarks and Notes lists sit as tabs beside the sector tree; the note
editor appears under the record when the record has a note or the user starts
one. A record with notes says so wherever it is shown: a "✎ 2 notes" button in
its header, a mark in the tree and in the search results. The note that was
open is open again after a restart.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QToolButton

from ijref.domain.errors import UserFacingError
from ijref.ui.host import DockPlace, RecordLinks, WindowHost
from ijref.ui.userdata.backup_dialogs import RestoreBackupDialog, make_backup
from ijref.ui.userdata.note_editor import NoteEditor
from ijref.ui.userdata.panels import BookmarksPanel, NotesPanel
from ijref.ui.workers import TaskRunner

if TYPE_CHECKING:
    from ijref.userdata.entities import ImportReport
    from ijref.userdata.store import UserStore

__all__ = ["OPEN_NOTE_KEY", "UserDataUi", "install"]

STAR_ON, STAR_OFF = "★", "☆"
BACKUP_CHECK_MS = 5 * 60 * 1000
OPEN_NOTE_KEY = "notes/open"  # the note open in the editor, reopened at the next start
BOOKMARKS_PLACE = DockPlace(Qt.DockWidgetArea.LeftDockWidgetArea, tab_with="Sectors")
NOTES_PLACE = DockPlace(Qt.DockWidgetArea.LeftDockWidgetArea, tab_with="Sectors")
EDITOR_PLACE = DockPlace(Qt.DockWidgetArea.BottomDockWidgetArea, visible=False, size=0.3)


def _sentence(line: str) -> str:
    """A one-line reason from below the UI, as the status bar shows it.

    A reason that starts with a word ("not saved: …") is capitalised; one that
    starts with a file's name ("deep.json is …", "/dev/zero is …") keeps its spelling.
    """
    first = line.split(" ", 1)[0]
    return line[:1].upper() + line[1:] if first.isalpha() else line


class UserDataUi(QObject):
    """The Bookmarks, Notes and note-editor docks of one window, and their actions.

    Signals:
        message(str): one line for the status bar (saves, imports, refusals).
    """

    message = Signal(str)
    refreshed = Signal()

    def __init__(
        self,
        host: WindowHost,
        store: UserStore,
        titles: Mapping[str, str],
        dates: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(host.window())
        self.host = host
        self.store = store
        self._titles = titles
        self._record: str | None = None
        self._noted: Counter[str] = Counter()
        self._known_notes: set[int] = set()

        self.bookmarks = BookmarksPanel(store, titles, dates)
        self.notes = NotesPanel(store, titles)
        # The editor's heading names the record by its short name: one line under the record.
        names = {**titles, **{r.id: r.display_name for r in host.outline.records}}
        self.editor = NoteEditor(store, names)
        host.zoom.register(self.editor.text)
        host.zoom.register(self.editor.preview)
        self.bookmarks_dock = host.add_dock(
            self.bookmarks,
            "Bookmarks",
            BOOKMARKS_PLACE,
            RecordLinks(opens=self.bookmarks.recordActivated),
            focus=self.bookmarks.view,
        )
        self.notes_dock = host.add_dock(self.notes, "Notes", NOTES_PLACE, focus=self.notes.view)
        self.editor_dock = host.add_dock(
            self.editor,
            "Note",
            EDITOR_PLACE,
            RecordLinks(opens=self.editor.recordActivated),
            focus=self.editor.text,
        )
        self.editor_dock.dockLocationChanged.connect(self._editor_moved)
        self._editor_moved(Qt.DockWidgetArea.BottomDockWidgetArea)

        self.bookmarks.failed.connect(lambda line: self.message.emit(_sentence(line)))
        self.editor.preview.externalLinkClicked.connect(
            lambda url: self.message.emit(f"Web links are not opened here: {url}")
        )
        self.editor.saved.connect(self._note_saved)
        self.editor.deleted.connect(self._note_deleted)
        self.editor.saveFailed.connect(lambda line: self.message.emit(_sentence(line)))
        self.notes.noteActivated.connect(self.open_note)
        self.notes.newNoteRequested.connect(lambda: self.new_note(None))
        host.noteActivated.connect(self.open_note)
        host.recordShown.connect(self.set_current_record)
        host.set_note_search(store.search_notes)

        self.toggle_bookmark_action = QAction("Bookmark this record", self)
        self.toggle_bookmark_action.setShortcut(QKeySequence("Ctrl+D"))
        self.toggle_bookmark_action.setCheckable(True)
        self.toggle_bookmark_action.triggered.connect(self.toggle_bookmark)
        self.new_note_action = QAction("New note on this record", self)
        self.new_note_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_note_action.triggered.connect(lambda: self.new_note(self._record))
        host.add_record_action(self.toggle_bookmark_action)
        host.add_record_action(self.new_note_action)

        self.export_action = QAction("Export notes and bookmarks…", self)
        self.export_action.triggered.connect(self._ask_export)
        self.import_action = QAction("Import notes and bookmarks…", self)
        self.import_action.triggered.connect(self._ask_import)
        self.make_backup_action = QAction("Make a backup of your notes…", self)
        self.make_backup_action.triggered.connect(lambda: make_backup(self.host.window(), store))
        self.restore_backup_action = QAction("Restore a backup…", self)
        self.restore_backup_action.triggered.connect(self.restore_backup)
        host.add_menu_actions(
            "file",
            [
                self.export_action,
                self.import_action,
                self.make_backup_action,
                self.restore_backup_action,
            ],
        )

        # Saves back themselves up every 30 minutes; this catches the last edits of a
        # session that then sits idle with the app open.
        self._runner = TaskRunner(QThreadPool.globalInstance(), self)

        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self._backup_if_due)
        self.backup_timer.start()
        self._notices_shown = 0
        self.editor.saved.connect(lambda _id: self.show_notices())

        # The header of the record: the star (the same action as Ctrl+D, so both agree)
        # and the record's notes.
        self.star = QToolButton()
        self.star.setAutoRaise(True)
        self.star.setAccessibleName("Bookmark")
        self.star.clicked.connect(self.toggle_bookmark_action.trigger)
        self.toggle_bookmark_action.toggled.connect(self._show_star)
        self.toggle_bookmark_action.enabledChanged.connect(self.star.setEnabled)
        self.star.setEnabled(self.toggle_bookmark_action.isEnabled())
        self._show_star(False)
        self.notes_button = QToolButton()
        self.notes_button.setAutoRaise(True)
        self.notes_button.setAccessibleName("Notes on this record")
        self.notes_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.notes_button.clicked.connect(self._notes_button_clicked)
        host.add_record_tool(self.notes_button)
        host.add_record_tool(self.star)
        self._count_notes()
        self._show_notes_button()

    def detach(self) -> None:
        """Stop searching the store (before it closes) and remember the open note."""
        self.host.set_note_search(None)
        self._remember_open_note()

    # ----------------------------------------------------------- current record
    def set_current_record(self, record_id: str | None) -> None:
        """The record the window shows now (None: none); its notes come with it."""
        self._record = record_id
        marked = record_id is not None and self.store.is_bookmarked(record_id)
        self.toggle_bookmark_action.setChecked(marked)
        self._show_notes_button()
        if record_id is None:
            return
        on_record = self._noted[record_id]
        shown = self.editor.record_id
        if on_record and (shown != record_id or self.editor.note_id is None):
            newest = self.store.notes(record_id)
            if newest:
                self.open_note(newest[0].id, focus=False)
        elif not on_record and shown is not None and shown != record_id:
            # The note of the record left behind goes with it (saved as it goes).
            self.editor_dock.hide()

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

    def _show_notes_button(self) -> None:
        n = self._noted[self._record] if self._record else 0
        self.notes_button.setEnabled(self._record is not None)
        if n:
            self.notes_button.setText(f"✎ {n} note{'s' if n > 1 else ''}")
            self.notes_button.setToolTip("Your notes on this record (shown under it)")
        else:
            self.notes_button.setText("✎ Add note")
            self.notes_button.setToolTip("Write a note on this record (Ctrl+Shift+N)")

    def _notes_button_clicked(self) -> None:
        if self._record is None:
            return
        notes = self.store.notes(self._record)
        if not notes:
            self.new_note(self._record)
            return
        if len(notes) == 1:
            self.open_note(notes[0].id)
            return
        menu = QMenu(self.notes_button)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for note in notes:
            action = menu.addAction(note.title or "(empty note)")
            action.triggered.connect(lambda _=False, n=note.id: self.open_note(n))
        menu.addSeparator()
        menu.addAction("New note on this record", lambda: self.new_note(self._record))
        menu.popup(self.notes_button.mapToGlobal(self.notes_button.rect().bottomLeft()))

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
    def open_note(self, note_id: int, *, focus: bool = True) -> None:
        """Show a note in the editor (and its record, when it is on one)."""
        note = self.store.note(note_id)
        if note is not None and note.record_id and note.record_id != self.host.current_record():
            self.host.show_record(note.record_id)
        self.editor.open_note(note_id)
        self._reveal_editor(focus=focus)

    def new_note(self, record_id: str | None) -> None:
        self.editor.new_note(record_id)
        self._reveal_editor(focus=True)

    def _reveal_editor(self, *, focus: bool) -> None:
        self.editor_dock.show()
        self.editor_dock.raise_()
        if focus:
            self.editor.text.setFocus()
        self._remember_open_note()

    def _remember_open_note(self) -> None:
        """Note which note the editor shows, to open it again at the next start.

        `isHidden` is false for a dock left open in a window that is closing (it
        is true once the user or a change of record closed the editor).
        """
        shown = not self.editor_dock.isHidden() and self.editor.note_id is not None
        self.host.settings.setValue(OPEN_NOTE_KEY, self.editor.note_id if shown else 0)

    def _editor_moved(self, area: Qt.DockWidgetArea) -> None:
        # Under the record the editor is wide and low: text and preview side by side.
        wide = area in (Qt.DockWidgetArea.BottomDockWidgetArea, Qt.DockWidgetArea.TopDockWidgetArea)
        self.editor.set_side_by_side(wide)

    def reopen(self) -> None:
        """Open the note that was open when the app last closed, if it still exists."""
        try:
            note_id = int(str(self.host.settings.value(OPEN_NOTE_KEY, 0)))
        except ValueError:
            return
        note = self.store.note(note_id) if note_id else None
        if note is None:
            return
        if note.record_id is None or note.record_id == self.host.current_record():
            self.open_note(note.id, focus=False)

    def _count_notes(self) -> None:
        notes = self.store.notes()
        self._known_notes = {n.id for n in notes}
        self._noted = Counter(n.record_id for n in notes if n.record_id)
        self.host.mark_records(set(self._noted))

    def _note_saved(self, note_id: int) -> None:
        self.notes.refresh()
        if note_id not in self._known_notes:  # a new note: its record is marked now
            self._count_notes()
            self._show_notes_button()
            self._remember_open_note()
        self.host.search_again()

    def _note_deleted(self, _note_id: int) -> None:
        self.notes.refresh()
        self._count_notes()
        self._show_notes_button()
        self.host.search_again()

    def refresh(self) -> None:
        """Reload the panels and marks (after an import or a restore); `refreshed` tells others."""
        self.bookmarks.refresh()
        self.notes.refresh()
        self._count_notes()
        self.set_current_record(self._record)
        self.refreshed.emit()

    # ---------------------------------------------------------- backup, export
    def restore_backup(self) -> None:
        self.editor.save()
        dialog = RestoreBackupDialog(self.store, self.host.window())
        if dialog.exec() == dialog.DialogCode.Accepted:
            self.refresh()
            self.message.emit(f"Backup restored; your previous notes are kept in {dialog.kept}")

    def _ask_export(self) -> None:
        name = f"ijref-notes-{dt.date.today():%Y-%m-%d}.json"
        chosen, kind = QFileDialog.getSaveFileName(
            self.host.window(),
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
            self.host.window(), "Import notes and bookmarks", "", "ijref export (*.json)"
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
    host: WindowHost,
    store: UserStore,
    titles: Mapping[str, str],
    dates: Mapping[str, str] | None = None,
) -> UserDataUi:
    """Add bookmarks and notes to a window; the record it shows and its open note come too."""
    ui = UserDataUi(host, store, titles, dates)
    ui.message.connect(host.show_message)
    ui.set_current_record(host.current_record())
    ui.reopen()
    ui.show_notices()
    return ui
