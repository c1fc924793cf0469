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
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from pathlib import Path

from sqlalchemy import create_engine, insert
from sqlalchemy import inspect as sa_inspect
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
    "record_digest",
    "record_digests",
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


def record_digest(r: Record) -> str:
    """A hash of one record's content (what a data update compares first)."""
    blob = json.dumps(_record_dict(r), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def record_digests(records: Iterable[Record]) -> dict[str, str]:
    """Every record's digest by id."""
    return {r.id: record_digest(r) for r in records}


def content_hash(
    records: Sequence[Record], sources: Sequence[Source], digests: dict[str, str] | None = None
) -> str:
    """A hash of everything the build is made from, independent of file layout."""
    each = digests if digests is not None else record_digests(records)
    payload = {
        "schema": SCHEMA_VERSION,
        "records": [each[r.id] for r in sorted(records, key=lambda r: r.id)],
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


Rows = dict[type[m.Base], list[dict[str, object]]]


def _columns(row: m.Base) -> dict[str, object]:
    return {c.key: getattr(row, c.key) for c in sa_inspect(type(row)).column_attrs}


def _add_rows(out: Rows, r: Record, digest: str, derived_sectors: Sequence[str] = ()) -> None:
    """One record's rows, table by table, as plain values (inserted in bulk)."""
    main = r.main_date
    rid = r.id
    out[m.RecordRow].append(
        {
            "id": rid,
            "kind": r.kind.value,
            "title": r.title,
            "short_name": r.short_name,
            "summary": r.summary,
            "place": r.place,
            "country": r.country,
            "parent": r.parent,
            "org_type": r.org_type,
            "agreement_type": r.agreement_type,
            "term": r.term,
            "category": r.category,
            "sort_order": r.order,
            "sort_date": main.earliest.isoformat() if main and main.earliest else "",
            "main_date": main.text if main else "",
            "source_file": r.source_file,
            "digest": digest,
        }
    )

    def child(model: type[m.Base], items: Iterable[dict[str, object]]) -> None:
        out[model].extend({"record_id": rid, "pos": i, **x} for i, x in enumerate(items))

    child(m.AliasRow, ({"alias": a} for a in r.aliases))
    extra = [s for s in derived_sectors if s not in r.sectors]
    child(
        m.SectorLinkRow,
        [{"sector_id": s, "derived": False} for s in r.sectors]
        + [{"sector_id": s, "derived": True} for s in extra],
    )
    child(m.PartyRow, ({"org_id": p.org_id, "role": p.role} for p in r.parties))
    child(m.PersonRow, ({"name": x.name, "role": x.role, "org_id": x.org_id} for x in r.people))
    child(
        m.DateRow,
        (
            {
                "role": d.role,
                "edtf": d.date.text,
                "earliest": d.date.earliest.isoformat() if d.date.earliest else "",
                "latest": d.date.latest.isoformat() if d.date.latest else "",
            }
            for d in r.dates
        ),
    )
    child(
        m.FigureRow,
        (
            {
                "label": f.label,
                "value": f.value,
                "unit": f.unit,
                "as_of": f.as_of.text if f.as_of else "",
                "qualifier": f.qualifier,
            }
            for f in r.figures
        ),
    )
    child(m.RelationRow, ({"type": x.type, "target_id": x.target} for x in r.related))
    child(m.LinkRow, ({"url": x.url, "title": x.title} for x in r.links))
    child(
        m.CitationRow,
        (
            {"source_id": c.source, "section": c.section, "paragraph": c.paragraph, "item": c.item}
            for c in r.citations
        ),
    )
    child(m.NoteRow, ({"text": t} for t in r.notes))
    child(m.ReplacedIdRow, ({"old_id": old} for old in r.replaces))
    child(
        m.ExtensionRow,
        (
            {
                "until": e.until.text,
                "date": e.date.text if e.date else "",
                "kind": e.kind,
                "conditional": e.conditional,
                "note": e.note,
            }
            for e in r.extensions
        ),
    )
    claims, cites = claim_rows(r)
    for row in (*claims, *cites):
        out[type(row)].append({**_columns(row), "record_id": rid})


def write_catalog(
    path: Path,
    records: Sequence[Record],
    sources: Sequence[Source],
    info: BuildInfo,
    digests: dict[str, str] | None = None,
) -> None:
    """Write a new catalog file; rows go in id order so equal input gives equal content.

    Rows are inserted table by table in bulk (thousands of records in a second or
    two), not object by object.
    """
    each = digests if digests is not None else record_digests(records)
    derived = _org_sectors(records)
    rows: Rows = defaultdict(list)
    for r in sorted(records, key=lambda r: r.id):
        _add_rows(rows, r, each[r.id], derived.get(r.id, ()))
    engine = create_engine(f"sqlite:///{path}")
    try:
        m.Base.metadata.create_all(engine)
        with Session(engine) as session, session.begin():
            meta = [{"key": k, "value": v} for k, v in sorted(info.meta().items())]
            session.execute(insert(m.MetaRow), meta)
            if sources:
                found = [asdict(s) for s in sorted(sources, key=lambda s: s.id)]
                session.execute(insert(m.SourceRow), found)
            # children reference records by id, so all parents go in first
            order: list[type[m.Base]] = [m.RecordRow]
            order += [t for t in rows if t is not m.RecordRow]
            for model in order:
                if rows[model]:
                    session.execute(insert(model), rows[model])
    finally:
        engine.dispose()


def write_build(
    folder: Path,
    loaded: LoadResult,
    info: BuildInfo,
    *,
    index_writer: IndexWriter,
    progress: Progress | None = None,
    digests: dict[str, str] | None = None,
) -> None:
    """Write catalog, index and manifest of validated records into the new folder `folder`.

    `index_writer(records, folder)` writes the search index
    (`ijref.search.indexer.index_writer`: the catalog knows nothing of search).
    `progress(stage, fraction)` hears of each stage (the fraction is within the stage);
    `digests` are the records' `record_digests`, when already known.
    """
    if progress is not None:
        progress("Writing the catalog", 0.0)
    write_catalog(folder / "catalog.sqlite", loaded.records, loaded.sources, info, digests)
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
    digests = record_digests(loaded.records)
    digest = content_hash(loaded.records, loaded.sources, digests)
    rel = release or Release()
    info = BuildInfo.for_records(
        loaded.records, loaded.sources, digest, pack=rel.pack, version=rel.version
    )
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".tmp-{uuid.uuid4().hex}"
    tmp.mkdir()
    try:
        write_build(tmp, loaded, info, index_writer=index_writer, digests=digests)
        swap_in(root, tmp, digest[:16])
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    prune(root, [digest[:16]])
    return info
