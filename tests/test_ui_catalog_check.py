"""The app checks the catalog against its build's content hash after the first paint.

A title changed inside the SQLite file (JAXA → NASA) is shown, but the window
says, in one lasting line, that the catalog is not what its build wrote.
"""

# pytest fixtures are imported from ui_fixtures and named again as arguments.
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

from PySide6.QtWidgets import QLabel
from ui_fixtures import build_root, settings  # noqa: F401

from ijref.app import open_services
from ijref.catalog.outline import read_outline
from ijref.ui.catalog_check import NOTICE, CatalogCheck
from ijref.ui.main_window import NOTICE_NAME, MainWindow


def _window(qtbot, root: Path, settings):  # type: ignore[no-untyped-def]
    window = MainWindow(read_outline(root), settings, today=lambda: dt.date(2021, 1, 1))
    qtbot.addWidget(window)
    check = CatalogCheck(window)
    window.show()
    qtbot.waitExposed(window)
    return window, check


def test_a_catalog_changed_after_its_build_is_reported(  # type: ignore[no-untyped-def]
    qtbot, build_root, settings, tmp_path: Path
) -> None:
    root = tmp_path / "build"
    shutil.copytree(build_root, root)
    (db,) = root.glob("*/catalog.sqlite")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE record SET title = replace(title, 'JAXA', 'NASA')")
    conn.close()
    window, check = _window(qtbot, root, settings)
    services = open_services(root)
    try:
        with qtbot.waitSignal(check.finished, timeout=30_000) as done:
            window.set_services(services)
        (problem,) = done.args
        notice = window.findChild(QLabel, NOTICE_NAME)
        assert notice is not None and notice.isVisible() and notice.text() == NOTICE
        assert "\n" not in problem and "ijref build" in problem and notice.toolTip() == problem
    finally:
        services.close()


def test_an_intact_catalog_says_nothing(qtbot, build_root, settings) -> None:  # type: ignore[no-untyped-def]
    window, check = _window(qtbot, build_root, settings)
    services = open_services(build_root)
    try:
        with qtbot.waitSignal(check.finished, timeout=30_000) as done:
            window.set_services(services)
        assert done.args == [""]
        assert window.findChild(QLabel, NOTICE_NAME) is None
    finally:
        services.close()
