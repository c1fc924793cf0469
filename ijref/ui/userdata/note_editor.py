"""The note editor: Markdown text with a rendered preview, saved as the user types."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ijref.domain.errors import UserFacingError
from ijref.ui.userdata.markdown_view import MarkdownPreview
from ijref.ui.userdata.note_text import NoteText

if TYPE_CHECKING:
    from ijref.userdata.store import UserStore

__all__ = ["NoteEditor"]

DEBOUNCE_MS = 600
# The preview follows typing after this pause.
PREVIEW_MS = 250
# After a save fails (a full disk, another writer holding the file), try again this often.
RETRY_MS = 5000
FAILED_STYLE = "color: #b00020"


class NoteEditor(QWidget):
    """Edits one note at a time.

    Each pause in typing (debounced) and each loss of focus saves the note, in
    its own transaction; switching notes or closing saves first. A new note is
    created by its first save, so an untouched "new note" leaves nothing behind.
    Undo and redo are the text editor's own, and survive saves.

    A save that fails, for any reason, says "Not saved: <reason>" in the
    editor's own status line, keeps the text, keeps the note open (switching to
    another note waits until it is saved), and is tried again every few seconds.

    Signals:
        saved(int): a save returned; the note's id.
        deleted(int): the user deleted the note (after confirming).
        saveFailed(str): a save was refused; a one-line reason (text is kept in the editor).
        recordActivated(str): a record link in the preview was clicked.
    """

    saved = Signal(int)
    deleted = Signal(int)
    saveFailed = Signal(str)
    recordActivated = Signal(str)

    def __init__(
        self,
        store: UserStore,
        titles: Mapping[str, str],
        parent: QWidget | None = None,
        *,
        debounce_ms: int = DEBOUNCE_MS,
        retry_ms: int = RETRY_MS,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._titles = titles
        self._note_id: int | None = None
        self._record_id: str | None = None
        self._dirty = False
        self._loading = False

        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        # Wrapped: a long record title must not widen the dock, and the window with it.
        self.heading.setWordWrap(True)
        self.text = NoteText(self)
        self.text.setObjectName("noteText")
        self.text.setPlaceholderText("Write a note in Markdown. It is saved as you type.")
        self.text.setAccessibleName("Note text")
        self.text.setTabChangesFocus(True)  # Tab leaves the editor, as everywhere in the window
        self.text.installEventFilter(self)
        self.preview = MarkdownPreview(self)
        self.preview.setObjectName("notePreview")
        self.preview.setAccessibleName("Note preview")
        self.preview.recordActivated.connect(self.recordActivated)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.delete_button = QPushButton("Delete note…", self)
        self.delete_button.clicked.connect(self.delete_note)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.delete_button)

        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.addWidget(self.text)
        self.split.addWidget(self.preview)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.split, 1)
        layout.addLayout(bottom)

        self.undo_action = QAction("Undo", self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.text.undo)
        self.redo_action = QAction("Redo", self)
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.redo_action.triggered.connect(self.text.redo)
        self.text.undoAvailable.connect(self.undo_action.setEnabled)
        self.text.redoAvailable.connect(self.redo_action.setEnabled)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.save)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(retry_ms)
        self._retry.timeout.connect(self.save)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_MS)
        self._preview_timer.timeout.connect(self._show_preview)
        self.text.textChanged.connect(self._on_changed)
        self.setEnabled(False)

    # ------------------------------------------------------------------ state
    @property
    def note_id(self) -> int | None:
        """The note being edited (None for a new note not yet saved)."""
        return self._note_id

    @property
    def record_id(self) -> str | None:
        """The record of the note being edited (None: free-standing, or no note)."""
        return self._record_id

    def set_side_by_side(self, side_by_side: bool) -> None:
        """Text and preview side by side (a wide, low place) or one above the other."""
        self.split.setOrientation(
            Qt.Orientation.Horizontal if side_by_side else Qt.Orientation.Vertical
        )

    @property
    def dirty(self) -> bool:
        """Whether there are typed changes not yet saved."""
        return self._dirty

    def open_note(self, note_id: int) -> None:
        """Show an existing note (saving the current one first; it stays if it cannot be)."""
        if not self._save_before_leaving():
            return
        note = self._store.note(note_id)
        if note is None:
            self.status.setText("That note no longer exists.")
            return
        self._load(note.id, note.record_id, note.text)

    def new_note(self, record_id: str | None = None) -> None:
        """Start a new note on `record_id` (None: free-standing); it exists once typed in."""
        if not self._save_before_leaving():
            return
        self._load(None, record_id, "")
        self.text.setFocus()

    def _load(self, note_id: int | None, record_id: str | None, text: str) -> None:
        self._loading = True
        try:
            self._note_id, self._record_id = note_id, record_id
            self._preview_timer.stop()
            self.text.fit_wrapping(text)  # before the text is laid out
            self.text.setPlainText(text)  # also starts a fresh undo history
            self.text.moveCursor(QTextCursor.MoveOperation.End)  # carry on where it ends
            self.preview.show_markdown(text)
        finally:
            self._loading = False
        self._dirty = False
        if record_id is None:
            self.heading.setText("Free-standing note")
        else:
            title = self._titles.get(record_id)
            self.heading.setText(
                f"Note on {title}" if title else f"Note on {record_id} (not in this catalog)"
            )
        self._say("")
        self.setEnabled(True)

    # ----------------------------------------------------------------- saving
    def _on_changed(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self._preview_timer.start()  # not each keystroke: a long note takes a while to render
        self._timer.start()

    def _show_preview(self) -> None:
        self.preview.show_markdown(self.text.toPlainText())

    def save(self) -> bool:
        """Save now if there are unsaved changes; returns whether the text is saved."""
        self._timer.stop()
        self._retry.stop()
        if not self._dirty:
            return True
        text = self.text.toPlainText()
        try:
            existing = self._note_id is not None and self._store.note(self._note_id) is not None
            if self._note_id is not None and existing:
                note = self._store.update_note(self._note_id, text)
            else:
                # New, or deleted elsewhere meanwhile: the words on screen become a note.
                note = self._store.add_note(self._record_id, text)
                self._note_id = note.id
        except Exception as exc:  # whatever it is, the words stay here and are tried again
            from ijref.failures import one_line

            reason = one_line(exc)
            self._say(_not_saved(reason), failed=True)
            self._retry.start()
            self.saveFailed.emit(reason)
            return False
        self._dirty = False
        self._say(f"Saved {note.updated_at.astimezone():%H:%M:%S}")
        self.saved.emit(note.id)
        return True

    def _save_before_leaving(self) -> bool:
        if self.save():
            return True
        self.status.setText(self.status.text() + " — this note stays open until it is saved.")
        return False

    def _say(self, text: str, *, failed: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(FAILED_STYLE if failed else "")

    def delete_note(self) -> bool:
        """Delete the note shown, after the user confirms; returns whether it was deleted."""
        self._timer.stop()
        if self._note_id is None:
            self._load(None, self._record_id, "")  # a new note not yet saved: just clear
            return False
        answer = QMessageBox.question(
            self,
            "Delete note",
            "Delete this note? It stays in the backups made so far.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        note_id = self._note_id
        try:
            self._store.delete_note(note_id)
        except UserFacingError as exc:
            self._say(f"Not deleted: {exc}", failed=True)
            return False
        self._load(None, self._record_id, "")
        self.deleted.emit(note_id)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.text and event.type() == QEvent.Type.FocusOut:
            self.save()
        return super().eventFilter(watched, event)

    def hideEvent(self, event) -> None:
        self.save()
        super().hideEvent(event)


def _not_saved(reason: str) -> str:
    """The status line for a failed save: "Not saved: <reason>"."""
    prefix = "not saved: "
    if reason.lower().startswith(prefix):
        reason = reason[len(prefix) :]
    return f"Not saved: {reason}"
