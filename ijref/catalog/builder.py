"""`ijref build`: records → validated → catalog (SQLite) + search index, swapped in whole.

A build writes a fresh folder next to the last good one and then points
`CURRENT` at it with one atomic rename, so a failed or interrupted build leaves
the last good build in place.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from ijref.catalog import models as m
from ijref.catalog.claimrows import claim_rows
from ijref.catalog.layout import CURRENT_FILE, MANIFEST_FILE, SCHEMA_VERSION, BuildInfo
from ijref.catalog.recordfile import LoadResult, Problem, load_records
from ijref.catalog.release import Release
from ijref.domain.records import Kind, Record, Source

__all__ = [
    "BuildError",
    "IndexWriter",
    "Progress",
    "build",
    "content_hash",
    "prune",
    "swap_in",
    "write_build",
    "write_catalog",
]

IndexWriter = Callable[[Sequence[Record], Path], None]
# (stage, fraction of that stage done)
Progress = Callable[[str, float], None]


class BuildError(Exception):
    """The records have problems; nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the records")
        self.problems = tuple(problems)


def _record_dict(r: Record) -> dict[str, object]:
    d = asdict(r)
    d.pop("source_file", None)
    return d


def content_hash(records: Sequence[Record], sources: Sequence[Source]) -> str:
    """A hash of everything the build is made from, independent of file layout."""
    payload = {
        "schema": SCHEMA_VERSION,
        "records": [_record_dict(r) for r in records],
        "sources": [asdict(s) for s in sources],
    }
    blob = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _org_sectors(records: Sequence[Record]) -> dict[str, list[str]]:
    """Per organization, the sectors of the records it is a party to, in sector order."""
    order = {r.id: (r.order, r.id) for r in records if r.kind is Kind.SECTOR}
    found: dict[str, set[str]] = {}
    for r in records:
        for p in r.parties:
            found.setdefault(p.org_id, set()).update(r.sectors)
    return {org: sorted(secs, key=lambda s: order.get(s, (0, s))) for org, secs in found.items()}


def _rows(r: Record, derived_sectors: Sequence[str] = ()) -> m.RecordRow:
    main = r.main_date
    row = m.RecordRow(
        id=r.id,
        kind=r.kind.value,
        title=r.title,
        short_name=r.short_name,
        summary=r.summary,
        place=r.place,
        country=r.country,
        parent=r.parent,
        org_type=r.org_type,
        agreement_type=r.agreement_type,
        term=r.term,
        category=r.category,
        sort_order=r.order,
        sort_date=main.earliest.isoformat() if main and main.earliest else "",
        main_date=main.text if main else "",
        source_file=r.source_file,
    )
    row.aliases = [m.AliasRow(pos=i, alias=a) for i, a in enumerate(r.aliases)]
    extra = [s for s in derived_sectors if s not in r.sectors]
    row.sectors = [m.SectorLinkRow(pos=i, sector_id=s) for i, s in enumerate(r.sectors)] + [
        m.SectorLinkRow(pos=len(r.sectors) + i, sector_id=s, derived=True)
        for i, s in enumerate(extra)
    ]
    row.parties = [m.PartyRow(pos=i, org_id=p.org_id, role=p.role) for i, p in enumerate(r.parties)]
    row.people = [
        m.PersonRow(pos=i, name=x.name, role=x.role, org_id=x.org_id)
        for i, x in enumerate(r.people)
    ]
    row.dates = [
        m.DateRow(
            pos=i,
            role=d.role,
            edtf=d.date.text,
            earliest=d.date.earliest.isoformat() if d.date.earliest else "",
            latest=d.date.latest.isoformat() if d.date.latest else "",
        )
        for i, d in enumerate(r.dates)
    ]
    row.figures = [
        m.FigureRow(
            pos=i,
            label=f.label,
            value=f.value,
            unit=f.unit,
            as_of=f.as_of.text if f.as_of else "",
            qualifier=f.qualifier,
        )
        for i, f in enumerate(r.figures)
    ]
    row.relations = [
        m.RelationRow(pos=i, type=x.type, target_id=x.target) for i, x in enumerate(r.related)
    ]
    row.links = [m.LinkRow(pos=i, url=x.url, title=x.title) for i, x in enumerate(r.links)]
    row.citations = [
        m.CitationRow(
            pos=i, source_id=c.source, section=c.section, paragraph=c.paragraph, item=c.item
        )
        for i, c in enumerate(r.citations)
    ]
    row.notes = [m.NoteRow(pos=i, text=t) for i, t in enumerate(r.notes)]
    row.replaces = [m.ReplacedIdRow(pos=i, old_id=old) for i, old in enumerate(r.replaces)]
    row.extensions = [
        m.ExtensionRow(
            pos=i,
            until=e.until.text,
            date=e.date.text if e.date else "",
            kind=e.kind,
            conditional=e.conditional,
            note=e.note,
        )
        for i, e in enumerate(r.extensions)
    ]
    row.claims, row.claim_citations = claim_rows(r)
    return row


def write_catalog(
    path: Path, records: Sequence[Record], sources: Sequence[Source], info: BuildInfo
) -> None:
    """Write a new catalog file; rows go in id order so equal input gives equal content."""
    engine = create_engine(f"sqlite:///{path}")
    try:
        m.Base.metadata.create_all(engine)
        with Session(engine) as session, session.begin():
            for key, value in sorted(info.meta().items()):
                session.add(m.MetaRow(key=key, value=value))
            for s in sorted(sources, key=lambda s: s.id):
                session.add(m.SourceRow(**asdict(s)))
            session.flush()
            # children reference records by id, so all parents go in first
            derived = _org_sectors(records)
            rows = [_rows(r, derived.get(r.id, ())) for r in sorted(records, key=lambda r: r.id)]
            for row in rows:
                session.add(row)
    finally:
        engine.dispose()


def write_build(
    folder: Path,
    loaded: LoadResult,
    info: BuildInfo,
    *,
    index_writer: IndexWriter,
    progress: Progress | None = None,
) -> None:
    """Write catalog, index and manifest of validated records into the new folder `folder`.

    `index_writer(records, folder)` writes the search index
    (`ijref.search.indexer.index_writer`: the catalog knows nothing of search).
    `progress(stage, fraction)` hears of each stage (the fraction is within the stage).
    """
    if progress is not None:
        progress("Writing the catalog", 0.0)
    write_catalog(folder / "catalog.sqlite", loaded.records, loaded.sources, info)
    if progress is not None:
        progress("Building the search index", 0.0)
    index_writer(loaded.records, folder / "index")
    (folder / MANIFEST_FILE).write_text(info.to_json(), encoding="utf-8")


def swap_in(root: Path, tmp: Path, name: str) -> Path:
    """Move the finished folder `tmp` to `root/name` and point `CURRENT` at it atomically."""
    final = root / name
    if final.exists():
        shutil.rmtree(final)
    tmp.rename(final)
    pointer = root / f".{CURRENT_FILE}.{uuid.uuid4().hex}"
    pointer.write_text(name + "\n", encoding="utf-8")
    pointer.replace(root / CURRENT_FILE)
    return final


def prune(root: Path, keep: Iterable[str]) -> None:
    """Remove every build folder under `root` but those named in `keep`."""
    kept = set(keep)
    for child in root.iterdir():
        if child.is_dir() and child.name not in kept:
            shutil.rmtree(child, ignore_errors=True)


def build(
    records_dir: Path,
    root: Path,
    index_writer: IndexWriter,
    *,
    release: Release | None = None,
) -> BuildInfo:
    """Validate the records and, only if all is well, build and swap in a new catalog.

    Args:
        index_writer: writes the search index (see `write_build`).
        release: the data's pack id and version, written into the manifest
            (default: unversioned).

    Raises:
        BuildError: with every problem found; nothing is written.
    """
    loaded = load_records(records_dir)
    if loaded.problems:
        raise BuildError(loaded.problems)
    digest = content_hash(loaded.records, loaded.sources)
    rel = release or Release()
    info = BuildInfo.for_records(
        loaded.records, loaded.sources, digest, pack=rel.pack, version=rel.version
    )
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".tmp-{uuid.uuid4().hex}"
    tmp.mkdir()
    try:
        write_build(tmp, loaded, info, index_writer=index_writer)
        swap_in(root, tmp, digest[:16])
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    prune(root, [digest[:16]])
    return info
