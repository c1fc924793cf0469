"""Moving notes to another machine: export, import, and refusing hostile files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ijref.domain.errors import UserFacingError
from ijref.userdata.store import UserStore

JAXA_MOU = "agreement/isro-jaxa-mou-2016"


def _snapshot(s: UserStore) -> tuple[Any, Any]:
    notes = sorted((n.uuid, n.record_id, n.text, n.created_at, n.updated_at) for n in s.notes())
    marks = sorted((b.record_id, b.created_at, b.tags) for b in s.bookmarks())
    return notes, marks


@pytest.fixture
def filled(tmp_path: Path):
    s = UserStore.open(tmp_path / "laptop-a")
    s.add_note(JAXA_MOU, "# Lunar mission\n\n* rover\n* lander — 月\n\nAsk about **LUPEX**.")
    s.add_note(None, "Free-standing: call the embassy <b>before</b> Friday.")
    s.add_note("organization/jaxa", "")
    s.add_bookmark(JAXA_MOU, ["space", "brief"])
    s.add_bookmark("organization/isro")
    yield s
    s.close()


def test_export_then_import_into_empty_profile_is_identical(
    filled: UserStore, tmp_path: Path
) -> None:
    export = filled.export_json(tmp_path / "notes.json")
    with UserStore.open(tmp_path / "laptop-b") as fresh:
        report = fresh.import_json(export)
        assert (report.added, report.updated, report.skipped) == (5, 0, 0)
        assert _snapshot(fresh) == _snapshot(filled)
        assert len(fresh.search_notes("LUPEX")) == 1  # the index follows the import


def test_importing_the_same_file_twice_adds_nothing(filled: UserStore, tmp_path: Path) -> None:
    export = filled.export_json(tmp_path / "notes.json")
    with UserStore.open(tmp_path / "laptop-b") as fresh:
        fresh.import_json(export)
        before = _snapshot(fresh)
        again = fresh.import_json(export)
        assert (again.added, again.updated, again.skipped) == (0, 0, 5)
        assert _snapshot(fresh) == before


def test_import_updates_older_notes_and_keeps_newer_ones(filled: UserStore, tmp_path: Path) -> None:
    export = filled.export_json(tmp_path / "v1.json")
    with UserStore.open(tmp_path / "laptop-b") as other:
        other.import_json(export)
        lunar = next(n for n in other.notes() if "Lunar" in n.text)
        other.update_note(lunar.id, "# Lunar mission\n\nEdited on laptop B.")
        other.add_bookmark(JAXA_MOU, ["moon"])
        back = other.export_json(tmp_path / "v2.json")
    report = filled.import_json(back)
    assert (report.added, report.updated) == (0, 2)  # the edited note, the new tag
    assert any("Edited on laptop B." in n.text for n in filled.notes())
    assert filled.bookmark(JAXA_MOU).tags == ("brief", "moon", "space")  # type: ignore[union-attr]
    # Importing the older file now skips: the newer text is kept.
    again = filled.import_json(export)
    assert again.updated == 0
    assert any("Edited on laptop B." in n.text for n in filled.notes())


def test_markdown_export_is_readable(filled: UserStore, tmp_path: Path) -> None:
    path = filled.export_markdown(
        tmp_path / "notes.md", {JAXA_MOU: "Memorandum between ISRO and JAXA"}
    )
    text = path.read_text(encoding="utf-8")
    assert "### Memorandum between ISRO and JAXA (`agreement/isro-jaxa-mou-2016`)" in text
    assert "Ask about **LUPEX**." in text
    assert "### Free-standing notes" in text
    assert "`organization/isro` (record not in this catalog)" in text


def _valid(tmp_path: Path, filled: UserStore) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(filled.export_json(tmp_path / "ok.json").read_text())
    return data


def _hostile_cases(data: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """name → (file content, expected words in the one-line reason)."""
    text = json.dumps(data)

    def variant(**change: Any) -> str:
        return json.dumps({**data, **change})

    note = data["notes"][0]
    return {
        "wrong version": (variant(version=99), "version"),
        "other format": (variant(format="something-else"), "not an ijref notes export"),
        "truncated": (text[: len(text) // 2], "truncated"),
        "not json": ("\x00\x01binary", "not valid JSON"),
        "top-level list": ("[1, 2, 3]", "not an ijref notes export"),
        "huge field": (variant(notes=[{**note, "text": "x" * 1_000_001}]), "refused"),
        "path as id": (variant(notes=[{**note, "record_id": "../../etc/passwd"}]), "record_id"),
        "url as id": (
            variant(
                bookmarks=[{"record_id": "javascript:alert(1)", "created_at": note["created_at"]}]
            ),
            "record_id",
        ),
        "unknown kind": (variant(notes=[{**note, "record_id": "person/someone"}]), "record_id"),
        "extra field": (variant(notes=[{**note, "evil": "<script>"}]), "evil"),
        "bad uuid": (variant(notes=[{**note, "uuid": "1; DROP TABLE notes"}]), "uuid"),
        "naive time": (
            variant(notes=[{**note, "created_at": "2024-01-01T00:00:00"}]),
            "created_at",
        ),
        "duplicate uuid": (variant(notes=[note, note]), "twice"),
        "wrong type": (variant(notes=[{**note, "text": 42}]), "text"),
        "second note bad": (
            variant(notes=[{**note, "uuid": "0" * 8 + "-0000-0000-0000-" + "0" * 12}, {"x": 1}]),
            "notes.1",
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "wrong version",
        "other format",
        "truncated",
        "not json",
        "top-level list",
        "huge field",
        "path as id",
        "url as id",
        "unknown kind",
        "extra field",
        "bad uuid",
        "naive time",
        "duplicate uuid",
        "wrong type",
        "second note bad",
    ],
)
def test_hostile_import_is_refused_in_one_line_and_changes_nothing(
    case: str, tmp_path: Path, filled: UserStore
) -> None:
    content, words = _hostile_cases(_valid(tmp_path, filled))[case]
    hostile = tmp_path / "hostile.json"
    hostile.write_text(content, encoding="utf-8")
    with UserStore.open(tmp_path / "victim") as victim:
        victim.add_note(JAXA_MOU, "mine")
        before = _snapshot(victim)
        with pytest.raises(UserFacingError) as err:
            victim.import_json(hostile)
        message = str(err.value)
        assert "\n" not in message and len(message) < 400
        assert words in message
        assert _snapshot(victim) == before


def test_file_too_big_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as fh:
        fh.truncate(65 * 1024 * 1024)  # sparse: no real disk use
    with UserStore.open(tmp_path / "d") as s, pytest.raises(UserFacingError, match="MB"):
        s.import_json(big)


def test_html_and_script_in_imported_text_stay_inert_text(
    filled: UserStore, tmp_path: Path
) -> None:
    data = _valid(tmp_path, filled)
    payload = '<script>alert(1)</script><img src="http://evil.example/x.png"> \u202eevil\x00'
    data["notes"] = [{**data["notes"][0], "text": payload}]
    path = tmp_path / "html.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with UserStore.open(tmp_path / "d") as s:
        report = s.import_json(path)
        (note,) = s.notes()
    # Kept as the literal text the user wrote (shown as text, see the UI tests),
    # with invisible control characters removed and said so.
    assert note.text == '<script>alert(1)</script><img src="http://evil.example/x.png"> evil'
    assert "removed control characters from 1 note" in report.summary()


_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="".join(map(chr, [*range(0x20), 0x7F, *range(0x202A, 0x202F)]))
        + "\u2066\u2067\u2068\u2069",
    )
    | st.sampled_from(["\n", "\t", "\r"]),
    max_size=300,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(st.tuples(st.sampled_from([None, JAXA_MOU, "event/x-1"]), _TEXT), max_size=5))
def test_any_notes_survive_the_round_trip(
    tmp_path_factory: pytest.TempPathFactory, texts: list[tuple[str | None, str]]
) -> None:
    root = tmp_path_factory.mktemp("rt")
    with UserStore.open(root / "a", auto_backup=False) as a:
        for record_id, text in texts:
            a.add_note(record_id, text)
        export = a.export_json(root / "x.json")
        with UserStore.open(root / "b", auto_backup=False) as b:
            assert b.import_json(export).added == len(texts)
            assert _snapshot(b) == _snapshot(a)
