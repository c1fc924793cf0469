"""Bringing the user's notes into the app once the catalog is open, off the GUI thread.

Kept light on purpose (Qt core only at import): the app creates the starter
before its first paint, and nothing here may slow that down. The store, and
SQLAlchemy with it, are opened in a worker after `servicesReady`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from ijref.ui.host import WindowHost
    from ijref.ui.userdata.integration import UserDataUi
    from ijref.ui.workers import TaskRunner

__all__ = ["UserDataStarter", "open_now"]


def _open(
    data_dir: Path, known_ids: frozenset[str], renames: Mapping[str, str] | None = None
) -> Any:
    """The store, or the damage error as a value (the GUI thread offers a backup for it).

    Notes and bookmarks on an id the catalog says was renamed (`renames`: old → new,
    for old ids it no longer holds) move to the new id first.

    Raises:
        UserFacingError: the folder or the file cannot be used, in one line with the fix.
    """
    from ijref.domain.errors import UserFacingError
    from ijref.userdata.store import UserDataDamagedError, UserStore

    try:
        store = UserStore.open(data_dir, known_ids=known_ids)
        if renames:
            store.follow_renames(renames)
        return store
    except UserDataDamagedError as exc:
        return exc
    except UserFacingError:
        raise
    except OSError as exc:
        raise UserFacingError(
            f"cannot use {data_dir} for notes ({exc.strerror or exc}); "
            "check the folder, or choose another with --data-dir"
        ) from None
    except Exception as exc:  # e.g. SQLite refusing a read-only or locked file
        reason = (str(exc).splitlines() or [type(exc).__name__])[0][:160]
        raise UserFacingError(
            f"your notes in {data_dir} cannot be opened ({reason}); "
            "check the folder is yours and writable, or choose another with --data-dir"
        ) from None


def open_now(host: WindowHost, data_dir: Path, services: Any) -> UserDataUi | None:
    """Open the store and dock the panels synchronously (for screenshots, not the normal start).

    Returns None, after saying why in the status bar, when the notes cannot be opened.
    """
    from ijref.domain.errors import UserFacingError
    from ijref.ui.userdata.integration import install

    try:
        store = _open(data_dir, services.catalog.ids())
    except UserFacingError as exc:
        store = exc
    if isinstance(store, UserFacingError):  # a damaged file too: a screenshot asks nothing
        host.show_lasting_notice(UNAVAILABLE, str(store))
        return None
    return install(host, store, services.catalog.titles(), _dates(host))


UNAVAILABLE = "Notes unavailable"


def _dates(host: WindowHost) -> dict[str, str]:
    return {r.id: r.date for r in host.outline.records}


class UserDataStarter(QObject):
    """Opens the user store when the window's services are ready, then docks the panels.

    When the notes cannot be opened (a damaged database the user chose not to
    restore, a folder that cannot be written) the status bar says so in one
    lasting line, and the rest of the app works as before.

    Signals:
        installed(object): the `UserDataUi` now in the window.
        failed(str): the notes are unavailable, and why (one line with the fix).
    """

    installed = Signal(object)
    failed = Signal(str)

    def __init__(self, host: WindowHost, data_dir: Path) -> None:
        super().__init__(host.window())
        self.host = host
        self.data_dir = data_dir
        self.ui: UserDataUi | None = None
        self.dialog: Any = None  # the damaged-database dialog while it is open
        self.problem = ""  # why the notes are unavailable, if they are
        self._services: Any = None
        self._runner: TaskRunner | None = None
        host.servicesReady.connect(self.start)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)

    def start(self, services: Any) -> None:
        from PySide6.QtCore import QThreadPool

        from ijref.ui.workers import TaskRunner

        self._services = services
        catalog = services.catalog
        known = catalog.ids()

        def job() -> Any:
            from ijref.packs.install import forward_renames

            return _open(self.data_dir, known, forward_renames(catalog.renames(), known))

        if self._runner is None:
            self._runner = TaskRunner(QThreadPool.globalInstance(), self)
        self._runner.run(job, self._opened, self._failed)

    def _failed(self, message: str) -> None:
        self.problem = message
        self.host.show_lasting_notice(UNAVAILABLE, message)
        self.failed.emit(message)

    def _opened(self, result: Any) -> None:
        from ijref.ui.userdata.backup_dialogs import DamagedDatabaseDialog
        from ijref.ui.userdata.integration import install
        from ijref.userdata.store import UserDataDamagedError

        if isinstance(result, UserDataDamagedError):
            # Window-modal and not `exec()`: the window stays drawn behind it and no
            # nested event loop runs; the answer comes back through `finished`.
            self.dialog = DamagedDatabaseDialog(result, self.host.window())
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.finished.connect(lambda code: self._answered(code, str(result)))
            self.dialog.open()
            return
        catalog = self._services.catalog
        self.ui = install(self.host, result, catalog.titles(), _dates(self.host))
        self.installed.emit(self.ui)

    def _answered(self, code: int, reason: str) -> None:
        from PySide6.QtWidgets import QDialog

        self.dialog = None
        if code == QDialog.DialogCode.Accepted.value:
            self.start(self._services)
        else:
            self._failed(reason)

    def follow_renames(self, renames: Mapping[str, str]) -> int:
        """Move the user's notes and bookmarks from old record ids to new ones (a data update
        renamed them); 0 when the notes are not open (they follow when next opened)."""
        if self.ui is None:
            return 0
        return self.ui.store.follow_renames(renames)

    def close(self) -> None:
        """Save the note being edited and close the store (a last backup if notes changed)."""
        if self.ui is not None:
            self.ui.detach()
            self.ui.editor.save()
            self.ui.store.close()
            self.ui = None
