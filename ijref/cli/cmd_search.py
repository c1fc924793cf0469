"""`ijref search QUERY`: full-text search from the command line."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import TYPE_CHECKING

from ijref.cli.cmd_records import KINDS, sector_id
from ijref.cli.context import open_search
from ijref.cli.output import print_json
from ijref.domain.errors import UserFacingError

if TYPE_CHECKING:
    from ijref.search.results import Results

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "search",
        help="search the records",
        description='Words, "phrases", AND/OR/NOT, and filters kind: sector: org: country: '
        "year: (year:2015..2018) in the query itself or as options.",
    )
    p.add_argument("query", nargs="+", help="words, phrases, or kind:/sector:/year: filters")
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--sector", help="sector id or slug")
    p.add_argument("--year", help="a year or a range such as 2015..2018")
    p.add_argument("--country", help="IN, JP (or India, Japan)")
    p.add_argument("--org", help="an organization's acronym or id, e.g. JAXA")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--facets", action="store_true", help="also count matches by kind, sector, …")
    p.add_argument(
        "--as-you-type",
        action="store_true",
        help="search as the window does while typing: the last word may be unfinished",
    )
    p.add_argument(
        "--exact", action="store_true", help="search the words as typed, without typo correction"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def _facets_text(results: Results) -> None:
    for name, counts in results.facets.items():
        shown = ", ".join(f"{k} {n}" for k, n in list(counts.items())[:12])
        print(f"  {name:<8} {shown or '—'}")


def run(args: argparse.Namespace) -> int:
    from ijref.search.window import SearchRequest, window_search

    text = " ".join(args.query)
    if args.as_you_type and args.org:
        raise UserFacingError("the window has no --org filter; put org:… in the query instead")
    service = open_search(args)
    try:
        if args.as_you_type:
            # exactly what the window's results list asks (then the first --limit hits)
            filters = {"kind": args.kind, "sector": sector_id(args.sector), "year": args.year,
                       "country": args.country}  # fmt: skip
            chosen = {k: v for k, v in filters.items() if v}
            results = window_search(service, SearchRequest(text, chosen, not args.exact))
            results = replace(results, hits=results.hits[: max(1, args.limit)])
        else:
            results = service.search(
                text,
                kind=args.kind,
                sector=sector_id(args.sector),
                year=args.year,
                country=args.country,
                org=args.org,
                limit=max(1, args.limit),
                facets=args.facets,
                correct=not args.exact,
            )
    finally:
        service.close()
    hits = [
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
    if results.corrected:
        # on stderr: the hits on stdout stay what scripts read
        print(f"ijref: showing results for {results.corrected}; search instead for {text}"
              " with --exact", file=sys.stderr)  # fmt: skip
    if args.json:
        if args.facets:
            print_json(
                {
                    "total": results.total,
                    "hits": hits,
                    "facets": results.facets,
                    "corrected": results.corrected,
                }
            )
        else:
            print_json(hits)
        return 0
    for h in results.hits:
        print(f"{h.score:7.2f}  {h.id:<48} {h.title}")
    if not results.hits:
        print("no matches")
    elif results.total > len(results.hits):
        print(f"… {results.total - len(results.hits)} more")
    if args.facets:
        _facets_text(results)
    return 0
