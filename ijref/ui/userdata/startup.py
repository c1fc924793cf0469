"""Bringing the user's notes into the app once the catalog is open, off the GUI thread.

Kept light on purpose (Qt core only at import): the app creates the starter
before its first paint, and nothing here may slow that down. The store, and
SQLAlchemy with it, are opened in a worker after `servicesReady`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QObject, Signal
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from ijref.ui.userdata.integration import UserDataUi

__all__ = ["UserDataStarter"]


def _open(data_dir: Path, known_ids: frozenset[str]) -> Any:
    """The store, or the damage error as a value (the GUI thread offers a backup for it)."""
    from ijref.userdata.store import UserDataDamagedError, UserStore

    try:
        return UserStore.open(data_dir, known_ids=known_ids)
    except UserDataDamagedError as exc:
        return exc


class UserDataStarter(QObject):
    """Opens the user store when the window's services are ready, then docks the panels.

    Signals:
        installed(object): the `UserDataUi` now in the window.
    """

    installed = Signal(object)

    def __init__(self, window: QMainWindow, data_dir: Path) -> None:
        super().__init__(window)
        self.window = window
        self.data_dir = data_dir
        self.ui: UserDataUi | None = None
        self._services: Any = None
        window.servicesReady.connect(self.start)  # type: ignore[attr-defined]
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)

    def start(self, services: Any) -> None:
        from ijref.ui.userdata.background import run_in_background

        self._services = services
        known = services.catalog.ids()
        run_in_background(lambda: _open(self.data_dir, known), self, self._opened, self._failed)

    def _failed(self, message: str) -> None:
        self.window.statusBar().showMessage(f"Your notes are unavailable: {message}")

    def _opened(self, result: Any) -> None:
        from ijref.ui.userdata.backup_dialogs import DamagedDatabaseDialog
        from ijref.ui.userdata.integration import install
        from ijref.userdata.store import UserDataDamagedError

        if isinstance(result, UserDataDamagedError):
            dialog = DamagedDatabaseDialog(result, self.window)
            if dialog.exec() == dialog.DialogCode.Accepted:
                self.start(self._services)
            else:
                self._failed(str(result))
            return
        catalog = self._services.catalog
        outline = getattr(self.window, "outline", None)
        dates = {r.id: r.date for r in outline.records} if outline is not None else {}
        self.ui = install(self.window, result, catalog.titles(), dates)
        current = getattr(getattr(self.window, "detail", None), "current_id", None)
        self.ui.set_current_record(current or None)
        # The window placed its docks at first show, before these existed: place them now.
        settings = getattr(self.window, "settings", None)
        state = settings.value("window/state") if settings is not None else None
        if isinstance(state, QByteArray):
            self.window.restoreState(state)
        self.installed.emit(self.ui)

    def close(self) -> None:
        """Save the note being edited and close the store (a last backup if notes changed)."""
        if self.ui is not None:
            self.ui.editor.save()
            self.ui.store.close()
            self.ui = None
