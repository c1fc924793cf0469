"""Writing the Whoosh index of the catalog's records."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sized
from pathlib import Path
from typing import Any

from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage

from ijref.domain.records import Kind, Record
from ijref.search.aliases import AliasTable, default_alias_file, load_alias_file
from ijref.search.fastwrite import speed_up
from ijref.search.integrity import write_manifest
from ijref.search.schema import schema
from ijref.search.vocabulary import WordCounter

__all__ = [
    "ALIASES_FILE",
    "build_index",
    "document",
    "load_aliases",
    "org_key",
    "record_years",
    "save_aliases",
]

# The alias table an index was built with, kept beside it for the query side.
ALIASES_FILE = "aliases.json"

# Years a date spanning decades still gets as filter keys ("196X" → ten years).
_MAX_SPAN = 30
_IN_MEMORY_RECORDS = 20_000
_NOT_KEY = re.compile(r"[^0-9a-z]+")


def org_key(text: str) -> str:
    """The `org:` filter key of an acronym, slug or name: lower case, `-` between words."""
    return _NOT_KEY.sub("-", text.lower()).strip("-")


def record_years(r: Record) -> tuple[int | None, list[int]]:
    """The year a record sorts under and every year its main date touches."""
    main = r.main_date
    if main is None:
        return None, []
    span = list(main.years)
    return main.year or (span[0] if span else None), span[:_MAX_SPAN]


def document(r: Record, aliases: AliasTable, sector_titles: Mapping[str, str]) -> dict[str, Any]:
    """The fields of one record as the index holds them."""
    party_names = [p.name for p in r.parties] + [p.short_name for p in r.parties if p.short_name]
    names = [r.short_name, *r.aliases]
    sectors = [sector_titles.get(s, "") for s in r.sectors]
    extra = [r.agreement_type, r.category, r.place, r.org_type]
    alias_text = " \n ".join([r.title, *names, r.agreement_type, *party_names])
    countries = {r.country} if r.kind is Kind.ORGANIZATION and r.country else set()
    countries.update(p.country for p in r.parties if p.country)
    orgs = {org_key(p.org_id.split("/", 1)[-1]) for p in r.parties}
    orgs.update(org_key(p.short_name) for p in r.parties if p.short_name)
    if r.kind is Kind.ORGANIZATION:
        orgs.add(org_key(r.id.split("/", 1)[-1]))
        if r.short_name:
            orgs.add(org_key(r.short_name))
    year, years = record_years(r)
    main = r.main_date
    return {
        "id": r.id,
        "kind": r.kind.value,
        "title": r.title,
        "name": " \n ".join(n for n in names if n),
        "alias": " ".join(sorted(aliases.tokens_in_record_text(alias_text))),
        "label": " ".join(sorted({org_key(n) for n in (r.title, *names) if org_key(n)})),
        "body": " \n ".join(
            t
            for t in (
                r.summary,
                *party_names,
                *(x.name for x in r.people),
                *sectors,
                *extra,
                *r.notes,
            )
            if t
        ),
        "complete": " \n ".join(
            t for t in (r.title, *names, *(p.short_name for p in r.parties)) if t
        ),
        "sector": " ".join([*r.sectors, *(s.split("/", 1)[-1] for s in r.sectors)]),
        "sectors": tuple(r.sectors),
        "country": " ".join(sorted(c.lower() for c in countries)),
        "org": " ".join(sorted(o for o in orgs if o)),
        "years": " ".join(str(y) for y in years),
        "year": str(year) if year else "",
        "date": main.text if main else "",
        "summary": r.summary,
    }


def save_aliases(aliases: AliasTable, index_dir: Path) -> None:
    """Keep the alias table next to the index it was built with."""
    text = json.dumps({"groups": aliases.groups}, ensure_ascii=False, indent=0)
    (index_dir / ALIASES_FILE).write_text(text, encoding="utf-8")


def load_aliases(index_dir: Path) -> AliasTable:
    """The alias table an index was built with (empty if it has none)."""
    try:
        data = json.loads((index_dir / ALIASES_FILE).read_text(encoding="utf-8"))
        return AliasTable.from_groups(data["groups"])
    except (OSError, ValueError, KeyError, TypeError):
        return AliasTable()


def _sector_titles(records: Iterable[Record]) -> dict[str, str]:
    return {r.id: r.title for r in records if r.kind is Kind.SECTOR}


def build_index(
    records: Iterable[Record],
    index_dir: Path,
    *,
    aliases: AliasTable | None = None,
    sector_titles: Mapping[str, str] | None = None,
    limitmb: int | None = None,
) -> int:
    """Create a fresh index in `index_dir` (empty or missing) holding every record.

    Args:
        records: the records; read once when `aliases` and `sector_titles` are given
            (so a generator of any size works), else held in memory to derive them.
        index_dir: where to write; created if missing.
        aliases: the alias table; default: `db/aliases.toml` plus the organizations'
            names found among `records`.
        sector_titles: sector id → title, added to each record's words.
        limitmb: memory for the writer's sorting pool (default: by corpus size).

    Returns:
        The number of records indexed.
    """
    # Group postings in memory for small corpora (fast); sort them in runs on disk
    # for large ones, where memory matters more (peak RSS goal at 100,000 records).
    big = not isinstance(records, Sized) or len(records) > _IN_MEMORY_RECORDS
    if limitmb is None:
        limitmb = 48 if big else 160
    if aliases is None or sector_titles is None:
        records = list(records)
        if aliases is None:
            aliases = AliasTable.for_records(load_alias_file(default_alias_file()), records)
        if sector_titles is None:
            sector_titles = _sector_titles(records)
    index_dir.mkdir(parents=True, exist_ok=True)
    ix = FileStorage(str(index_dir)).create_index(schema())
    count = 0
    # One process: Whoosh's multi-process writer doubles memory and gains little on 2 cores.
    writer = ix.writer(
        limitmb=limitmb,
        procs=1,
        # Postings blocks are small and mostly numbers: zlib costs more time than
        # the bytes it saves. Separate files spare copying them into one at the end.
        codec=W3Codec(compression=0),
        compound=False,
    )
    speed_up(writer, in_memory=not big)
    written = WordCounter()
    try:
        for doc in _documents(records, aliases, sector_titles):
            writer.add_document(**doc)
            written.add((doc["title"], doc["name"], doc["body"]))
            count += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    ix.close()
    save_aliases(aliases, index_dir)
    written.save(index_dir)
    write_manifest(index_dir, count)
    return count


def _documents(
    records: Iterable[Record], aliases: AliasTable, sector_titles: Mapping[str, str]
) -> Iterator[dict[str, Any]]:
    for r in records:
        yield document(r, aliases, sector_titles)
