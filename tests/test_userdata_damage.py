"""Damage to the notes database, as an attacker or a failing disk makes it: nothing is lost.

An emptied file, a damaged write-ahead log, bit flips in a note's text and a
wrong file given to `backups restore` are each told in one line; the damaged
file is kept, the newest good backup is offered, and no backup that holds notes
is rotated away.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from ijref.domain.errors import UserFacingError
from ijref.userdata import backups
from ijref.userdata.store import UserDataDamagedError, UserStore

JAXA_MOU = "agreement/isro-jaxa-mou-2016"
SECRET = "SECRET-position-on-the-rover"


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def _notes_in(path: Path) -> list[str]:
    with sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True) as conn:
        return [t for (t,) in conn.execute("SELECT text FROM notes ORDER BY id")]


def _backups_holding(folder: Path, text: str) -> list[Path]:
    return [b.path for b in backups.list_backups(folder / "backups") if text in _notes_in(b.path)]


def _one_line_without_secret(message: str) -> None:
    assert "\n" not in message and SECRET not in message and len(message) < 400


def test_an_emptied_database_is_damage_and_its_backups_survive_every_start(
    tmp_path: Path,
) -> None:
    clock = Clock()
    folder = tmp_path / "d"
    with UserStore.open(folder, clock=clock) as s:
        s.add_note(JAXA_MOU, "the only copy of this thought")
    db = folder / "user.sqlite"
    db.write_bytes(b"")  # a 0-byte file: a failed sync, a bad copy, an attacker
    for _start in range(6):
        clock.advance(minutes=1)
        with pytest.raises(UserDataDamagedError) as err:
            UserStore.open(folder, clock=clock)
        _one_line_without_secret(str(err.value))
        assert "empty" in str(err.value)
        offered = err.value.backup
        assert offered is not None and _notes_in(offered.path) == ["the only copy of this thought"]
    assert db.read_bytes() == b""  # kept as it is
    assert _backups_holding(folder, "the only copy of this thought")


def test_a_first_start_after_a_killed_creation_is_still_a_first_start(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "user.sqlite").write_bytes(b"")  # killed before the schema was written
    with UserStore.open(folder) as s:
        assert s.notes() == []


def _flip_in_note_text(db: Path, text: str) -> None:
    """Set the high bit of a letter just after `text` in the file: no longer valid UTF-8."""
    raw = bytearray(db.read_bytes())
    at = raw.index(text.encode()) + len(text) + 2
    raw[at] |= 0x80
    db.write_bytes(bytes(raw))


def test_bit_flips_in_a_notes_text_are_damage_and_take_no_backup(tmp_path: Path) -> None:
    clock = Clock()
    folder = tmp_path / "d"
    with UserStore.open(folder, clock=clock) as s:
        s.add_note(JAXA_MOU, SECRET + " and a lot more to say")
    db = folder / "user.sqlite"
    _flip_in_note_text(db, SECRET)
    assert backups.integrity_ok(db)  # SQLite's own check does not see it
    before = [b.path for b in backups.list_backups(folder / "backups")]
    flipped = db.read_bytes()
    for _start in range(3):
        clock.advance(minutes=1)
        with pytest.raises(UserDataDamagedError) as err:
            UserStore.open(folder, clock=clock)
        _one_line_without_secret(str(err.value))
        assert err.value.backup is not None
    assert [b.path for b in backups.list_backups(folder / "backups")] == before
    assert db.read_bytes() == flipped


def _snapshot_while_open(folder: Path, into: Path, notes: int) -> None:
    """Copy the database and its write-ahead log as a crash would leave them."""
    with UserStore.open(folder) as s:
        for i in range(notes):
            s.add_note(JAXA_MOU, f"note {i}: " + "words of a note " * 20)
        into.mkdir()
        for name in ("user.sqlite", "user.sqlite-wal"):
            shutil.copyfile(folder / name, into / name)
        shutil.copytree(folder / "backups", into / "backups")


def test_a_damaged_write_ahead_log_is_caught_and_kept(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    with UserStore.open(folder) as s:
        s.add_note(JAXA_MOU, "from yesterday")
    crashed = tmp_path / "crashed"
    _snapshot_while_open(folder, crashed, notes=35)
    wal = crashed / "user.sqlite-wal"
    raw = bytearray(wal.read_bytes())
    assert len(raw) > 20 * 4096
    for k in range(20):  # bit flips in frames in the middle of the log
        raw[4096 * 3 + k * 1999] ^= 0x10
    wal.write_bytes(bytes(raw))
    damaged_wal = wal.read_bytes()
    with pytest.raises(UserDataDamagedError) as err:
        UserStore.open(crashed)
    _one_line_without_secret(str(err.value))
    assert "log" in str(err.value)
    assert err.value.backup is not None and _notes_in(err.value.backup.path) == ["from yesterday"]
    assert wal.read_bytes() == damaged_wal  # nothing checkpointed it away
    kept = [p for p in crashed.iterdir() if p.name.endswith("-wal") and p != wal]
    assert [p.read_bytes() for p in kept] == [damaged_wal]  # and a copy is kept


def test_an_intact_log_left_by_a_crash_opens_with_every_note(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    crashed = tmp_path / "crashed"
    _snapshot_while_open(folder, crashed, notes=35)
    wal = crashed / "user.sqlite-wal"
    with wal.open("ab") as fh:  # and a torn frame at its end, as a power cut leaves
        fh.write(b"\x00" * 1000)
    with UserStore.open(crashed) as s:
        assert len(s.notes()) == 35


def test_restore_refuses_a_database_that_is_not_ijref_notes(
    tmp_path: Path, fixture_build: Path
) -> None:
    catalog = next(fixture_build.glob("*/catalog.sqlite"))
    alien = tmp_path / "alien.sqlite"
    with sqlite3.connect(alien) as conn:  # another program's Alembic database
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        conn.execute("INSERT INTO alembic_version VALUES ('0001')")
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    newer = tmp_path / "newer.sqlite"
    with UserStore.open(tmp_path / "n") as s:
        s.add_note(None, "from the future")
        s.backup_to(newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with UserStore.open(tmp_path / "d") as s:
        s.add_note(JAXA_MOU, "mine")
        for wrong, words in ((catalog, "not an ijref"), (alien, "not an ijref"), (newer, "newer")):
            with pytest.raises(UserFacingError) as err:
                s.restore(wrong)
            assert "\n" not in str(err.value) and words in str(err.value)
            assert [n.text for n in s.notes()] == ["mine"]


def test_restore_takes_a_backup_of_an_older_schema(tmp_path: Path) -> None:
    from ijref.userdata import schema

    old = tmp_path / "old.sqlite"
    with UserStore.open(tmp_path / "o") as s:
        s.add_note(None, "written by an older ijref")
        s.backup_to(old)
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{old}")
    with engine.begin() as conn:  # back to the first revision, as an old ijref wrote it
        schema.run_alembic(conn, "0001")
    engine.dispose()
    assert schema.HEAD != "0001"
    with UserStore.open(tmp_path / "d") as s:
        s.restore(old)
        assert [n.text for n in s.notes()] == ["written by an older ijref"]


def test_rotation_keeps_every_distinct_backup_that_holds_notes(tmp_path: Path) -> None:
    clock = Clock()
    folder = tmp_path / "d"
    with UserStore.open(folder, clock=clock) as s:
        note = s.add_note(JAXA_MOU, "35 notes of work")
    # The user then deletes the note and starts the app forty times the same day.
    with UserStore.open(folder, clock=clock) as s:
        s.delete_note(note.id)
    for _start in range(40):
        clock.advance(minutes=2)
        UserStore.open(folder, clock=clock).close()
    assert _backups_holding(folder, "35 notes of work")
    # Forty starts with nothing new wrote no forty copies of the same thing.
    assert len(backups.list_backups(folder / "backups")) <= 4


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_pipe_in_place_of_the_database_is_one_line_not_a_hang(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    os.mkfifo(folder / "user.sqlite")
    outcome: list[BaseException] = []

    def start() -> None:
        try:
            UserStore.open(folder).close()
        except BaseException as exc:
            outcome.append(exc)

    opener = threading.Thread(target=start, daemon=True)
    opener.start()
    opener.join(timeout=60)
    if opener.is_alive():  # release the open that blocked, then fail
        os.close(os.open(folder / "user.sqlite", os.O_RDONLY | os.O_NONBLOCK))
        opener.join(timeout=60)
        pytest.fail("opening the store blocked on a pipe")
    (err,) = outcome
    assert isinstance(err, UserFacingError) and "not a regular file" in str(err)
