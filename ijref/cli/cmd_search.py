"""`ijref search QUERY`: full-text search from the command line."""

from __future__ import annotations

import argparse

from ijref.cli.cmd_records import KINDS, sector_id
from ijref.cli.context import open_search
from ijref.cli.output import print_json

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("search", help="search the records")
    p.add_argument("query", nargs="+", help="words, phrases, or kind:/sector:/year: filters")
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--sector", help="sector id or slug")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    service = open_search(args)
    try:
        results = service.search(
            " ".join(args.query),
            kind=args.kind,
            sector=sector_id(args.sector),
            limit=max(1, args.limit),
        )
    finally:
        service.close()
    if args.json:
        print_json(
            [
                {
                    "id": h.id,
                    "kind": h.kind,
                    "title": h.title,
                    "sector": list(h.sectors),
                    "score": round(h.score, 4),
                    "date": h.date,
                    "highlights": h.highlights,
                }
                for h in results.hits
            ]
        )
    else:
        for h in results.hits:
            print(f"{h.score:7.2f}  {h.id:<48} {h.title}")
        if not results.hits:
            print("no matches")
    return 0
