"""Summaries and notes are in our own words: no run of eight words from the brief."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from audit_helpers import RUN, shared_runs

from ijref.catalog.recordfile import load_records

ROOT = Path(__file__).resolve().parents[1]
SOURCES = Path(os.environ.get("IJREF_SOURCES", ROOT.parent / "shared" / "sources"))
BRIEF = SOURCES / "india-japan-st-cooperation-2020-12.txt"


@pytest.fixture(scope="module")
def brief() -> str:
    if not BRIEF.is_file():
        pytest.skip(f"the brief is not at {BRIEF} (the shared sources are not checked out)")
    return BRIEF.read_text(encoding="utf-8")


def test_no_summary_or_note_copies_the_brief(brief: str) -> None:
    loaded = load_records(ROOT / "db" / "records")
    copied = [
        f"{r.id}: {run!r}"
        for r in loaded.records
        for text in (r.summary, *r.notes)
        for run in shared_runs(text, brief)
    ]
    assert not copied, "\n".join(copied)


def test_checker_catches_a_copied_sentence() -> None:
    source = "The Indian Beam Line project was initiated at the Photon Factory at KEK."
    copied = "Note: the indian beam-line project was initiated at the photon factory, at KEK."
    assert shared_runs(copied, source) == [
        "the indian beam line project was initiated at the photon factory at kek"
    ]


def test_checker_lets_short_shared_runs_through() -> None:
    source = "one two three four five six seven eight nine"
    mine = "one two three four five six seven, then something else"
    assert RUN == 8
    assert shared_runs(mine, source) == []
