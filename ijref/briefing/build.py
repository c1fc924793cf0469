"""Building a briefing document from a saved briefing, the catalog and the user's notes.

Agreement status is the domain's `validity` on the meeting date (today when the
meeting has no date). Nothing here renders: see `ijref.ui.briefing` and
`ijref.briefing.markdown`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from ijref.briefing.document import (
    BriefingDocument,
    Cover,
    Entry,
    Fact,
    FigureRow,
    NoteText,
    PartyGroup,
    SourceEntry,
    StatusLine,
)
from ijref.domain.display import (
    SourcedLine,
    date_text,
    extension_text,
    figure_text,
    relation_label,
    source_date_text,
)
from ijref.domain.records import Kind, Party, Record, Relation, Source
from ijref.domain.validity import term_text, validity
from ijref.userdata.entities import Briefing, BriefingItem, Note

__all__ = ["CatalogReader", "NotesReader", "build_document", "order_by_date", "order_by_sector"]

COUNTRIES = {"IN": "India", "JP": "Japan"}


class CatalogReader(Protocol):
    """What the builder reads from the catalog (`ijref.catalog.store.Catalog` is one)."""

    def get_many(self, record_ids: Iterable[str]) -> dict[str, Record]: ...

    def sources(self) -> list[Source]: ...


class NotesReader(Protocol):
    """What the builder reads from the user store (`UserStore` is one)."""

    def notes(self, record_id: str | None = None, contains: str = "") -> list[Note]: ...


def _kind_label(r: Record) -> str:
    detail = {
        Kind.AGREEMENT: r.agreement_type,
        Kind.PROGRAMME: r.category,
        Kind.EVENT: r.category,
        Kind.ORGANIZATION: COUNTRIES.get(r.country, r.country),
    }.get(r.kind, "")
    label = r.kind.value.capitalize()
    return f"{label} · {detail}" if detail else label


def _party(p: Party) -> str:
    name = f"{p.name} ({p.short_name})" if p.short_name else p.name
    return f"{name} — {p.role}" if p.role else name


def _parties(r: Record) -> tuple[PartyGroup, ...]:
    by_side: dict[str, list[str]] = defaultdict(list)
    for p in r.parties:
        by_side[p.side].append(_party(p))
    return tuple(
        PartyGroup(side, tuple(by_side[side]))
        for side in ("India", "Japan", "Other")
        if by_side.get(side)
    )


def _line(v: SourcedLine) -> str:
    """What one source says: `Nov 1985 — Embassy of India, Tokyo, item 8`."""
    text = v.value + (f" (as of {v.as_of})" if v.as_of else "")
    if v.note:
        text += f", {v.note}"
    return f"{text} — {v.cited}" if v.cited else text


def _dates(r: Record, labels: Mapping[str, str]) -> tuple[Fact, ...]:
    out = []
    for d in r.dates:
        shown = date_text(d, labels)
        values = tuple(_line(v) for v in shown.values) if shown.differs else ()
        out.append(Fact(shown.role, shown.text, shown.differs, values))
    for e in r.extensions:
        ext = extension_text(e, labels)
        values = tuple(_line(v) for v in ext.values) if ext.differs else ()
        label, _, text = ext.text.partition(" ")
        out.append(Fact(label, text, ext.differs, values))
    return tuple(out)


def _people(r: Record) -> tuple[Fact, ...]:
    out = []
    for p in r.people:
        label = p.role[:1].upper() + p.role[1:] if p.role else "Person"
        out.append(Fact(label, f"{p.name} ({p.org_name})" if p.org_name else p.name))
    return tuple(out)


def _facts(r: Record) -> tuple[Fact, ...]:
    pairs = (
        ("Short name", r.short_name),
        ("Term", term_text(r.term)),
        ("Place", r.place),
        ("Organization type", r.org_type),
    )
    return tuple(Fact(label, value) for label, value in pairs if value)


def _figures(r: Record, labels: Mapping[str, str]) -> tuple[FigureRow, ...]:
    out = []
    for f in r.figures:
        shown = figure_text(f, labels)
        several = len(shown.values) > 1
        values = tuple(_line(v) for v in shown.values) if several or shown.differs else ()
        out.append(
            FigureRow(shown.label, shown.value, shown.unit, shown.as_of, shown.differs, values)
        )
    return tuple(out)


def _related(relations: Sequence[Relation]) -> tuple[Fact, ...]:
    groups: dict[str, list[str]] = defaultdict(list)
    for rel in relations:
        groups[relation_label(rel)].append(rel.title or rel.target)
    return tuple(Fact(label, "; ".join(titles)) for label, titles in groups.items())


def _notes(item: BriefingItem, notes: NotesReader) -> tuple[NoteText, ...]:
    if item.notes == "none":
        return ()
    chosen = [n for n in notes.notes(item.record_id) if item.includes(n)]
    chosen.sort(key=lambda n: n.created_at)  # in the order they were written
    return tuple(NoteText(n.title, n.text, n.updated_at) for n in chosen)


class _SourceList:
    """Numbers sources in order of first citation."""

    def __init__(self, sources: Sequence[Source]) -> None:
        self._known = {s.id: s for s in sources}
        self._numbers: dict[str, int] = {}
        self.labels = {s.id: s.label for s in sources}

    def number(self, source_id: str) -> int:
        if source_id not in self._numbers:
            self._numbers[source_id] = len(self._numbers) + 1
        return self._numbers[source_id]

    def title(self, source_id: str) -> str | None:
        found = self._known.get(source_id)
        return found.title if found else None

    def entries(self) -> tuple[SourceEntry, ...]:
        out = []
        for source_id, number in self._numbers.items():
            s = self._known.get(source_id)
            if s is None:
                out.append(SourceEntry(number, source_id, source_id, "", "", ""))
                continue
            day = source_date_text(s.date, s.covers)
            out.append(SourceEntry(number, s.id, s.title, s.publisher, day, s.url))
        return tuple(out)


def _day_text(edtf: str) -> str:
    from ijref.domain.dates import EdtfDate

    date = EdtfDate.try_parse(edtf or None)
    return date.human() if date is not None else edtf


def _entry(
    number: int,
    item: BriefingItem,
    record: Record | None,
    day: dt.date,
    notes: NotesReader,
    sources: _SourceList,
) -> Entry:
    chosen = _notes(item, notes)
    if record is None:
        return Entry(number, item.record_id, item.record_id, "Record", missing=True, notes=chosen)
    status = None
    if record.kind is Kind.AGREEMENT:
        v = validity(record, day)
        status = StatusLine(v.status.value, v.as_of, v.rule)
    citations = tuple(
        (sources.number(c.source), c.text(sources.title(c.source))) for c in record.citations
    )
    return Entry(
        number=number,
        record_id=record.id,
        title=record.title,
        kind=_kind_label(record),
        short_name=record.short_name,
        status=status,
        dates=_dates(record, sources.labels),
        facts=_facts(record),
        parties=_parties(record),
        people=_people(record),
        figures=_figures(record, sources.labels),
        summary=record.summary,
        related=_related(record.related),
        notes=chosen,
        links=tuple(f"{k.title} — {k.url}" if k.title else k.url for k in record.links),
        citations=citations,
    )


def build_document(
    briefing: Briefing,
    catalog: CatalogReader,
    notes: NotesReader,
    *,
    data_version: str,
    data_as_of: str,
    today: dt.date,
) -> BriefingDocument:
    """The briefing as a document: status as of the meeting date (today if it has none)."""
    day = briefing.meeting_date or today
    sources = _SourceList(catalog.sources())
    records = catalog.get_many(briefing.record_ids)
    entries = tuple(
        _entry(n, item, records.get(item.record_id), day, notes, sources)
        for n, item in enumerate(briefing.items, start=1)
    )
    cover = Cover(
        title=briefing.title,
        meeting=briefing.meeting,
        meeting_date=briefing.meeting_date,
        handling=briefing.handling,
        status_day=day,
        made_on=today,
        data_version=data_version,
        data_as_of=_day_text(data_as_of),
    )
    return BriefingDocument(cover, entries, sources.entries())


def order_by_date(record_ids: Sequence[str], catalog: CatalogReader) -> list[str]:
    """The ids by each record's main date, oldest first; undated and missing ones last."""
    records = catalog.get_many(record_ids)

    def key(rid: str) -> tuple[int, dt.date, str]:
        record = records.get(rid)
        date = record.main_date if record is not None else None
        if date is None or date.earliest is None:
            return (1, dt.date.max, rid)
        return (0, date.earliest, rid)

    return sorted(record_ids, key=key)


def order_by_sector(
    record_ids: Sequence[str], catalog: CatalogReader, sector_order: Sequence[str]
) -> list[str]:
    """The ids grouped by first sector (in the tree's order), by date within a sector."""
    rank = {sid: n for n, sid in enumerate(sector_order)}
    records = catalog.get_many(record_ids)
    place = {rid: n for n, rid in enumerate(order_by_date(record_ids, catalog))}

    def key(rid: str) -> tuple[int, int]:
        record = records.get(rid)
        sectors = [rank.get(s, len(rank)) for s in record.sectors] if record else []
        if record is not None and record.kind is Kind.SECTOR:
            sectors.append(rank.get(record.id, len(rank)))
        return (min(sectors, default=len(rank) + 1), place[rid])

    return sorted(record_ids, key=key)
