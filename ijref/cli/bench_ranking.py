"""`ijref bench ranking [--cases FILE] [--json]`: recall@5 and MRR of the ranking cases.

Each case (a query and the records that answer it, `tests/ranking_cases.toml`)
is searched on the current build finished and as typed in the window; the
figures are the mean share of its answers in the first five hits (recall@5) and
the mean reciprocal rank of its best-placed answer (MRR). Cases whose answers
come lower than the case allows are listed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ijref.catalog.paths import source_root
from ijref.cli.context import open_search

__all__ = ["register_bench", "run"]


def register_bench(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("ranking", help="recall@5 and MRR of the ranking cases")
    p.add_argument("--cases", type=Path, help="ranking cases (default: tests/ranking_cases.toml)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ijref.search.relevance import evaluate, load_cases

    cases = load_cases(args.cases or source_root() / "tests" / "ranking_cases.toml")
    with open_search(args) as service:
        report = evaluate(service, cases)
    figures: dict[str, Any] = {
        mode: {
            "cases": len(report.of(typed)),
            "recall_at_5": round(report.recall(typed), 3),
            "mrr": round(report.mrr(typed), 3),
        }
        for mode, typed in (("finished", False), ("typed", True))
    }
    misses = [
        {
            "query": o.case.query,
            "typed": o.as_typed,
            "answers": list(o.case.answers),
            "ranks": list(o.ranks),
            "within": o.case.within,
            "first": list(o.first),
        }
        for o in report.failures()
    ]
    if args.json:
        json.dump({**figures, "below_within": misses}, sys.stdout, indent=2)
        print()
        return 0
    for mode, f in figures.items():
        print(
            f"{mode:<9} {f['cases']:>3} cases  recall@5 {f['recall_at_5']:.3f}  MRR {f['mrr']:.3f}"
        )
    for m in misses:
        how = "typed" if m["typed"] else "finished"
        print(
            f"  below {m['within']}: {m['query']!r} ({how}) ranks {m['ranks']}, first {m['first']}"
        )
    return 0
