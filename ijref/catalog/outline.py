"""What the sector tree and quick-open need, read with the stdlib `sqlite3` alone.

The first window must not wait for SQLAlchemy, Whoosh or the EDTF parser, so this
module reads the built catalog's tables directly (read-only, immutable) and
returns plain dataclasses. The full `Catalog` opens later, off the GUI thread.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ijref.catalog.layout import CatalogMissingError, SourceInfo, current_build, read_manifest
from ijref.catalog.uri import readonly_uri

__all__ = [
    "GROUP_KINDS",
    "NO_SECTOR_ID",
    "Outline",
    "OutlineGroup",
    "OutlineRecord",
    "OutlineSector",
    "read_outline",
    "year_label",
]

# The groups under each sector, in tree order, with their labels.
GROUP_KINDS: tuple[tuple[str, str], ...] = (
    ("agreement", "Agreements"),
    ("programme", "Programmes"),
    ("event", "Events"),
    ("organization", "Organizations"),
)
# The pseudo-sector holding records filed under no sector, so every record is reachable.
NO_SECTOR_ID = ""
NO_SECTOR_TITLE = "Not in a sector"


def year_label(edtf: str) -> str:
    """A short year for a tree row: `2016`, `1960s`; empty when undated."""
    year = edtf[:4]
    if len(year) < 4:
        return ""
    if "X" in year:
        return year.replace("X", "0") + "s"
    return year


@dataclass(frozen=True, slots=True)
class OutlineRecord:
    """One record as a row: id, kind, names, its main date (EDTF text) and sort key."""

    id: str
    kind: str
    title: str
    short_name: str = ""
    date: str = ""
    sort_date: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def display_name(self) -> str:
        return self.short_name or self.title

    @property
    def year(self) -> str:
        return year_label(self.date)


@dataclass(frozen=True, slots=True)
class OutlineGroup:
    """The records of one kind under one sector, sorted by date (undated last)."""

    kind: str
    label: str
    records: tuple[OutlineRecord, ...]


@dataclass(frozen=True, slots=True)
class OutlineSector:
    """A sector with its non-empty groups."""

    id: str
    title: str
    groups: tuple[OutlineGroup, ...]

    def count(self, kind: str) -> int:
        return sum(len(g.records) for g in self.groups if g.kind == kind)

    @property
    def total(self) -> int:
        return sum(len(g.records) for g in self.groups)


@dataclass(frozen=True, slots=True)
class Outline:
    """Everything the first window shows: the tree, every record's names, the data version."""

    build_dir: Path
    sectors: tuple[OutlineSector, ...]
    records: tuple[OutlineRecord, ...]
    data_version: str
    as_of: str
    sources: tuple[SourceInfo, ...] = ()
    # the data's release number (`db/release.toml` or a data pack); 0 when unversioned
    release: int = 0

    def record(self, record_id: str) -> OutlineRecord | None:
        return next((r for r in self.records if r.id == record_id), None)

    def titles(self) -> dict[str, str]:
        """Every record's title by id (what `Catalog.titles()` gives, before it is open)."""
        return {r.id: r.title for r in self.records}


def _by_date(records: Iterable[OutlineRecord]) -> tuple[OutlineRecord, ...]:
    items = list(records)
    dated = sorted((r for r in items if r.sort_date), key=lambda r: (r.sort_date, r.title))
    undated = sorted((r for r in items if not r.sort_date), key=lambda r: r.display_name.lower())
    return tuple(dated + undated)


def _by_name(records: Iterable[OutlineRecord]) -> tuple[OutlineRecord, ...]:
    return tuple(sorted(records, key=lambda r: r.display_name.lower()))


def _groups(members: dict[str, OutlineRecord]) -> tuple[OutlineGroup, ...]:
    out = []
    for kind, label in GROUP_KINDS:
        rows = [r for r in members.values() if r.kind == kind]
        if rows:
            ordered = _by_name(rows) if kind == "organization" else _by_date(rows)
            out.append(OutlineGroup(kind, label, ordered))
    return tuple(out)


def _read(db: sqlite3.Connection) -> tuple[list[OutlineSector], list[OutlineRecord]]:
    aliases: dict[str, list[str]] = defaultdict(list)
    for rid, alias in db.execute("SELECT record_id, alias FROM alias ORDER BY record_id, pos"):
        aliases[rid].append(alias)
    records = {
        rid: OutlineRecord(rid, kind, title, short, date, sort, tuple(aliases.get(rid, ())))
        for rid, kind, title, short, date, sort in db.execute(
            "SELECT id, kind, title, short_name, main_date, sort_date FROM record"
        )
    }
    members: dict[str, dict[str, OutlineRecord]] = defaultdict(dict)
    for sector, rid in db.execute("SELECT sector_id, record_id FROM record_sector"):
        members[sector][rid] = records[rid]
    # An organization sits under every sector whose records it takes part in.
    for sector, org in db.execute(
        "SELECT DISTINCT s.sector_id, p.org_id FROM record_sector s "
        "JOIN party p ON p.record_id = s.record_id"
    ):
        if org in records:
            members[sector][org] = records[org]
    placed = {rid for m in members.values() for rid in m}
    sectors = [
        OutlineSector(sid, title, _groups(members.get(sid, {})))
        for sid, title in db.execute(
            "SELECT id, title FROM record WHERE kind = 'sector' ORDER BY sort_order, title"
        )
    ]
    loose = {rid: r for rid, r in records.items() if rid not in placed and r.kind != "sector"}
    if loose:
        sectors.append(OutlineSector(NO_SECTOR_ID, NO_SECTOR_TITLE, _groups(loose)))
    return sectors, sorted(records.values(), key=lambda r: r.display_name.lower())


def read_outline(build_root: Path) -> Outline:
    """The outline of the current build under `build_root`.

    Raises:
        CatalogMissingError: no build, or one that cannot be read.
    """
    folder = current_build(build_root)
    info = read_manifest(folder)
    database = folder / "catalog.sqlite"
    try:
        db = sqlite3.connect(readonly_uri(database), uri=True)
        try:
            sectors, records = _read(db)
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise CatalogMissingError(
            f"the catalog {database} cannot be read ({exc}); run `ijref build` again"
        ) from None
    return Outline(
        folder,
        tuple(sectors),
        tuple(records),
        info.data_version,
        info.as_of,
        info.sources,
        info.version,
    )
