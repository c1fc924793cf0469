"""A full disk: reading still works, a save that fails says so and is tried again, nothing is lost.

SQLite's own "database or disk is full" is produced with `max_page_count` on the
store's connections; a process that cannot grow any file (RLIMIT_FSIZE) stands
in for a disk with no space left at all.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event

from ijref.domain.errors import UserFacingError
from ijref.userdata.store import UserStore

JAXA_MOU = "agreement/isro-jaxa-mou-2016"
BIG = "A long note that needs new pages. " * 2000


class Disk:
    """Whether the store's database may grow; flipped by a test."""

    def __init__(self) -> None:
        self.full = False

    def on_checkout(self, dbapi_conn, _record, _proxy) -> None:  # type: ignore[no-untyped-def]
        cur = dbapi_conn.cursor()
        if self.full:
            (pages,) = cur.execute("PRAGMA page_count").fetchone()
            cur.execute(f"PRAGMA max_page_count = {pages}")
        else:
            cur.execute("PRAGMA max_page_count = 1073741823")
        cur.close()


@pytest.fixture
def disk() -> Iterator[Disk]:
    state = Disk()
    event.listen(Engine, "checkout", state.on_checkout)
    yield state
    event.remove(Engine, "checkout", state.on_checkout)


def test_a_save_on_a_full_disk_is_one_line_and_the_next_one_works(
    tmp_path: Path, disk: Disk
) -> None:
    with UserStore.open(tmp_path / "d") as s:
        note = s.add_note(JAXA_MOU, "small")
        disk.full = True
        for attempt in (
            lambda: s.add_note(JAXA_MOU, BIG),
            lambda: s.update_note(note.id, BIG),
        ):
            with pytest.raises(UserFacingError) as err:
                attempt()
            line = str(err.value)
            assert line.startswith("not saved: the disk is full") and "\n" not in line
            assert "INSERT" not in line and "long note" not in line
        assert [n.text for n in s.notes()] == ["small"]  # reading works
        disk.full = False
        s.update_note(note.id, BIG)
    with UserStore.open(tmp_path / "d") as s:
        assert [n.text for n in s.notes()] == [BIG]


def test_the_editor_says_not_saved_keeps_the_text_and_saves_once_space_is_back(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, disk: Disk
) -> None:
    from ijref.ui.userdata.note_editor import NoteEditor

    store = UserStore.open(tmp_path / "d")
    try:
        note = store.add_note(JAXA_MOU, "small")
        editor = NoteEditor(store, {}, debounce_ms=10, retry_ms=50)
        qtbot.addWidget(editor)
        editor.show()
        editor.open_note(note.id)
        disk.full = True
        with qtbot.waitSignal(editor.saveFailed, timeout=30_000) as failed:
            editor.text.setPlainText(BIG)
        assert failed.args[0].startswith("not saved: the disk is full")
        assert editor.status.text().startswith("Not saved: the disk is full")
        assert editor.dirty and editor.text.toPlainText() == BIG
        editor.open_note(note.id)  # switching away must not drop the unsaved words
        assert editor.text.toPlainText() == BIG
        disk.full = False
        with qtbot.waitSignal(editor.saved, timeout=30_000):
            pass  # retried by itself
        assert editor.status.text().startswith("Saved")
        assert store.note(note.id).text == BIG  # type: ignore[union-attr]
    finally:
        store.close()


def _cli(data: Path, limit: int, *argv: str) -> subprocess.CompletedProcess[str]:
    """Run `ijref` in a process that cannot grow a file beyond `limit` bytes."""
    code = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, resource.RLIM_INFINITY))\n"
        "from ijref.cli.main import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    env = {**os.environ, "IJREF_DATA_DIR": str(data)}
    return subprocess.run(
        [sys.executable, "-c", code, *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _partials(data: Path) -> list[str]:
    return [p.name for p in data.rglob("*") if ".partial" in p.name]


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_the_command_line_reads_on_a_full_disk_and_refuses_a_save_in_one_line(
    tmp_path: Path,
) -> None:
    data = tmp_path / "d"
    with UserStore.open(data, auto_backup=False) as s:  # changed since its last backup
        s.add_note(JAXA_MOU, "written before the disk filled up")
    listed = _cli(data, 0, "notes", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert "written before the disk filled up" in listed.stdout
    assert listed.stderr.count("\n") <= 1 and "Traceback" not in listed.stderr
    refused = _cli(data, 0, "notes", "add", JAXA_MOU, "no room for this")
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1, refused.stderr
    assert refused.stderr.startswith("ijref: not saved:")
    assert _partials(data) == []
    with UserStore.open(data) as s:
        assert [n.text for n in s.notes()] == ["written before the disk filled up"]


def test_a_backup_that_cannot_be_written_stops_no_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    from ijref.cli.main import main

    data = tmp_path / "d"
    with UserStore.open(data) as s:
        s.add_note(JAXA_MOU, "first")

    real_connect = sqlite3.connect

    def no_room_for_backups(target, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(target).endswith(".partial"):  # where a backup is written, then renamed
            raise sqlite3.OperationalError("database or disk is full")
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", no_room_for_backups)
    for argv in (["notes", "add", "-", "second"], ["notes", "list"], ["bookmarks", "list"]):
        code = main(["--data-dir", str(data), *argv])
        _out, err = capsys.readouterr()
        assert code == 0, err
        assert err.count("\n") <= 1 and "backup" in err and "Traceback" not in err
    assert _partials(data) == []
    monkeypatch.undo()
    with UserStore.open(data) as s:
        assert sorted(n.text for n in s.notes()) == ["first", "second"]


def test_leftover_partial_backups_are_cleaned(tmp_path: Path) -> None:
    data = tmp_path / "d"
    UserStore.open(data).close()
    stale = data / "backups" / "auto-20240101T000000000000Z.sqlite.partial"
    stale.write_bytes(b"")
    old = 1_700_000_000
    os.utime(stale, (old, old))
    with contextlib.closing(UserStore.open(data)):
        pass
    assert _partials(data) == []
