"""Backups: taken automatically and by hand, rotated, and offered when the database is damaged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ijref.userdata import backups
from ijref.userdata.store import UserDataDamagedError, UserStore

JAXA_MOU = "agreement/isro-jaxa-mou-2016"


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def test_backup_at_start_and_every_30_minutes_while_notes_change(tmp_path: Path) -> None:
    clock = Clock()
    with UserStore.open(tmp_path / "d", clock=clock) as s:
        note = s.add_note(JAXA_MOU, "v0")
    clock.advance(minutes=1)
    with UserStore.open(tmp_path / "d", clock=clock) as s:
        # On closing after a change; a start with nothing new writes no second copy.
        assert len(s.backups()) == 1
        for i in range(7):  # 7 edits, 10 minutes apart: 70 minutes of typing
            clock.advance(minutes=10)
            s.update_note(note.id, f"v{i + 1}")
        assert len(s.backups()) == 3  # and after 30 and after 60 minutes
        newest = s.backups()[0].path
    # The newest backup holds the text as it was then.
    import sqlite3

    with sqlite3.connect(newest) as conn:
        assert conn.execute("SELECT text FROM notes").fetchone() == ("v6",)


def test_rotation_keeps_12_daily_and_10_weekly(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    db = tmp_path / "x.sqlite"
    import sqlite3

    sqlite3.connect(db).close()
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    for day in range(120):  # four backups a day for 120 days
        for hour in (8, 12, 16, 20):
            backups.make_backup(db, folder, now=start + dt.timedelta(days=day, hours=hour))
    backups.make_backup(db, folder, backups.PRE_MIGRATION, now=start, suffix="-001-from-0001")
    backups.rotate(folder)
    kept = backups.list_backups(folder)
    autos = [b for b in kept if b.kind == "auto"]
    days = {b.taken_at.date() for b in autos}
    weeks = {b.taken_at.isocalendar()[:2] for b in autos}
    last = (start + dt.timedelta(days=119)).date()
    assert all((last - dt.timedelta(days=n)) in days for n in range(12))
    assert len(weeks) == 10
    assert len(autos) <= 4 + 12 + 10
    assert any(b.kind == "pre-migration" for b in kept)  # never rotated away


def _damage(db: Path) -> None:
    with db.open("r+b") as fh:
        fh.seek(0)
        fh.write(b"this is not a sqlite file anymore" * 4)


def test_damaged_database_offers_newest_good_backup_and_is_never_overwritten(
    tmp_path: Path,
) -> None:
    clock = Clock()
    folder = tmp_path / "d"
    with UserStore.open(folder, clock=clock) as s:
        s.add_note(JAXA_MOU, "before the crash")
    clock.advance(minutes=1)
    UserStore.open(folder, clock=clock).close()  # start-up backup holds the note
    db = folder / "user.sqlite"
    _damage(db)
    damaged_bytes = db.read_bytes()
    # A newer backup that is itself damaged must be passed over.
    clock.advance(minutes=1)
    bad = folder / "backups" / f"auto-{clock.now:%Y%m%dT%H%M%S%f}Z.sqlite"
    bad.write_bytes(b"garbage")
    with pytest.raises(UserDataDamagedError) as err:
        UserStore.open(folder, clock=clock)
    assert "\n" not in str(err.value) and "restore" in str(err.value)
    offered = err.value.backup
    assert offered is not None and offered.path != bad
    assert db.read_bytes() == damaged_bytes  # opening did not touch it
    kept = backups.restore(db, offered.path, now=clock())
    assert kept is not None and kept.read_bytes() == damaged_bytes
    with UserStore.open(folder, clock=clock) as s:
        assert [n.text for n in s.notes()] == ["before the crash"]
        assert len(s.search_notes("crash")) == 1


def test_manual_backup_and_restore_through_the_store(tmp_path: Path) -> None:
    with UserStore.open(tmp_path / "d") as s:
        note = s.add_note(JAXA_MOU, "original")
        saved = s.backup_to(tmp_path / "by-hand.sqlite")
        s.update_note(note.id, "changed afterwards")
        kept = s.restore(saved)
        assert [n.text for n in s.notes()] == ["original"]
        assert [h.note_id for h in s.search_notes("original")] == [note.id]
        assert s.search_notes("afterwards") == []
    assert kept is not None and backups.integrity_ok(kept)  # the replaced file is kept


def test_restoring_a_damaged_backup_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"nope")
    with UserStore.open(tmp_path / "d") as s:
        s.add_note(None, "still here")
        with pytest.raises(backups.UserFacingError, match="damaged"):
            s.restore(bad)
        assert [n.text for n in s.notes()] == ["still here"]


def test_idle_check_backs_up_the_last_edits_once(tmp_path: Path) -> None:
    clock = Clock()
    with UserStore.open(tmp_path / "d", clock=clock) as s:
        note = s.add_note(JAXA_MOU, "v0")
        clock.advance(minutes=5)
        s.update_note(note.id, "last edit before lunch")
        assert s.backup_if_due() is None  # not yet 30 minutes
        clock.advance(minutes=40)
        taken = s.backup_if_due()
        assert taken is not None
        clock.advance(minutes=40)
        assert s.backup_if_due() is None  # nothing changed since
    import sqlite3

    with sqlite3.connect(taken) as conn:
        assert conn.execute("SELECT text FROM notes").fetchone() == ("last edit before lunch",)
