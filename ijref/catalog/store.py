"""Read queries over a built catalog, opened read-only; they return domain objects."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import Engine, Select, create_engine, select
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.pool import QueuePool

from ijref.catalog import models as m
from ijref.catalog.claimrows import read_claims
from ijref.catalog.layout import (
    BuildInfo,
    CatalogDamagedError,
    CatalogMissingError,
    current_build,
    read_manifest,
)
from ijref.catalog.uri import readonly_uri
from ijref.domain.dates import EdtfDate
from ijref.domain.records import (
    Citation,
    DatedRole,
    Extension,
    Figure,
    Kind,
    Link,
    Party,
    Person,
    Record,
    Relation,
    Source,
)

__all__ = ["Catalog", "RecordSummary", "TimelineEntry", "readonly_uri"]


@dataclass(frozen=True, slots=True)
class RecordSummary:
    """What a list or tree row needs, without the whole record."""

    id: str
    kind: Kind
    title: str
    short_name: str
    date: str
    sort_date: str

    @property
    def display_name(self) -> str:
        return self.short_name or self.title


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One dated thing: which record, which of its dates."""

    record: RecordSummary
    role: str
    date: EdtfDate


# ids per `IN (…)` query, well under SQLite's limit on bound values
_CHUNK = 900

_LOADS = (
    selectinload(m.RecordRow.aliases),
    selectinload(m.RecordRow.sectors),
    selectinload(m.RecordRow.parties),
    selectinload(m.RecordRow.dates),
    selectinload(m.RecordRow.figures),
    selectinload(m.RecordRow.relations),
    selectinload(m.RecordRow.links),
    selectinload(m.RecordRow.citations),
    selectinload(m.RecordRow.notes),
    selectinload(m.RecordRow.extensions),
    selectinload(m.RecordRow.people),
    selectinload(m.RecordRow.claims),
    selectinload(m.RecordRow.claim_citations),
    selectinload(m.RecordRow.replaces),
)


def _filtered(
    q: Select[tuple[m.RecordRow]], kind: Kind | None, sector: str | None
) -> Select[tuple[m.RecordRow]]:
    """Narrow a record query to one kind and to the records placed in one sector."""
    if kind is not None:
        q = q.where(m.RecordRow.kind == kind.value)
    if sector is not None:
        placed = select(m.SectorLinkRow.record_id).where(m.SectorLinkRow.sector_id == sector)
        q = q.where(m.RecordRow.id.in_(placed))
    return q


def _summary(row: m.RecordRow) -> RecordSummary:
    return RecordSummary(
        row.id, Kind(row.kind), row.title, row.short_name, row.main_date, row.sort_date
    )


class Catalog:
    """The read-only reference catalog of one build."""

    def __init__(self, database: Path, info: BuildInfo) -> None:
        self.path = database
        self.info = info
        uri = readonly_uri(database)

        def connect() -> sqlite3.Connection:
            return sqlite3.connect(uri, uri=True, check_same_thread=False)

        # A pool of read-only connections: the app reads from its GUI thread and
        # from workers at once, and an immutable file needs no coordination.
        self._engine: Engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)
        self._titles: dict[str, str] | None = None
        try:
            with Session(self._engine) as s:
                s.execute(select(m.MetaRow.key).limit(1)).all()
        except (OperationalError, DatabaseError) as exc:
            self._engine.dispose()
            raise CatalogMissingError(
                f"the catalog {database} cannot be read ({exc.orig}); run `ijref build` again"
            ) from None

    @classmethod
    def open(cls, build_root: Path) -> Catalog:
        """Open the current build under `build_root`.

        Raises:
            CatalogMissingError: no build, or an unreadable one.
        """
        folder = current_build(build_root)
        return cls(folder / "catalog.sqlite", read_manifest(folder))

    def close(self) -> None:
        self._engine.dispose()

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Session]:
        """A session to read in; a file that fails as it is read is `CatalogDamagedError`."""
        try:
            with Session(self._engine) as s:
                yield s
        except (DatabaseError, ValueError) as exc:
            # A bit flip shows as SQLite refusing a page, text that is no longer
            # UTF-8, or a kind or date that no longer parses; never as a traceback.
            why = (
                "SQLite cannot read it"
                if isinstance(exc, DatabaseError)
                else "a value in it no longer reads"
            )
            raise CatalogDamagedError(
                f"the catalog {self.path} is damaged ({why}); "
                "reinstall ijref, or run `ijref build` again"
            ) from None

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- records
    def _orgs(self, s: Session, ids: Iterable[str]) -> dict[str, m.RecordRow]:
        wanted = set(ids)
        if not wanted:
            return {}
        rows = s.scalars(select(m.RecordRow).where(m.RecordRow.id.in_(wanted)))
        return {r.id: r for r in rows}

    def _to_records(self, s: Session, rows: Sequence[m.RecordRow]) -> list[Record]:
        orgs = self._orgs(s, (p.org_id for r in rows for p in r.parties))
        titles = self.titles()
        return [self._to_record(row, orgs, titles) for row in rows]

    @staticmethod
    def _to_record(
        row: m.RecordRow, orgs: dict[str, m.RecordRow], titles: dict[str, str]
    ) -> Record:
        def party(p: m.PartyRow) -> Party:
            o = orgs.get(p.org_id)
            return Party(
                p.org_id,
                o.title if o else p.org_id,
                o.short_name if o else "",
                o.country if o else "",
                p.role,
            )

        claims = read_claims(row)
        return Record(
            id=row.id,
            kind=Kind(row.kind),
            title=row.title,
            summary=row.summary,
            short_name=row.short_name,
            aliases=tuple(a.alias for a in row.aliases),
            sectors=tuple(x.sector_id for x in row.sectors if not x.derived),
            parties=tuple(party(p) for p in row.parties),
            people=tuple(
                Person(x.name, x.role, x.org_id, titles.get(x.org_id, "")) for x in row.people
            ),
            dates=tuple(
                DatedRole(d.role, EdtfDate.parse(d.edtf), tuple(claims.dates.get(d.pos, ())))
                for d in row.dates
            ),
            figures=tuple(
                Figure(
                    f.label,
                    f.value,
                    f.unit,
                    EdtfDate.try_parse(f.as_of or None),
                    tuple(claims.figures.get(f.pos, ())),
                    f.qualifier,
                )
                for f in row.figures
            ),
            related=tuple(
                Relation(x.type, x.target_id, titles.get(x.target_id, "")) for x in row.relations
            ),
            links=tuple(Link(x.url, x.title) for x in row.links),
            citations=tuple(
                Citation(c.source_id, c.section, c.paragraph, c.item) for c in row.citations
            ),
            notes=tuple(n.text for n in row.notes),
            place=row.place,
            country=row.country,
            parent=row.parent,
            org_type=row.org_type,
            agreement_type=row.agreement_type,
            term=row.term,
            extensions=tuple(
                Extension(
                    EdtfDate.parse(e.until),
                    EdtfDate.try_parse(e.date or None),
                    e.kind,
                    e.conditional,
                    e.note,
                    tuple(claims.extensions.get(e.pos, ())),
                )
                for e in row.extensions
            ),
            category=row.category,
            replaces=tuple(x.old_id for x in row.replaces),
            order=row.sort_order,
            source_file=row.source_file,
        )

    def titles(self) -> dict[str, str]:
        """Every record's title by id (cached: the catalog never changes while open)."""
        if self._titles is None:
            with self._reading() as s:
                rows = s.execute(select(m.RecordRow.id, m.RecordRow.title)).tuples().all()
                self._titles = dict(rows)
        return self._titles

    def ids(self) -> frozenset[str]:
        """Every record id in this build (for finding orphaned bookmarks and notes)."""
        return frozenset(self.titles())

    def get(self, record_id: str) -> Record | None:
        """The whole record, with inverse relations (what is under it, what renews it)."""
        return self.get_many([record_id]).get(record_id)

    def stored(self, record_ids: Iterable[str]) -> list[Record]:
        """Records by id as their files give them: without the inverse relations `get` adds."""
        wanted = sorted(set(record_ids))
        out: list[Record] = []
        with Session(self._engine) as s:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                q = select(m.RecordRow).where(m.RecordRow.id.in_(chunk)).options(*_LOADS)
                out.extend(self._to_records(s, s.scalars(q).all()))
        return out

    def get_many(self, record_ids: Iterable[str]) -> dict[str, Record]:
        """Whole records by id, with inverse relations, in two queries (unknown ids left out)."""
        wanted = sorted(set(record_ids))
        if not wanted:
            return {}
        with self._reading() as s:
            rows = s.scalars(
                select(m.RecordRow).where(m.RecordRow.id.in_(wanted)).options(*_LOADS)
            ).all()
            records = {r.id: r for r in self._to_records(s, rows)}
            back = s.execute(
                select(m.RelationRow.target_id, m.RelationRow.type, m.RelationRow.record_id)
                .where(m.RelationRow.target_id.in_(list(records)))
                .order_by(m.RelationRow.record_id)
            ).tuples()
            titles = self.titles()
            inverse: dict[str, list[Relation]] = {}
            for target, kind, src in back:
                inverse.setdefault(target, []).append(
                    Relation(kind, src, titles.get(src, ""), inverse=True)
                )
        return {
            rid: replace(r, related=r.related + tuple(inverse[rid])) if rid in inverse else r
            for rid, r in records.items()
        }

    def records(self, kind: Kind | None = None, sector: str | None = None) -> list[Record]:
        """Whole records, filtered by kind and sector, in id order."""
        with self._reading() as s:
            q = _filtered(select(m.RecordRow).options(*_LOADS), kind, sector)
            q = q.order_by(m.RecordRow.id)
            return self._to_records(s, s.scalars(q).all())

    def summaries(
        self, kind: Kind | None = None, sector: str | None = None, newest_first: bool = False
    ) -> list[RecordSummary]:
        """Light rows for lists and the tree, sorted by date (undated last), then title."""
        with self._reading() as s:
            q = _filtered(select(m.RecordRow), kind, sector)
            rows = [_summary(r) for r in s.scalars(q)]
        dated = sorted(
            (r for r in rows if r.sort_date),
            key=lambda r: (r.sort_date, r.title),
            reverse=newest_first,
        )
        undated = sorted((r for r in rows if not r.sort_date), key=lambda r: r.title)
        return dated + undated

    def sectors(self) -> list[Record]:
        """The sectors in the tree's order."""
        return sorted(self.records(Kind.SECTOR), key=lambda r: (r.order, r.title))

    def counts(self) -> dict[str, Counter[str]]:
        """Per sector id, how many records of each kind sit in it."""
        with self._reading() as s:
            rows = s.execute(
                select(m.SectorLinkRow.sector_id, m.RecordRow.kind).join(
                    m.RecordRow, m.RecordRow.id == m.SectorLinkRow.record_id
                )
            ).tuples()
            out: dict[str, Counter[str]] = {}
            for sector, kind in rows:
                out.setdefault(sector, Counter())[kind] += 1
            return out

    def kind_counts(self) -> Counter[str]:
        """How many records of each kind."""
        with self._reading() as s:
            return Counter(k for (k,) in s.execute(select(m.RecordRow.kind)).tuples())

    def involving(self, org_id: str) -> list[RecordSummary]:
        """Every record an organization takes part in, newest first."""
        with self._reading() as s:
            q = select(m.RecordRow).where(
                m.RecordRow.id.in_(select(m.PartyRow.record_id).where(m.PartyRow.org_id == org_id))
            )
            rows = [_summary(r) for r in s.scalars(q)]
        return sorted(rows, key=lambda r: (r.sort_date, r.title), reverse=True)

    def timeline(
        self, start: dt.date | None = None, end: dt.date | None = None
    ) -> list[TimelineEntry]:
        """Every dated thing that overlaps [start, end], in date order."""
        with self._reading() as s:
            q = select(m.DateRow, m.RecordRow).join(
                m.RecordRow, m.RecordRow.id == m.DateRow.record_id
            )
            out: list[TimelineEntry] = []
            for d, r in s.execute(q).tuples():
                date = EdtfDate.parse(d.edtf)
                lo = date.earliest or dt.date.min
                hi = date.latest or dt.date.max
                if (start and hi < start) or (end and lo > end):
                    continue
                out.append(TimelineEntry(_summary(r), d.role, date))
        return sorted(out, key=lambda e: (e.date.sort_key(), e.record.id, e.role))

    def digests(self) -> dict[str, str]:
        """Every record's content digest by id (what a data update compares first)."""
        with Session(self._engine) as s:
            rows = s.execute(select(m.RecordRow.id, m.RecordRow.digest)).tuples().all()
            return dict(rows)

    def renames(self) -> dict[str, str]:
        """Old id → the record's id now, for every record whose id was renamed."""
        with Session(self._engine) as s:
            rows = s.execute(select(m.ReplacedIdRow.old_id, m.ReplacedIdRow.record_id)).tuples()
            return dict(sorted(rows))

    def sources(self) -> list[Source]:
        with self._reading() as s:
            return [
                Source(
                    x.id,
                    x.title,
                    x.publisher,
                    x.date,
                    x.file,
                    x.url,
                    x.covers,
                    x.language,
                    x.numbering,
                    x.short_name,
                )
                for x in s.scalars(select(m.SourceRow).order_by(m.SourceRow.id))
            ]
