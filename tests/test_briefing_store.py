"""Briefings in the user database: saved, ordered, exported, imported, backed up, migrated."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from ijref.domain.errors import UserFacingError
from ijref.userdata import schema
from ijref.userdata.store import UserStore

MOU = "agreement/isro-jaxa-mou-2016"
JAXA = "organization/jaxa"
LUPEX = "programme/lupex"


class Clock:
    """A clock that moves a second per call, so every save is newer than the last."""

    def __init__(self) -> None:
        self.now = dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now


CLOCK = Clock()  # one clock for every store a test opens: later saves are newer


def _open(folder: Path, known: frozenset[str] | None = None) -> UserStore:
    return UserStore.open(folder, known_ids=known, auto_backup=False, clock=CLOCK)


def test_a_briefing_keeps_its_details_records_in_order_and_chosen_notes(tmp_path: Path) -> None:
    with _open(tmp_path / "d") as store:
        book = store.briefings
        b = book.create(
            "JAXA call", "ISRO–JAXA review", dt.date(2018, 6, 1), "RESTRICTED — for internal use"
        )
        b, report = book.add_records(b.id, [MOU, JAXA, MOU])
        assert report.added == (MOU, JAXA) and report.already == ()
        b, report = book.add_records(b.id, [LUPEX, JAXA], notes="none")
        assert report.added == (LUPEX,) and report.already == (JAXA,)
        note = store.add_note(MOU, "日本語のメモ")
        store.add_note(MOU, "Not for the meeting")
        book.set_notes(b.id, MOU, "chosen", [note.uuid])
        book.reorder(b.id, [LUPEX, MOU, JAXA])

    with _open(tmp_path / "d") as store:  # all of it was committed
        (b,) = store.briefings.briefings()
        assert (b.title, b.meeting, b.meeting_date, b.handling) == (
            "JAXA call",
            "ISRO–JAXA review",
            dt.date(2018, 6, 1),
            "RESTRICTED — for internal use",
        )
        assert b.record_ids == (LUPEX, MOU, JAXA)
        item = b.item(MOU)
        assert item is not None and item.notes == "chosen"
        chosen = [n.text for n in store.notes(MOU) if item.includes(n)]
        assert chosen == ["日本語のメモ"]
        lupex = b.item(LUPEX)
        assert lupex is not None and lupex.notes == "none"


def test_titles_are_unique_renames_and_removals_work(tmp_path: Path) -> None:
    with _open(tmp_path / "d") as store:
        book = store.briefings
        a = book.create("JAXA call")
        book.create("METI visit")
        with pytest.raises(UserFacingError, match="already a briefing"):
            book.create("  jaxa   CALL ")
        with pytest.raises(UserFacingError, match="already a briefing"):
            book.update(a.id, title="METI visit")
        with pytest.raises(UserFacingError, match="needs a title"):
            book.create("   ")
        disguised = book.create("ISRO\u202e call\x00 \t notes", handling="SECRET\x1b[31m")
        assert (disguised.title, disguised.handling) == ("ISRO call notes", "SECRET[31m")
        book.delete(disguised.id)
        a = book.update(a.id, title="JAXA call, June", meeting_date=None)
        assert book.named("jaxa call, june").id == a.id
        with pytest.raises(UserFacingError, match="no briefing “nope”"):
            book.named("nope")
        a, _ = book.add_records(a.id, [MOU, JAXA])
        a = book.remove_records(a.id, [MOU])
        assert a.record_ids == (JAXA,)
        with pytest.raises(UserFacingError, match="changed while"):
            book.reorder(a.id, [JAXA, MOU])
        with pytest.raises(UserFacingError, match="not a record id"):
            book.add_records(a.id, ["../../etc/passwd"])
        book.delete(a.id)
        assert [b.title for b in book.briefings()] == ["METI visit"]
        assert store.notes() == []  # deleting a briefing touches no note


def test_a_record_that_left_the_catalog_stays_in_the_briefing(tmp_path: Path) -> None:
    with _open(tmp_path / "d", frozenset({MOU, JAXA})) as store:
        b = store.briefings.create("JAXA call")
        store.briefings.add_records(b.id, [MOU, JAXA])
    with _open(tmp_path / "d", frozenset({JAXA})) as store:  # a data update dropped the MoU
        (b,) = store.briefings.briefings()
        assert b.record_ids == (MOU, JAXA)
        assert store.is_orphan(MOU) and not store.is_orphan(JAXA)


def test_export_and_import_carry_briefings_newest_wins(tmp_path: Path) -> None:
    with _open(tmp_path / "a") as store:
        b = store.briefings.create("JAXA call", "Review", dt.date(2018, 6, 1), "RESTRICTED")
        note = store.add_note(MOU, "Ask about LUPEX")
        store.briefings.add_records(b.id, [MOU, JAXA])
        store.briefings.set_notes(b.id, MOU, "chosen", [note.uuid])
        export = store.export_json(tmp_path / "out.json")
    data = json.loads(export.read_text(encoding="utf-8"))
    assert data["version"] == 2 and data["briefings"][0]["meeting_date"] == "2018-06-01"

    with _open(tmp_path / "b") as other:
        other.briefings.create("JAXA call")  # same title, another briefing
        report = other.import_json(export)
        assert report.added == 2  # the note and the briefing
        titles = sorted(b.title for b in other.briefings.briefings())
        assert titles == ["JAXA call", "JAXA call (2)"]
        imported = next(
            b for b in other.briefings.briefings() if b.uuid == data["briefings"][0]["uuid"]
        )
        assert imported.record_ids == (MOU, JAXA)
        item = imported.item(MOU)
        assert item is not None and item.note_uuids == (note.uuid,)
        again = other.import_json(export)
        assert again.added == 0 and again.updated == 0

    with _open(tmp_path / "a") as store:  # changed at home later: the newer one wins
        store.briefings.reorder(b.id, [JAXA, MOU])
        store.export_json(export)
    with _open(tmp_path / "b") as other:
        assert other.import_json(export).updated == 1
        moved = next(
            b for b in other.briefings.briefings() if b.uuid == data["briefings"][0]["uuid"]
        )
        assert moved.record_ids == (JAXA, MOU)

    # An older file (version 1, no briefings) still imports.
    old = {k: v for k, v in data.items() if k != "briefings"} | {"version": 1}
    (tmp_path / "v1.json").write_text(json.dumps(old), encoding="utf-8")
    with _open(tmp_path / "c") as third:
        assert third.import_json(tmp_path / "v1.json").added == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"items": [{"record_id": "javascript:alert(1)", "notes": "all"}]}, "record_id"),
        ({"items": [{"record_id": MOU, "notes": "some"}]}, "notes"),
        ({"title": ""}, "title"),
        ({"meeting_date": "next Tuesday"}, "meeting_date"),
        ({"handling": "x" * 201}, "handling"),
    ],
)
def test_a_hostile_briefing_in_an_import_is_refused_whole(
    tmp_path: Path, change: dict[str, object], reason: str
) -> None:
    with _open(tmp_path / "a") as store:
        store.add_note(MOU, "kept")
        b = store.briefings.create("JAXA call")
        store.briefings.add_records(b.id, [MOU])
        data = json.loads(store.export_json(tmp_path / "out.json").read_text(encoding="utf-8"))
    data["briefings"][0].update(change)
    (tmp_path / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    with _open(tmp_path / "b") as other:
        with pytest.raises(UserFacingError, match=reason) as err:
            other.import_json(tmp_path / "bad.json")
        assert "\n" not in str(err.value)
        assert other.notes() == [] and other.briefings.briefings() == []


def test_a_backup_holds_the_briefings(tmp_path: Path) -> None:
    with _open(tmp_path / "d") as store:
        b = store.briefings.create("JAXA call")
        store.briefings.add_records(b.id, [MOU])
        backup = store.backup_to(tmp_path / "by-hand.sqlite")
        store.briefings.delete(b.id)
        store.restore(backup)
        (back,) = store.briefings.briefings()
        assert back.record_ids == (MOU,)


def test_a_schema_0002_database_gains_briefings_after_a_numbered_backup(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    db = folder / "user.sqlite"
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        schema.run_alembic(conn, "0002")
    engine.dispose()
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO bookmarks (record_id, created_at) VALUES (?, ?)",
            (JAXA, "2024-01-02T03:04:05.000006+00:00"),
        )
    with _open(folder) as store:
        assert [b.record_id for b in store.bookmarks()] == [JAXA]
        b = store.briefings.create("JAXA call")
        assert store.briefings.add_records(b.id, [JAXA])[0].record_ids == (JAXA,)
        taken = store.migration_backup
    assert taken is not None and "-from-0002" in taken.name
