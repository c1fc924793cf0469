"""Hostile import files: devices, pipes and folders, deep nesting, huge numbers, impossible dates.

Each is refused at once, in one line, with nothing changed; none can hang an
import or exhaust memory.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from ijref.domain.errors import UserFacingError
from ijref.userdata.store import UserStore

JAXA_MOU = "agreement/isro-jaxa-mou-2016"
NOTE_UUID = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"


def _valid() -> dict[str, Any]:
    return {
        "format": "ijref-userdata",
        "version": 1,
        "exported_at": "2026-01-01T00:00:00+00:00",
        "notes": [
            {
                "uuid": NOTE_UUID,
                "record_id": JAXA_MOU,
                "text": "imported",
                "created_at": "2025-01-01T00:00:00+00:00",
                "updated_at": "2025-01-01T00:00:00+00:00",
            }
        ],
        "bookmarks": [],
    }


def _with_note(**change: str) -> str:
    data = _valid()
    data["notes"][0].update(change)
    return json.dumps(data)


HOSTILE = {
    "nested 100,000 deep": (
        '{"format": "ijref-userdata", "version": 1, "notes": '
        + "[" * 100_000
        + "]" * 100_000
        + "}",
        "nested",
    ),
    "a 5,000-digit number": (
        '{"format": "ijref-userdata", "version": 1, "exported_at": ' + "9" * 5000 + "}",
        "number",
    ),
    "a date after 9999 in UTC": (_with_note(created_at="9999-12-31T23:59:59-14:00"), "created_at"),
    "a date before year 1 in UTC": (
        _with_note(updated_at="0001-01-01T00:00:00+14:00"),
        "updated_at",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_json_is_refused_in_one_line(case: str, tmp_path: Path) -> None:
    content, words = HOSTILE[case]
    hostile = tmp_path / "hostile.json"
    hostile.write_text(content, encoding="utf-8")
    with UserStore.open(tmp_path / "victim") as victim:
        victim.add_note(JAXA_MOU, "mine")
        with pytest.raises(UserFacingError) as err:
            victim.import_json(hostile)
        assert "\n" not in str(err.value) and len(str(err.value)) < 300
        assert words in str(err.value)
        assert [n.text for n in victim.notes()] == ["mine"]


def _import_in_a_thread(store: UserStore, source: Path) -> tuple[threading.Thread, list[object]]:
    outcome: list[object] = []

    def work() -> None:
        try:
            outcome.append(store.import_json(source))
        except Exception as exc:
            outcome.append(exc)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(timeout=60)
    return thread, outcome


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_pipe_behind_a_json_name_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "notes.json"
    os.mkfifo(fifo)
    with UserStore.open(tmp_path / "victim") as victim:
        thread, outcome = _import_in_a_thread(victim, fifo)
        if thread.is_alive():  # release the reader that blocked, then fail
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            thread.join(timeout=60)
            pytest.fail("importing from a FIFO blocked")
        (err,) = outcome
        assert isinstance(err, UserFacingError) and "not a regular file" in str(err)


@pytest.mark.parametrize("special", ["/dev/zero", "a folder"])
def test_a_device_or_a_folder_is_refused_at_once(special: str, tmp_path: Path) -> None:
    source = tmp_path if special == "a folder" else Path(special)
    if not source.exists():
        pytest.skip(f"{special} does not exist here")
    with UserStore.open(tmp_path / "victim") as victim:
        thread, outcome = _import_in_a_thread(victim, source)
        assert not thread.is_alive()
        (err,) = outcome
        assert isinstance(err, UserFacingError) and "\n" not in str(err)
        assert victim.notes() == []


def test_bidi_overrides_and_controls_never_reach_tags_or_titles(tmp_path: Path) -> None:
    data = _valid()
    data["notes"][0]["text"] = "\u202e# Evil\x1b[31m title\n\nbody"
    data["bookmarks"] = [
        {
            "record_id": JAXA_MOU,
            "created_at": "2025-01-01T00:00:00+00:00",
            "tags": ["\u202eevil tag", "nul\x00tag", "\u2066isolate\u2069"],
        }
    ]
    source = tmp_path / "x.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    with UserStore.open(tmp_path / "victim") as victim:
        victim.import_json(source)
        (mark,) = victim.bookmarks()
        assert mark.tags == ("evil tag", "isolate", "nultag")
        (note,) = victim.notes()
        assert note.title == "Evil[31m title"
