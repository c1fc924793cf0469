"""Notes and bookmarks as the user sees them: saved, listed, orphaned, private, searchable."""

from __future__ import annotations

import datetime as dt
import logging
import os
import stat
from pathlib import Path

import pytest

from ijref.domain.errors import UserFacingError
from ijref.userdata.paths import DATA_ENV, data_dir
from ijref.userdata.store import UserStore

JAXA_MOU = "agreement/isro-jaxa-mou-2016"


@pytest.fixture
def store(tmp_path: Path):
    s = UserStore.open(tmp_path / "data")
    yield s
    s.close()


def test_note_saved_is_there_after_reopening(tmp_path: Path) -> None:
    with UserStore.open(tmp_path / "d") as s:
        first = s.add_note(JAXA_MOU, "Lunar polar mission: ask about the rover.")
        s.add_note(JAXA_MOU, "Second note on the same record.")
        free = s.add_note(None, "A free-standing note.")
        s.update_note(first.id, "Lunar polar mission: rover confirmed.")
    with UserStore.open(tmp_path / "d") as s:
        notes = s.notes()
        assert {n.text for n in s.notes(JAXA_MOU)} == {
            "Lunar polar mission: rover confirmed.",
            "Second note on the same record.",
        }
        assert s.note(free.id) is not None and s.note(free.id).record_id is None  # type: ignore[union-attr]
    assert notes[0].updated_at >= notes[-1].updated_at  # newest first
    assert notes[0].text == "Lunar polar mission: rover confirmed."


def test_updated_time_moves_and_created_time_stays(store: UserStore) -> None:
    note = store.add_note(JAXA_MOU, "v1")
    later = store.update_note(note.id, "v2")
    assert later.created_at == note.created_at
    assert later.updated_at >= note.updated_at


def test_notes_filter_by_text(store: UserStore) -> None:
    store.add_note(JAXA_MOU, "about the 100% share_of costs")
    store.add_note(None, "unrelated")
    assert [n.text for n in store.notes(contains="100% share_")] == [
        "about the 100% share_of costs"
    ]
    assert store.notes(contains="%") != store.notes()


def test_bookmark_toggle_and_tags(store: UserStore) -> None:
    assert store.toggle_bookmark(JAXA_MOU) is True
    assert store.is_bookmarked(JAXA_MOU)
    store.add_bookmark(JAXA_MOU, ["space", " briefing "])
    assert store.bookmarks()[0].tags == ("briefing", "space")
    store.set_tags(JAXA_MOU, ["moon"])
    assert store.bookmark(JAXA_MOU).tags == ("moon",)  # type: ignore[union-attr]
    assert store.toggle_bookmark(JAXA_MOU) is False
    assert store.bookmarks() == []


def test_bad_record_id_is_refused_in_one_line(store: UserStore) -> None:
    with pytest.raises(UserFacingError, match="not a record id") as err:
        store.add_note("../../etc/passwd", "x")
    assert "\n" not in str(err.value)
    with pytest.raises(UserFacingError):
        store.add_bookmark("http://evil.example/")
    assert store.notes() == [] and store.bookmarks() == []


def test_orphans_after_a_data_update_are_kept_and_listed(tmp_path: Path) -> None:
    with UserStore.open(tmp_path / "d") as s:
        s.add_note("event/renamed-meeting", "my notes from the meeting")
        s.add_note(JAXA_MOU, "still there")
        s.add_bookmark("event/renamed-meeting")
        s.add_bookmark(JAXA_MOU)
    # The next data update no longer has event/renamed-meeting.
    with UserStore.open(tmp_path / "d", known_ids=frozenset({JAXA_MOU})) as s:
        assert [n.text for n in s.orphaned_notes()] == ["my notes from the meeting"]
        assert [b.record_id for b in s.orphaned_bookmarks()] == ["event/renamed-meeting"]
        assert len(s.notes()) == 2 and len(s.bookmarks()) == 2


@pytest.mark.skipif(os.name != "posix", reason="Unix permissions")
def test_files_are_private_to_the_user(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    with UserStore.open(folder) as s:
        s.add_note(JAXA_MOU, "confidential")
        export = s.export_json(tmp_path / "export.json")
        s.backup_now()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "backups").stat().st_mode) == 0o700
    for path in [*folder.glob("user.sqlite*"), *(folder / "backups").iterdir(), export]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


@pytest.mark.skipif(os.name != "posix", reason="Unix permissions")
def test_a_folder_ijref_did_not_create_keeps_its_mode_and_is_warned_about(
    tmp_path: Path,
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # a sticky, world-writable folder others use too
    link = tmp_path / "data"
    link.symlink_to(shared, target_is_directory=True)
    with UserStore.open(link) as s:
        s.add_note(JAXA_MOU, "confidential")
        (warning,) = s.notices
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert "\n" not in warning and str(link) in warning and "other users" in warning
    for path in shared.glob("user.sqlite*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path  # the files stay private
    assert stat.S_IMODE((shared / "backups").stat().st_mode) == 0o700  # ijref made this one


@pytest.mark.skipif(os.name != "posix", reason="Unix permissions")
def test_folders_made_under_umask_000_are_private(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        UserStore.open(tmp_path / "new" / "parent" / "d").close()
    finally:
        os.umask(old)
    for folder in (tmp_path / "new", tmp_path / "new" / "parent", tmp_path / "new/parent/d"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="Unix, not root")
def test_unwritable_data_dir_is_one_line_with_a_fix(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(UserFacingError, match="--data-dir"):
        UserStore.open(locked / "d")


def test_data_dir_from_option_then_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "env"))
    assert data_dir() == tmp_path / "env"
    assert data_dir(tmp_path / "opt") == tmp_path / "opt"
    monkeypatch.delenv(DATA_ENV)
    assert data_dir().name in ("ijref", "ijref".lower())


def test_note_text_never_reaches_logs_or_reprs(
    store: UserStore, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    secret = "SECRET-negotiating-position-42"
    caplog.set_level(logging.DEBUG)
    note = store.add_note(JAXA_MOU, secret)
    store.update_note(note.id, secret + " v2")
    store.search_notes("negotiating")
    store.export_json(tmp_path / "x.json")
    store.import_json(tmp_path / "x.json")
    assert secret not in caplog.text
    assert secret not in repr(note) and secret not in repr(store.notes())
    assert "negotiating" not in repr(store.search_notes("negotiating"))


def test_search_finds_notes_marked_as_notes(store: UserStore) -> None:
    note = store.add_note(JAXA_MOU, "The rover <will> land near the lunar south pole.")
    store.add_note(None, "Fisheries cooperation")
    hits = store.search_notes("lunar")
    assert [(h.note_id, h.kind, h.record_id) for h in hits] == [(note.id, "note", JAXA_MOU)]
    assert "<b" in hits[0].highlights and "&lt;will&gt;" in hits[0].highlights
    store.update_note(note.id, "Changed my mind: Mars.")
    assert store.search_notes("lunar") == []
    assert [h.note_id for h in store.search_notes("mars")] == [note.id]
    store.delete_note(note.id)
    assert store.search_notes("mars") == []


def test_a_notes_snippet_shows_its_words_not_its_markdown(store: UserStore) -> None:
    store.add_note(
        JAXA_MOU,
        "## Call with **LUPEX** team\n\n- rover `mass` budget, see [the MoU](https://jaxa.invalid/mou)",
    )
    (hit,) = store.search_notes("lupex")
    assert '<b class="match term0">LUPEX</b> team' in hit.highlights
    (hit,) = store.search_notes("rover")
    assert "rover</b> mass budget, see the MoU" in hit.highlights
    for syntax in ("**", "##", "`", "](", "https://jaxa.invalid"):
        assert syntax not in hit.highlights


def test_missing_or_damaged_notes_index_is_rebuilt(tmp_path: Path) -> None:
    with UserStore.open(tmp_path / "d") as s:
        s.add_note(JAXA_MOU, "gas hydrates in the Krishna-Godavari basin")
    index_dir = tmp_path / "d" / "notes-index"
    for f in index_dir.iterdir():
        f.write_bytes(b"garbage")
    with UserStore.open(tmp_path / "d") as s:
        assert len(s.search_notes("hydrates")) == 1
    import shutil

    shutil.rmtree(index_dir)
    with UserStore.open(tmp_path / "d") as s:
        assert len(s.search_notes("hydrates")) == 1


def test_index_out_of_step_with_database_is_rebuilt(tmp_path: Path) -> None:
    with UserStore.open(tmp_path / "d") as s:
        note = s.add_note(JAXA_MOU, "first words")
    # As if the app died between the database commit and the index update:
    import sqlite3

    with sqlite3.connect(tmp_path / "d" / "user.sqlite") as conn:
        conn.execute(
            "UPDATE notes SET text='second words', updated_at=? WHERE id=?",
            (dt.datetime.now(dt.UTC).isoformat(), note.id),
        )
    with UserStore.open(tmp_path / "d") as s:
        assert [h.note_id for h in s.search_notes("second")] == [note.id]
        assert s.search_notes("first") == []


def test_huge_note_is_refused_not_truncated(store: UserStore) -> None:
    with pytest.raises(UserFacingError, match="split it"):
        store.add_note(JAXA_MOU, "x" * 1_000_001)
    assert store.notes() == []


def test_a_database_error_does_not_quote_the_note(
    store: UserStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = store.add_note(JAXA_MOU, "first")
    import uuid

    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(first.uuid))  # a clash, to force an error
    with pytest.raises(Exception) as err:
        store.add_note(JAXA_MOU, "SECRET-position-on-the-rover")
    assert "SECRET" not in str(err.value) and "SECRET" not in repr(err.value)
    assert [n.text for n in store.notes()] == ["first"]


def test_control_and_bidi_characters_never_reach_tags_or_titles(store: UserStore) -> None:
    store.add_bookmark(JAXA_MOU, ["\u202eevil tag", "nul\x00tag", "two\nlines", "\x1b[2J"])
    assert store.bookmark(JAXA_MOU).tags == ("[2J", "evil tag", "nultag", "two lines")  # type: ignore[union-attr]
    store.set_tags(JAXA_MOU, ["\u2067hidden\u2069"])
    assert store.bookmark(JAXA_MOU).tags == ("hidden",)  # type: ignore[union-attr]
    note = store.add_note(JAXA_MOU, "\u202e# Plan\x07 for \u200fthe call\n\nbody")
    assert note.title == "Plan for the call"
    briefing = store.briefings.create("\u202eJAXA call\x00, June")
    assert briefing.title == "JAXA call, June"


def test_a_notes_title_is_its_first_line_as_a_reader_sees_it(store: UserStore) -> None:
    note = store.add_note(
        JAXA_MOU, "\n## Ask about the **LUPEX** rover, see [the MoU](https://x.invalid)\n"
    )
    assert note.title == "Ask about the LUPEX rover, see the MoU"
    assert store.add_note(None, "---\n- `mass` budget").title == "mass budget"


def test_record_id_with_a_trailing_newline_is_refused(store: UserStore) -> None:
    with pytest.raises(UserFacingError):
        store.add_bookmark(JAXA_MOU + "\n")
