"""Background jobs in the app: every failure is reported in one line, and none holds up quitting.

Exports and imports run off the GUI thread through the one task runner; an
import from a pipe is refused at once, and a job stuck on a file that never
answers is left behind when the app quits.
"""

# pytest fixtures are imported from ui_fixtures and named again as arguments.
# ruff: noqa: F811

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from ui_fixtures import build_root, outline, settings  # noqa: F401

from ijref.ui.main_window import MainWindow
from ijref.ui.userdata.integration import install
from ijref.ui.workers import TaskRunner
from ijref.userdata.store import UserStore

JAXA_MOU = "agreement/isro-jaxa-mou-2016"


@pytest.fixture
def ui(qtbot, outline, settings, tmp_path: Path):  # type: ignore[no-untyped-def]
    store = UserStore.open(tmp_path / "data")
    window = MainWindow(outline, settings, today=lambda: dt.date(2021, 1, 1))
    qtbot.addWidget(window)
    ui = install(window, store, {JAXA_MOU: "ISRO–JAXA MoU"})
    yield ui
    ui.detach()
    store.close()


def test_an_export_that_fails_unexpectedly_says_so_in_one_line(  # type: ignore[no-untyped-def]
    qtbot, ui, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ijref.failures import log_path

    def broken(_dest: Path) -> Path:
        raise ValueError("SECRET words of a note")

    monkeypatch.setattr(ui.store, "export_json", broken)
    with qtbot.waitSignal(ui.message, timeout=30_000) as said:
        ui.export_to(tmp_path / "out.json")
    (line,) = said.args
    assert "\n" not in line and "ValueError" in line and "SECRET" not in line
    assert str(log_path()) in line and "in broken" in log_path().read_text(encoding="utf-8")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_importing_a_pipe_in_the_app_is_refused_in_one_line(qtbot, ui, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fifo = tmp_path / "notes.json"
    os.mkfifo(fifo)
    try:
        with qtbot.waitSignal(ui.message, timeout=30_000) as said:
            ui.import_from(fifo)
        assert "not a regular file" in said.args[0] and "\n" not in said.args[0]
    finally:  # release a reader that blocked, so no thread is left behind
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


def test_a_hostile_import_in_the_app_is_one_line_naming_the_file_as_it_is_spelt(  # type: ignore[no-untyped-def]
    qtbot, ui, tmp_path: Path
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"format": "ijref-userdata", "notes": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with qtbot.waitSignal(ui.message, timeout=30_000) as said:
        ui.import_from(deep)
    (line,) = said.args
    assert line.startswith("deep.json is nested too deeply") and "\n" not in line
    assert ui.store.notes() == []


def test_a_job_that_never_returns_does_not_hold_up_quitting(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner(QThreadPool.globalInstance())
    release = threading.Event()
    try:
        runner.run(release.wait, print, print, abandon_on_quit=True)
        # Quitting waits for the thread pool; the stuck job is not in it (the wait returns
        # at once; 30 s only bounds a failure).
        assert QThreadPool.globalInstance().waitForDone(30_000)
        assert runner.pending == 1
    finally:
        release.set()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_the_app_process_exits_while_a_job_is_stuck_on_a_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "stuck"
    os.mkfifo(fifo)
    code = (
        "import sys\n"
        "from PySide6.QtCore import QThreadPool, QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from ijref.ui.workers import TaskRunner\n"
        "app = QApplication([])\n"
        "runner = TaskRunner(QThreadPool.globalInstance())\n"
        f"runner.run(lambda: open({str(fifo)!r}).read(), print, print, abandon_on_quit=True)\n"
        "QTimer.singleShot(100, app.quit)\n"
        "app.exec()\n"
        "QThreadPool.globalInstance().waitForDone()\n"
        "print('quit')\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert done.returncode == 0 and "quit" in done.stdout, done.stderr
