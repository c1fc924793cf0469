"""The one place where paths, services and the main window are wired together.

Startup order, so the window is up and the tree usable before any slow work:
read the outline (stdlib sqlite3) → build and show the window → on its first
paint, open the full catalog and the search index in a worker thread → hand
them to the window through a signal.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from ijref.catalog.paths import alias_file, build_root

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from ijref.catalog.layout import BuildInfo
    from ijref.catalog.outline import Outline
    from ijref.catalog.release import Release
    from ijref.domain.records import Record
    from ijref.search.service import SearchService
    from ijref.ui.main_window import MainWindow
    from ijref.ui.packs.updates import DataUpdates
    from ijref.ui.services import Services
    from ijref.ui.userdata.startup import UserDataStarter

__all__ = ["STARTUP_PROBE_ENV", "build_catalog", "open_search_index", "open_services", "run"]

# Set to 1 to make the app print `IJREF_FIRST_PAINT <time.monotonic()> <rows>` at its
# first paint with the tree filled, and exit (used by `ijref bench startup`).
STARTUP_PROBE_ENV = "IJREF_STARTUP_PROBE"
FIRST_PAINT_TAG = "IJREF_FIRST_PAINT"
ORGANIZATION = "ijref"
# Open the services this long after start even if the window has not painted.
SERVICES_FALLBACK_MS = 1500


def build_catalog(records_dir: Path, root: Path, *, release: Release | None = None) -> BuildInfo:
    """`ijref build`: the catalog and its search index (with the curated alias table)."""
    from ijref.catalog.builder import build
    from ijref.search.aliases import load_alias_file
    from ijref.search.indexer import index_writer

    return build(records_dir, root, index_writer(load_alias_file(alias_file())), release=release)


def open_search_index(root: Path, records: Callable[[], Sequence[Record]] | None) -> SearchService:
    """Search over the build in `root`: the one way the app, the CLI and the self-test open it.

    A damaged index is rebuilt from `records()` (None: no rebuild) into the one
    cache folder (see `ijref.search.opening`); `service.notice` then says so.

    Raises:
        SearchIndexError: when the index is unusable and cannot be rebuilt.
    """
    from ijref.catalog.layout import current_build
    from ijref.search.opening import default_cache_dir, open_search

    return open_search(
        current_build(root) / "index",
        records=records,
        cache_dir=default_cache_dir(),
        alias_file=alias_file(),
    )


def open_services(root: Path) -> Services:
    """Open the full catalog and the search index (slow: run it off the GUI thread)."""
    from ijref.catalog.store import Catalog
    from ijref.domain.errors import UserFacingError
    from ijref.ui.detail import render  # noqa: F401 - warm the imports the first page needs
    from ijref.ui.services import Services

    catalog = Catalog.open(root)
    catalog.titles()
    try:
        search = open_search_index(root, catalog.records)
    except UserFacingError as exc:  # the app stays useful without search
        return Services(catalog, None, str(exc))
    return Services(catalog, search, notice=search.notice)


def run(args: argparse.Namespace) -> int:
    """Start the desktop app; returns the exit code."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ijref.catalog.outline import read_outline
    from ijref.domain.errors import UserFacingError
    from ijref.qtdeps import display_problem
    from ijref.ui.main_window import MainWindow
    from ijref.ui.theme import follow_system_theme

    shipped = Path(args.build_dir) if getattr(args, "build_dir", None) else build_root()
    root = _data_root(shipped, getattr(args, "data_dir", None))
    screenshot = getattr(args, "screenshot", None)
    record = getattr(args, "record", None)
    if not screenshot and (problem := display_problem()):
        raise UserFacingError(problem)  # before Qt, which would abort without a display
    try:  # before any Qt: a missing build is one line on the terminal, exit 2
        outline = read_outline(root)
        if record and outline.record(record) is None:
            raise UserFacingError(f"there is no record {record}; list ids with `ijref list`")
    except UserFacingError as exc:
        if getattr(sys, "frozen", False):  # an installed app has no terminal to read
            _error_dialog(str(exc))
        raise
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName("ijref")
    app.setApplicationDisplayName("ijref")
    follow_system_theme(app)

    probe = os.environ.get(STARTUP_PROBE_ENV) == "1"
    if screenshot or probe:
        # Throwaway settings: a screenshot or a benchmark neither reads nor changes
        # the user's layout.
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
            window = MainWindow(outline, settings)
            _host_views(window, in_worker=not screenshot)
            if screenshot:
                from ijref.userdata.paths import DATA_ENV

                mine = getattr(args, "data_dir", None) or os.environ.get(DATA_ENV)
                return _screenshot(
                    window, root, record, screenshot, Path(mine).expanduser() if mine else None
                )
            return _show(app, window, root, record, probe=True)
    from PySide6.QtCore import QThreadPool

    from ijref.userdata.paths import data_dir

    session = _Session(app, shipped, data_dir(getattr(args, "data_dir", None)))
    session.open(root, outline, record)
    code = int(app.exec())
    QThreadPool.globalInstance().waitForDone()
    session.close()
    _exit_now(code)


class _Session:
    """The main window with its features over the data in use.

    When a data update is installed or undone, the window is replaced whole by
    one opened on the new data (same place, same layout, the same record), so
    nothing in it can mix the old catalog with the new.
    """

    def __init__(self, app: QApplication, shipped: Path, data: Path) -> None:
        self.app = app
        self.shipped = shipped
        self.data = data
        self.window: MainWindow | None = None
        self.starter: UserDataStarter | None = None
        self.updates: DataUpdates | None = None

    def open(
        self,
        root: Path,
        outline: Outline,
        record: str | None,
        *,
        whats_new: bool = False,
        message: str = "",
    ) -> None:
        from PySide6.QtCore import QSettings

        from ijref.ui.briefing.hosting import host_briefings
        from ijref.ui.catalog_check import CatalogCheck
        from ijref.ui.main_window import MainWindow
        from ijref.ui.packs.updates import DataUpdates
        from ijref.ui.userdata.startup import UserDataStarter

        window = MainWindow(outline, QSettings())
        _host_views(window)
        # Bookmarks and notes join once the catalog is open (no SQLAlchemy before the
        # first paint); briefings join with them.
        starter = UserDataStarter(window, self.data)
        # The catalog's content is checked against its build's hash once it is open.
        CatalogCheck(window)
        host_briefings(window, starter)
        updates = DataUpdates(
            window, shipped_root=self.shipped, data_dir=self.data, follow=starter.follow_renames
        )
        updates.dataChanged.connect(self.reopen)
        starter.installed.connect(lambda ui: updates.attach_store(ui.store))
        self.window, self.starter, self.updates = window, starter, updates
        _start(self.app, window, root, record, probe=False)
        if whats_new:
            updates.show_whats_new()
        if message:  # and again once the catalog is open, which says "Ready" over it
            window.show_message(message, 20000)
            window.servicesReady.connect(lambda _services: window.show_message(message, 20000))

    def reopen(self, message: str, whats_new: bool) -> None:
        """Replace the window by one on the data now in use."""
        from PySide6.QtCore import QThreadPool

        from ijref.catalog.outline import read_outline
        from ijref.domain.errors import UserFacingError
        from ijref.packs.location import active_data

        old, starter, updates = self.window, self.starter, self.updates
        assert old is not None and starter is not None and updates is not None
        root = active_data(self.shipped, self.data).root
        try:
            outline = read_outline(root)
        except UserFacingError as exc:  # the new data cannot be read: keep the window as it is
            old.show_message(str(exc), 0)
            return
        shown = old.detail.current_id
        shown = updates.renamed.get(shown, shown) if shown else None
        old.save_settings()
        starter.close()  # the new window's starter opens the notes afresh
        QThreadPool.globalInstance().waitForDone()
        self.open(
            root,
            outline,
            shown if shown and outline.record(shown) else None,
            whats_new=whats_new,
            message=message,
        )
        old.close()
        if old.services is not None:
            old.services.close()
        old.deleteLater()

    def close(self) -> None:
        """After the event loop: close the services, write what the settings remember."""
        if self.window is not None:
            if self.window.services is not None:
                self.window.services.close()
            self.window.settings.sync()  # what was remembered at quit (the open note) is on disk


def _data_root(shipped: Path, data_dir: str | None) -> Path:
    """The build root of the data in use: an installed data pack newer than the shipped data."""
    from ijref.packs.location import active_data
    from ijref.userdata.paths import data_dir as user_data_dir

    return active_data(shipped, user_data_dir(data_dir)).root


def _host_views(window: MainWindow, *, in_worker: bool = True) -> None:
    """Add the views that need the full catalog once the services are open.

    Their modules are imported only then, to keep them off the path to the
    first window.
    """

    def attach(_services: Services) -> None:
        from ijref.ui.timeline.hosting import host_timeline

        host_timeline(window, in_worker=in_worker)

    window.servicesReady.connect(attach)


def _error_dialog(message: str) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    _app = QApplication.instance() or QApplication(sys.argv[:1])
    QMessageBox.critical(None, "ijref cannot start", message)


def _show(
    app: QApplication, window: MainWindow, root: Path, record: str | None, probe: bool
) -> int:
    """Show the window, open the services after its first paint, run the event loop."""
    from PySide6.QtCore import QThreadPool

    _start(app, window, root, record, probe)
    code = int(app.exec())
    QThreadPool.globalInstance().waitForDone()
    if window.services is not None:
        window.services.close()
    return code


def _start(
    app: QApplication, window: MainWindow, root: Path, record: str | None, probe: bool
) -> None:
    """Show the window and open the services after its first paint."""
    from PySide6.QtCore import QThreadPool, QTimer

    from ijref.ui.first_paint import FirstPaint
    from ijref.ui.workers import TaskRunner

    if record:
        window.show_record(record)
    watcher = FirstPaint(window.sectors.tree.viewport())
    started = False

    def first_paint() -> None:
        nonlocal started
        if started:
            return
        started = True
        if probe:
            rows = window.sectors.model.rowCount()
            print(f"{FIRST_PAINT_TAG} {time.monotonic():.6f} {rows}", flush=True)
            app.quit()
            return
        runner = TaskRunner(QThreadPool.globalInstance(), window)
        runner.run(lambda: open_services(root), window.set_services, window.services_failed)

    watcher.painted.connect(first_paint)
    if not probe:
        # A window that starts minimised or hidden never paints; open the services anyway.
        QTimer.singleShot(SERVICES_FALLBACK_MS, first_paint)
    window.show()


def _exit_now(code: int) -> NoReturn:
    """End the process: the notes are committed and closed, the settings written.

    Python's own teardown of Qt, SQLAlchemy and Whoosh objects afterwards takes
    about a second on a laptop (measured: 1.0–1.3 s of a 1.1–1.4 s quit) and has
    nothing left to save, so a person who quits does not wait for it.
    """
    import logging

    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _screenshot(
    window: MainWindow, root: Path, record: str | None, out: str, data: Path | None = None
) -> int:
    """Render the window with a record open to a PNG (offscreen is fine).

    The window has the size and default layout of a first start on its screen.
    With a user data folder (`--data-dir` or `$IJREF_DATA_DIR`) its bookmarks and
    notes are shown too: the store is opened here, synchronously (the normal start
    opens it in a worker), and the record's newest note, if it has one, is open
    under it.
    """
    from ijref.domain.errors import UserFacingError

    services = open_services(root)
    notes = None
    try:
        window.set_services(services)
        first_sector = window.outline.sectors[0].id if window.outline.sectors else ""
        window.show_record(record or first_sector)
        if data is not None:  # its notes on the record come with it, as at a normal start
            from ijref.ui.userdata.startup import open_now

            notes = open_now(window, data, services)
        window.show()
        if not window.grab().save(out):
            raise UserFacingError(f"cannot write the screenshot {out}; check the folder exists")
        window.close()
    finally:
        if notes is not None:
            notes.detach()
            notes.store.close()
        services.close()
    return 0
