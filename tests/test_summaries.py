"""Summaries and notes are in our own words: no run of eight words from any source."""

# pytest fixtures are imported from audit_fixtures and named again as arguments.
# ruff: noqa: F811

from __future__ import annotations

from audit_fixtures import exceptions, loaded, records, texts  # noqa: F401
from audit_helpers import RUN, SourceText, shared_runs

from ijref.domain.records import Record


def _own_words(r: Record) -> list[str]:
    """Everything in a record written for ijref: summary, notes, notes on values."""
    out = [r.summary, *r.notes]
    out += [c.note for d in r.dates for c in d.claims]
    out += [c.note for f in r.figures for c in f.claims]
    return [t for t in out if t]


def test_no_summary_or_note_copies_any_source(
    records: tuple[Record, ...], texts: list[SourceText]
) -> None:
    assert len(texts) == 14  # the brief and thirteen fact sheets
    copied = [
        f"{r.id}: {t.id}: {run!r}"
        for r in records
        for text in _own_words(r)
        for t in texts
        for run in shared_runs(text, t.text)
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
