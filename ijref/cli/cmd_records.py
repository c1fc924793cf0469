"""`ijref show`, `ijref list`, `ijref timeline`, `ijref stats`: reading the catalog."""

from __future__ import annotations

import argparse
import datetime as dt
from collections import Counter
from typing import Any

from ijref.cli.context import open_catalog
from ijref.cli.output import print_json, record_json, record_text
from ijref.domain.dates import EdtfDate
from ijref.domain.display import source_date_text
from ijref.domain.errors import UserFacingError
from ijref.domain.records import Kind

__all__ = ["register"]

KINDS = [k.value for k in Kind]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("show", help="show one record")
    p.add_argument("id", help="record id, e.g. agreement/isro-jaxa-mou-2016")
    p.add_argument("--as-of", help="date for an agreement's status (default: today)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=show)

    p = sub.add_parser("list", help="list records")
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--sector", help="sector id or slug, e.g. sector/space or space")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=list_records)

    p = sub.add_parser("timeline", help="every dated thing, in order")
    p.add_argument("--from", dest="start", help="EDTF date, e.g. 2015 or 2018-06")
    p.add_argument("--to", dest="end", help="EDTF date")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=timeline)

    p = sub.add_parser("stats", help="counts per kind and per sector")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=stats)


def _as_of(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    date = EdtfDate.try_parse(text)
    if date is None or date.earliest is None:
        raise UserFacingError(f"--as-of {text!r} is not a date; write e.g. 2024-06-01")
    return date.earliest


def sector_id(text: str | None) -> str | None:
    """Accept `space` as well as `sector/space`."""
    if not text:
        return None
    return text if text.startswith("sector/") else f"sector/{text}"


def show(args: argparse.Namespace) -> int:
    today = _as_of(args.as_of)
    with open_catalog(args) as catalog:
        record = catalog.get(args.id)
        if record is None:
            raise UserFacingError(
                f"no record {args.id!r}; find ids with `ijref search WORDS` or `ijref list`"
            )
        if args.json:
            print_json(record_json(record, today))
        else:
            labels = {s.id: s.label for s in catalog.sources()}
            print(record_text(record, today, labels))
    return 0


def list_records(args: argparse.Namespace) -> int:
    with open_catalog(args) as catalog:
        sector = sector_id(args.sector)
        if sector and sector not in catalog.ids():
            raise UserFacingError(f"no sector {sector!r}; `ijref list --kind sector` lists them")
        rows = catalog.summaries(Kind(args.kind) if args.kind else None, sector)
    if args.json:
        print_json(
            [
                {
                    "id": r.id,
                    "kind": r.kind.value,
                    "title": r.title,
                    "short_name": r.short_name,
                    "date": r.date,
                }
                for r in rows
            ]
        )
    else:
        for r in rows:
            print(f"{r.date or '-':<24} {r.id:<48} {r.title}")
    return 0


def _bound(text: str | None, which: str) -> dt.date | None:
    if not text:
        return None
    date = EdtfDate.try_parse(text)
    if date is None:
        raise UserFacingError(f"--{which} {text!r} is not an EDTF date; write e.g. 2015 or 2018-06")
    return date.earliest if which == "from" else date.latest


def timeline(args: argparse.Namespace) -> int:
    start, end = _bound(args.start, "from"), _bound(args.end, "to")
    if start and end and start > end:
        raise UserFacingError(f"--from {args.start} is after --to {args.end}; swap them")
    with open_catalog(args) as catalog:
        entries = catalog.timeline(start, end)
    if args.json:
        print_json(
            [
                {
                    "date": e.date.text,
                    "role": e.role,
                    "id": e.record.id,
                    "kind": e.record.kind.value,
                    "title": e.record.title,
                }
                for e in entries
            ]
        )
    else:
        for e in entries:
            print(f"{e.date.text:<24} {e.role:<12} {e.record.id:<48} {e.record.title}")
    return 0


def stats(args: argparse.Namespace) -> int:
    with open_catalog(args) as catalog:
        kinds = catalog.kind_counts()
        per_sector = catalog.counts()
        sectors = catalog.sectors()
        sources = catalog.sources()
    data: dict[str, Any] = {
        "kinds": {k: kinds.get(k, 0) for k in KINDS},
        "total": sum(kinds.values()),
        "sectors": [
            {
                "id": s.id,
                "title": s.title,
                "counts": {
                    k: per_sector.get(s.id, Counter()).get(k, 0) for k in KINDS if k != "sector"
                },
            }
            for s in sectors
        ],
        "sources": [
            {
                "id": s.id,
                "title": s.title,
                "publisher": s.publisher,
                "date": s.date or None,
                "covers": s.covers or None,
                "dated": source_date_text(s.date, s.covers),
            }
            for s in sources
        ],
    }
    if args.json:
        print_json(data)
        return 0
    print(
        "records by kind: "
        + ", ".join(f"{k} {n}" for k, n in data["kinds"].items())
        + f" (total {data['total']})"
    )
    for s in data["sectors"]:
        print(f"  {s['title']:<44} " + "  ".join(f"{k} {n}" for k, n in s["counts"].items()))
    print(f"sources ({len(sources)}):")
    for src in sources:
        print(f"  {source_date_text(src.date, src.covers):<36} {src.publisher}: {src.title}")
    return 0
