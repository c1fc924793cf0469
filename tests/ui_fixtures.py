"""Shared fixtures of the UI tests: a built fixture catalog and a temporary settings file.

Test modules import the fixtures they use (`from ui_fixtures import ...`).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from ijref.app import build_catalog as build
from ijref.catalog.outline import Outline, read_outline
from ijref.catalog.store import Catalog

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def build_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared fixture records plus the UI's own, built once per session."""
    records = tmp_path_factory.mktemp("records")
    for folder in (FIXTURES / "records", FIXTURES / "ui_records"):
        for f in folder.glob("*.toml"):
            shutil.copy(f, records / f.name)
    root = tmp_path_factory.mktemp("build")
    build(records, root)
    return root


@pytest.fixture()
def outline(build_root: Path) -> Outline:
    return read_outline(build_root)


@pytest.fixture()
def settings(tmp_path: Path) -> Iterator[QSettings]:
    """Settings in a file of this test's own, never the user's."""
    s = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    yield s
    s.sync()


@pytest.fixture()
def catalog(build_root: Path) -> Iterator[Catalog]:
    with Catalog.open(build_root) as c:
        yield c


def window_with_notes(qtbot, outline, settings, build_root: Path, data: Path):  # type: ignore[no-untyped-def]
    """A shown main window with its services and the user's notes installed.

    Returns (window, starter, the installed `UserDataUi`, services).
    """
    import datetime as dt

    from ijref.app import open_services
    from ijref.ui.main_window import MainWindow
    from ijref.ui.userdata.startup import UserDataStarter

    window = MainWindow(outline, settings, today=lambda: dt.date(2021, 1, 1))
    qtbot.addWidget(window)
    starter = UserDataStarter(window, data)
    window.show()
    qtbot.waitExposed(window)
    services = open_services(build_root)
    with qtbot.waitSignal(starter.installed, timeout=10_000) as installed:
        window.set_services(services)
    return window, starter, installed.args[0], services
