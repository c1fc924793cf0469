"""Making and restoring backups by hand, and what to do when the notes database is damaged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ijref.domain.errors import UserFacingError

if TYPE_CHECKING:
    from ijref.userdata.store import UserDataDamagedError, UserStore

__all__ = ["DamagedDatabaseDialog", "RestoreBackupDialog", "make_backup", "open_user_store"]

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
FILTER = "ijref backups (*.sqlite);;All files (*)"


def _label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def make_backup(parent: QWidget, store: UserStore, dest: Path | None = None) -> Path | None:
    """File ▸ Make backup…: ask where (unless `dest` is given), write it, say where it went."""
    if dest is None:
        name = f"ijref-notes-{dt.date.today():%Y-%m-%d}.sqlite"
        chosen, _ = QFileDialog.getSaveFileName(
            parent, "Make a backup of your notes", str(Path.home() / name), FILTER
        )
        if not chosen:
            return None
        dest = Path(chosen)
    try:
        store.backup_to(dest)
    except (OSError, UserFacingError) as exc:
        QMessageBox.warning(parent, "Backup not made", f"Could not write {dest}: {exc}")
        return None
    return dest


class RestoreBackupDialog(QDialog):
    """File ▸ Restore backup…: pick one of the automatic backups, or a file.

    The database being replaced is kept beside it (renamed), never overwritten.
    After `accept()`, `kept` says where.
    """

    def __init__(self, store: UserStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore a backup")
        self._store = store
        self.kept: Path | None = None
        self.list = QListWidget(self)
        for b in store.backups():
            when = b.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")
            item = QListWidgetItem(f"{when}  ({b.kind})", self.list)
            item.setData(PATH_ROLE, str(b.path))
        if self.list.count():
            self.list.setCurrentRow(0)
        self.error = _label("", self)
        choose = QPushButton("Choose a file…", self)
        choose.clicked.connect(self._choose)
        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.restore_selected)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _label(
                "Your notes will be replaced by the backup. The current notes are kept "
                "in a file beside them, not deleted.",
                self,
            )
        )
        layout.addWidget(self.list)
        layout.addWidget(choose)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _choose(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Choose a backup", "", FILTER)
        if chosen:
            self.restore_from(Path(chosen))

    def restore_selected(self) -> None:
        if self.list.currentRow() < 0:
            self.error.setText("Choose a backup first.")
            return
        self.restore_from(Path(self.list.currentItem().data(PATH_ROLE)))

    def restore_from(self, path: Path) -> None:
        try:
            self.kept = self._store.restore(path)
        except UserFacingError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


class DamagedDatabaseDialog(QDialog):
    """Offered when the notes database fails its check: restore the newest good backup.

    The damaged file is never overwritten: restoring renames it aside first.
    """

    def __init__(self, error: UserDataDamagedError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your notes database is damaged")
        self._error = error
        self.kept: Path | None = None
        self.message = _label("", self)
        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton(
            "Restore newest good backup", QDialogButtonBox.ButtonRole.AcceptRole
        )
        choose = buttons.addButton("Choose a backup…", QDialogButtonBox.ButtonRole.ActionRole)
        # Declining leaves the file as it is; the app goes on without notes for now.
        self.later_button = buttons.addButton(
            "Continue without notes", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.restore_button.clicked.connect(self.restore_newest)
        choose.clicked.connect(self._choose)
        buttons.rejected.connect(self.reject)
        if error.backup is None:
            self.restore_button.setEnabled(False)
            self.message.setText(
                f"{error.path} cannot be read and no good backup was found. "
                "Nothing has been changed; choose a backup file, or continue without notes."
            )
        else:
            when = error.backup.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")
            self.message.setText(
                f"{error.path} cannot be read. The newest good backup is from {when}. "
                "Restoring it keeps the damaged file beside it, untouched."
            )
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def restore_newest(self) -> None:
        if self._error.backup is not None:
            self.restore_from(self._error.backup.path)

    def _choose(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Choose a backup", "", FILTER)
        if chosen:
            self.restore_from(Path(chosen))

    def restore_from(self, path: Path) -> None:
        from ijref.userdata import backups
        from ijref.userdata.models import utcnow

        try:
            self.kept = backups.restore(self._error.path, path, now=utcnow())
        except UserFacingError as exc:
            self.message.setText(str(exc))
            return
        self.accept()


def open_user_store(
    data_dir: Path, known_ids: frozenset[str] | None, parent: QWidget | None = None
) -> UserStore | None:
    """Open the user store for the app, offering a backup if the database is damaged.

    Returns None when the user chose to quit rather than restore.
    """
    from ijref.userdata.store import UserDataDamagedError, UserStore

    while True:
        try:
            return UserStore.open(data_dir, known_ids=known_ids)
        except UserDataDamagedError as exc:
            if DamagedDatabaseDialog(exc, parent).exec() != QDialog.DialogCode.Accepted:
                return None
