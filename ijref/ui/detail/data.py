"""Everything one detail page shows, gathered from the catalog (no Qt, no HTML)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ijref.domain.records import Figure, Kind, Record

if TYPE_CHECKING:
    from ijref.catalog.store import Catalog, RecordSummary

__all__ = ["PageData", "SectorFigure", "gather"]

NEWEST_IN_SECTOR = 8


@dataclass(frozen=True, slots=True)
class SectorFigure:
    """A figure of a record in a sector, for the sector's overview."""

    record_id: str
    record_name: str
    figure: Figure


@dataclass(frozen=True)
class PageData:
    """A record and what its page adds: source titles (and the short names a
    value's citation uses), what an org takes part in, a sector's counts, newest
    records and key figures."""

    record: Record
    today: dt.date
    source_titles: dict[str, str] = field(default_factory=dict)
    source_labels: dict[str, str] = field(default_factory=dict)
    involving: tuple[RecordSummary, ...] = ()
    counts: Counter[str] = field(default_factory=Counter)
    newest: tuple[RecordSummary, ...] = ()
    figures: tuple[SectorFigure, ...] = ()


def gather(catalog: Catalog, record_id: str, today: dt.date) -> PageData | None:
    """The page of `record_id`, or None when the catalog has no such record."""
    record = catalog.get(record_id)
    if record is None:
        return None
    found = catalog.sources()
    sources = {s.id: s.cited_as for s in found}
    labels = {s.id: s.label for s in found}
    if record.kind is Kind.ORGANIZATION:
        return PageData(
            record, today, sources, labels, involving=tuple(catalog.involving(record_id))
        )
    if record.kind is Kind.SECTOR:
        members = catalog.records(sector=record_id)
        figures = tuple(
            SectorFigure(r.id, r.display_name, f)
            for r in members
            if r.kind is not Kind.SECTOR
            for f in r.figures
        )
        newest = [s for s in catalog.summaries(sector=record_id, newest_first=True) if s.sort_date]
        return PageData(
            record,
            today,
            sources,
            labels,
            counts=catalog.counts().get(record_id, Counter()),
            newest=tuple(newest[:NEWEST_IN_SECTOR]),
            figures=figures,
        )
    return PageData(record, today, sources, labels)
