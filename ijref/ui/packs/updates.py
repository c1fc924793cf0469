"""File ▸ Install data update…, File ▸ Restore previous data…, Help ▸ What's new in your data.

An install runs in a child process (`ijref pack install --progress`: checking
the pack, validating the records, building catalog and index) while a progress
dialog says which step it is at; a worker thread only waits on the child and
relays its steps, so the window keeps answering. When it is done the user's
notes, bookmarks and briefings follow any renamed record, and `dataChanged`
asks the app to reopen its window on the new data, with What's new shown. A
refused pack is one line in a message box, and nothing has changed.

Records the update made new, changed or renamed stay marked in the tree and the
search results until the user opens them (the user store remembers which).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QSettings, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from ijref.domain.errors import UserFacingError
from ijref.packs.child import InstallProcess
from ijref.ui.host import RecordLinks, WindowHost
from ijref.ui.workers import TaskRunner

if TYPE_CHECKING:  # the view pulls in record rendering: only when it is first shown
    from ijref.ui.packs.whats_new import WhatsNewView

__all__ = ["WHATS_NEW_TITLE", "DataUpdates"]

WHATS_NEW_TITLE = "What's new"
LAST_FOLDER_KEY = "data_updates/last_folder"
PROGRESS_STEPS = 1000
# Carries the user's data over renamed ids: old id → new id; returns how many moved.
Follow = Callable[[Mapping[str, str]], int]


class SeenChanges(Protocol):
    """Where the user's opened changes are kept (the user store)."""

    def seen_changes(self, data_version: str) -> frozenset[str]: ...

    def mark_seen(self, data_version: str, record_id: str) -> None: ...


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What a worker hands back: a result, or the one-line reason it was refused."""

    value: Any = None
    refused: str = ""


def _guarded(fn: Callable[[], Any]) -> Callable[[], _Outcome]:
    def run() -> _Outcome:
        try:
            return _Outcome(fn())
        except UserFacingError as exc:
            return _Outcome(refused=str(exc))

    return run


class DataUpdates(QObject):
    """The data-update actions of one window, and its What's new view.

    Signals:
        dataChanged(str, bool): the data in use changed: a line saying how, and
            whether What's new should show.
        progress(str, float): the install's step and how far it is (from the worker).
    """

    dataChanged = Signal(str, bool)
    progress = Signal(str, float)

    def __init__(
        self,
        host: WindowHost,
        *,
        shipped_root: Path,
        data_dir: Path,
        follow: Follow | None = None,
    ) -> None:
        window = host.window()
        super().__init__(window)
        self.settings: QSettings = host.settings
        self.host = host
        self.window: QWidget = window
        self.shipped_root = shipped_root
        self.data_dir = data_dir
        self.follow = follow
        self.runner = TaskRunner(QThreadPool.globalInstance(), self)
        self.dialog: QProgressDialog | None = None
        self.view: WhatsNewView | None = None
        self._process: InstallProcess | None = None
        self.busy = False
        # the last install's or rollback's renames, old id → new id
        self.renamed: dict[str, str] = {}
        # records the data update in use changed that the user has not opened (id → how)
        self.marks: dict[str, str] = {}
        self._seen: SeenChanges | None = None
        self._version = ""
        host.recordShown.connect(self.record_shown)

        self.install_action = QAction("Install data update…", window)
        self.install_action.triggered.connect(self.ask_install)
        self.restore_action = QAction("Restore previous data…", window)
        self.restore_action.triggered.connect(self.ask_restore)
        self.whats_new_action = QAction("What's new in your data", window)
        self.whats_new_action.triggered.connect(self.show_whats_new)
        host.add_menu_actions("file", [self.install_action, self.restore_action])
        host.add_menu_actions("help", [self.whats_new_action])
        self.progress.connect(self._on_progress)
        self._refresh_restore()

    # ------------------------------------------------------------ state
    def _refresh_restore(self) -> None:
        from ijref.packs.location import previous_data

        found = previous_data(self.shipped_root, self.data_dir)
        self.restore_action.setEnabled(found is not None)
        if found is not None:
            active, info = found
            self.restore_action.setToolTip(
                f"Return from data version {active.version} to version {info.previous_version}"
            )

    def _about(self) -> tuple[str, Any]:
        from ijref.packs.install import installed_changes
        from ijref.packs.location import INSTALLED, active_data, read_pack_info

        active = active_data(self.shipped_root, self.data_dir)
        info = active.info
        as_of = f", data as of {info.as_of}" if info and info.as_of else ""
        if active.origin != INSTALLED:
            return (
                f"You are using data version {active.version}{as_of}, as shipped with "
                "ijref; no data update is installed.",
                None,
            )
        from ijref.catalog.layout import current_build

        pack = read_pack_info(current_build(active.root))
        when = f", installed {pack.installed_at[:10]}" if pack else ""
        over = f" over version {pack.previous_version}" if pack else ""
        return (
            f"Data version {active.version}{as_of}{when}{over}.",
            installed_changes(active),
        )

    # ------------------------------------------------------------ marks
    def attach_store(self, seen: SeenChanges) -> None:
        """Mark the records the data update in use changed that the user has not opened."""
        from ijref.packs.diff import REMOVED
        from ijref.packs.install import installed_changes
        from ijref.packs.location import active_data

        self._seen = seen
        active = active_data(self.shipped_root, self.data_dir)
        changes = installed_changes(active)
        if changes is None or active.info is None:
            return
        self._version = active.info.content_hash
        opened = seen.seen_changes(self._version)
        self.marks = {
            c.id: c.change for c in changes.records if c.change != REMOVED and c.id not in opened
        }
        self.host.mark_changed(self.marks)

    def record_shown(self, record_id: str) -> None:
        """A record was opened: it is no longer news."""
        if record_id not in self.marks or self._seen is None:
            return
        del self.marks[record_id]
        try:
            self._seen.mark_seen(self._version, record_id)
        except UserFacingError as exc:  # it stays unmarked for this session all the same
            self.host.show_message(str(exc))
        self.host.mark_changed(self.marks)

    # ------------------------------------------------------------ What's new
    def show_whats_new(self) -> None:
        """Open the What's new view on what the data update in use changed."""
        about, changes = self._about()
        if self.view is None:
            from ijref.ui.packs.whats_new import WhatsNewView

            self.view = WhatsNewView()
            self.host.add_view(
                self.view, WHATS_NEW_TITLE, RecordLinks(opens=self.view.recordActivated)
            )
        self.view.show_changes(changes, about)
        self.host.show_view(self.view)

    # ------------------------------------------------------------ install
    def ask_install(self) -> None:
        start = self.settings.value(LAST_FOLDER_KEY)
        path, _filter = QFileDialog.getOpenFileName(
            self.window,
            "Install data update",
            start if isinstance(start, str) and Path(start).is_dir() else str(Path.home()),
            "ijref data packs (*.ijpack);;All files (*)",
        )
        if path:
            self.settings.setValue(LAST_FOLDER_KEY, str(Path(path).parent))
            self.install(Path(path))

    def install(self, path: Path) -> None:
        """Install the pack at `path` in a child process, with a progress dialog.

        A worker thread waits on the child and relays its steps; the work itself
        happens in the child, so the window keeps answering throughout.
        """
        if self.busy:
            return
        from ijref.packs.child import InstallProcess

        self.busy = True
        process = InstallProcess(path, shipped_root=self.shipped_root, data_dir=self.data_dir)
        self._process = process
        dialog = QProgressDialog(
            "Checking the signature…", "Cancel", 0, PROGRESS_STEPS, self.window
        )
        dialog.setWindowTitle("Installing data update")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(process.cancel)
        dialog.setValue(0)
        dialog.show()
        self.dialog = dialog
        emit = self.progress.emit
        job = _guarded(lambda: process.run(emit))
        self.runner.run(job, self._installed, self._crashed)

    def _on_progress(self, stage: str, fraction: float) -> None:
        if self.dialog is not None and not (self._process and self._process.cancelled):
            self.dialog.setLabelText(f"{stage}…")
            self.dialog.setValue(int(fraction * PROGRESS_STEPS))

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self.busy = False

    def _installed(self, outcome: _Outcome) -> None:
        cancelled = self._process is not None and self._process.cancelled
        self._close_dialog()
        if cancelled and outcome.value is None:
            self.host.show_message("Data update cancelled; your data is as it was")
            return
        if outcome.refused or outcome.value is None:
            self._refused("Data update not installed", outcome.refused or "no result")
            return
        result = outcome.value
        self.renamed = dict(result.renames)
        moved = self._follow(result.renames)
        message = f"Installed data version {result.version}: {result.summary}" + (
            f"; {moved} of your notes, bookmarks and briefing items followed renamed records"
            if moved
            else ""
        )
        self.dataChanged.emit(message, True)

    def _crashed(self, message: str) -> None:
        self._close_dialog()
        self._refused("Data update not installed", message)

    def _refused(self, title: str, message: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            title,
            f"{message}\n\nYour data is as it was.",
            parent=self.window,
        )
        box.setObjectName("PackRefused")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.host.show_message(message, 15000)
        self.refusal = box

    def _follow(self, renames: Mapping[str, str]) -> int:
        if not renames or self.follow is None:
            return 0
        try:
            return self.follow(renames)
        except UserFacingError as exc:  # the notes catch up when they are next opened
            self.host.show_message(f"Your notes did not follow renamed records yet: {exc}")
            return 0

    # ------------------------------------------------------------ restore
    def ask_restore(self) -> None:
        from ijref.packs.location import previous_data

        found = previous_data(self.shipped_root, self.data_dir)
        if found is None:
            self._refresh_restore()
            return
        active, info = found
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Restore previous data",
            f"Return from data version {active.version} to version {info.previous_version}? "
            f"Version {active.version} stays on this computer until you install another "
            "update; your notes stay with their records.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self.window,
        )
        box.setObjectName("RestoreData")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(
            lambda code: self.restore() if code == QMessageBox.StandardButton.Yes.value else None
        )
        box.open()
        self.question = box

    def restore(self) -> None:
        """Return to the data in use before the last install (in a worker)."""
        if self.busy:
            return
        from ijref.packs.install import rollback

        self.busy = True
        job = _guarded(lambda: rollback(self.shipped_root, self.data_dir))
        self.runner.run(job, self._restored, self._crashed)

    def _restored(self, outcome: _Outcome) -> None:
        self.busy = False
        if outcome.refused or outcome.value is None:
            self._refused("Previous data not restored", outcome.refused or "nothing to restore")
            return
        result = outcome.value
        self.renamed = dict(result.renames)
        self._follow(result.renames)
        self.dataChanged.emit(
            f"Returned from data version {result.left_version} to version {result.active.version}",
            False,
        )
