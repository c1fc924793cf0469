"""Writing the Whoosh index of the catalog's records."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage

from ijref.domain.records import Kind, Record
from ijref.search.aliases import AliasTable
from ijref.search.integrity import write_manifest
from ijref.search.schema import schema
from ijref.search.vocabulary import WordCounter
from ijref.search.w3 import WriteCodec

__all__ = [
    "ALIASES_FILE",
    "IndexWriter",
    "build_index",
    "document",
    "index_writer",
    "load_aliases",
    "org_key",
    "record_years",
    "save_aliases",
]

# The alias table an index was built with, kept beside it for the query side.
ALIASES_FILE = "aliases.json"

# Years a date spanning decades still gets as filter keys ("196X" → ten years).
_MAX_SPAN = 30
# Above this many records the writer's sorting pool gets less memory (peak RSS).
_BIG = 20_000
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
        # word starts of the record's own names only: a party's acronym typed in
        # part finds the party; typed whole, it finds every record it is party to
        "complete": " \n ".join(t for t in (r.title, *names) if t),
        "sector": " ".join(r.sectors),
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

    Written through Whoosh's public writer API, as one segment.

    Args:
        records: the records; read once when `aliases` and `sector_titles` are given
            (so a generator of any size works), else held in memory to derive them.
        index_dir: where to write; created if missing.
        aliases: the alias table; default: the organizations' names found among
            `records` (`index_writer` adds the curated table).
        sector_titles: sector id → title, added to each record's words.
        limitmb: memory for the writer's sorting pool (default: by corpus size).

    Returns:
        The number of records indexed.
    """
    if limitmb is None:
        big = not isinstance(records, Sized) or len(records) > _BIG
        limitmb = 64 if big else 384  # 10,000 records fit without spilling runs to disk
    if aliases is None or sector_titles is None:
        records = list(records)
        if aliases is None:
            aliases = AliasTable.for_records([], records)
        if sector_titles is None:
            sector_titles = _sector_titles(records)
    index_dir.mkdir(parents=True, exist_ok=True)
    ix = FileStorage(str(index_dir)).create_index(schema())
    count = 0
    # One process: Whoosh's multi-process writer doubles memory and gains little on 2 cores.
    writer = ix.writer(
        limitmb=limitmb,
        procs=1,
        codec=WriteCodec(),  # lengths loaded once for the commit (see `w3`)
        compound=False,  # separate files spare copying them into one at the end
    )
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


IndexWriter = Callable[[Sequence[Record], Path], None]
Progress = Callable[[str, float], None]
PROGRESS_STAGE = "Building the search index"


class _Counted:
    """Records that report how far a consumer has read them (a sized iterable)."""

    def __init__(self, records: Sequence[Record], report: Callable[[float], None]) -> None:
        self._records = records
        self._report = report

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[Record]:
        total = len(self._records) or 1
        step = max(1, total // 50)
        for i, r in enumerate(self._records):
            if i % step == 0:
                self._report(i / total)
            yield r


def index_writer(curated: Sequence[Sequence[str]], progress: Progress | None = None) -> IndexWriter:
    """What a build indexes records with (`ijref build`, a data pack's install): the
    curated alias groups plus the organizations' names, and the sectors' titles.

    With `progress(stage, fraction)`, it reports the share of records indexed so far.
    """

    def write(records: Sequence[Record], index_dir: Path) -> None:
        feed: Iterable[Record] = records
        if progress is not None:
            feed = _Counted(records, lambda f: progress(PROGRESS_STAGE, f))
        build_index(
            feed,
            index_dir,
            aliases=AliasTable.for_records(curated, records),
            sector_titles=_sector_titles(records),
        )

    return write


def _documents(
    records: Iterable[Record], aliases: AliasTable, sector_titles: Mapping[str, str]
) -> Iterator[dict[str, Any]]:
    for r in records:
        yield document(r, aliases, sector_titles)
