"""What a briefing document holds, as plain data: cover, one entry per record, sources.

Built by `ijref.briefing.build` from a saved briefing, the catalog and the
user's notes; rendered to PDF, print and ODF in `ijref.ui.briefing`, and to
Markdown in `ijref.briefing.markdown`. Every string here is plain text (notes
are Markdown), to be escaped by whatever renders it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "BriefingDocument",
    "Cover",
    "Entry",
    "Fact",
    "FigureRow",
    "NoteText",
    "PartyGroup",
    "SourceEntry",
    "StatusLine",
]


@dataclass(frozen=True, slots=True)
class Cover:
    """The first page.

    Attributes:
        status_day: the day agreement status is worked out for: the meeting date,
            or the day the briefing was made when the meeting has no date.
        data_version: the catalog's data version; `data_as_of` the date of its data.
    """

    title: str
    meeting: str
    meeting_date: dt.date | None
    handling: str
    status_day: dt.date
    made_on: dt.date
    data_version: str
    data_as_of: str


@dataclass(frozen=True, slots=True)
class StatusLine:
    """An agreement's status on the status day, and the rule that decided it."""

    status: str
    day: dt.date
    rule: str


@dataclass(frozen=True, slots=True)
class Fact:
    """A labelled line: a key date (`Signed` → `11 Nov 2016`), a term, a type.

    Attributes:
        differs: the sources give values that cannot all be right; `values`
            then says what each source gives ("Aug 1985 — DST brief, para. 3").
    """

    label: str
    text: str
    differs: bool = False
    values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PartyGroup:
    """The parties of one side (India, Japan, Other), each as `Name (ACRONYM) — role`."""

    side: str
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FigureRow:
    """A figure with its unit and the date it held (`as_of` is "" when not given).

    Attributes:
        differs: two sources give different values for the same date.
        values: what each source gives, when the figure has several values
            (a history or a disagreement), one line each.
    """

    label: str
    value: str
    unit: str
    as_of: str
    differs: bool = False
    values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NoteText:
    """One of the user's notes chosen for the briefing (Markdown, as written)."""

    title: str
    markdown: str
    updated: dt.datetime


@dataclass(frozen=True, slots=True)
class Entry:
    """One record's part of the briefing.

    Attributes:
        number: its place in the briefing, from 1.
        missing: the record is not in this catalog (it left in a data update);
            the entry then holds only its id, this fact and the user's notes.
        citations: `(source number, citation text)`; the number points into
            `BriefingDocument.sources`.
        links: external addresses, printed as text and never followed.
    """

    number: int
    record_id: str
    title: str
    kind: str
    missing: bool = False
    short_name: str = ""
    status: StatusLine | None = None
    dates: tuple[Fact, ...] = ()
    facts: tuple[Fact, ...] = ()
    parties: tuple[PartyGroup, ...] = ()
    people: tuple[Fact, ...] = ()
    figures: tuple[FigureRow, ...] = ()
    summary: str = ""
    related: tuple[Fact, ...] = ()
    notes: tuple[NoteText, ...] = ()
    links: tuple[str, ...] = ()
    citations: tuple[tuple[int, str], ...] = ()

    @property
    def anchor(self) -> str:
        """A name for the entry's heading, for the contents to point at."""
        return f"entry-{self.number}"


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """A source cited anywhere in the briefing, numbered in order of first citation."""

    number: int
    source_id: str
    title: str
    publisher: str
    date: str
    url: str


@dataclass(frozen=True, slots=True)
class BriefingDocument:
    """The whole briefing: cover, entries in the user's order, and the sources cited."""

    cover: Cover
    entries: tuple[Entry, ...]
    sources: tuple[SourceEntry, ...]

    def texts(self) -> Iterator[str]:
        """Every piece of text the document prints (to check fonts cover its scripts)."""
        c = self.cover
        yield from (c.title, c.meeting, c.handling)
        for e in self.entries:
            yield from (e.title, e.short_name, e.kind, e.summary, *e.links)
            if e.status is not None:
                yield e.status.rule
            for fact in (*e.dates, *e.facts, *e.people, *e.related):
                yield from (fact.label, fact.text, *fact.values)
            for group in e.parties:
                yield from group.names
            for f in e.figures:
                yield from (f.label, f.unit, *f.values)
            for n in e.notes:
                yield n.markdown
            yield from (text for _, text in e.citations)
        for s in self.sources:
            yield from (s.title, s.publisher)
