"""`ijref bench typing [--records N] [--json]`: the window's answer time while typing.

The real main window, offscreen at 1366×768, is typed into a character at a time
— over the shipped data and over a synthetic catalog of N records (default
10,000) built in a temporary folder — and each keystroke's time from the
debounce firing to the results list painting its answer is measured (search,
snippets, facets and notes lookup in the worker, the model reset, the paint),
beside the same queries' search alone (no window) as the baseline.
Goals: p95 ≤ 30 ms on the shipped data, ≤ 60 ms at 10,000 records.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ijref.cli.context import build_dir
from ijref.domain.errors import UserFacingError

__all__ = ["SHIPPED_QUERIES", "register_bench", "run"]

# Typed as a diplomat would: names, acronyms, questions, typos.
SHIPPED_QUERIES = (
    "JAXA",
    "jaxsa",
    "Hiroshma University",
    "isro jaxa mou",
    "lunar polar exploration",
    "stem cells",
    "what did we sign on forestry",
    "sakura science",
    "DST JST MoU 2006",
    "Japan Aerospace Exploration Agency",
    "gas hydrates",
    "10th JCM",
)
GOALS_MS = {"shipped": 30.0, "synthetic": 60.0}


def register_bench(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("typing", help="results painted while typing in the window (offscreen)")
    p.add_argument(
        "--records", type=int, default=10_000, help="synthetic catalog size (default 10000)"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def _synthetic_queries(corpus: Any) -> list[str]:
    """Words and two-word queries of the corpus's own mix, typed whole."""
    mix = corpus.queries(per_class=12)
    terms = [q.text for q in mix if q.cls == "term"]
    prefixes = [q.text for q in mix if q.cls == "prefix"]
    # the whole words the prefix class types letter by letter
    words = [p for i, p in enumerate(prefixes) if i + 1 == len(prefixes) or
             not prefixes[i + 1].startswith(p)]  # fmt: skip
    pairs = [f"{a} {b}" for a, b in zip(terms[::2], terms[1::2], strict=False)][:4]
    return [*terms, *words[:6], *pairs]


def _synthetic_build(n: int, root: Path) -> None:
    """A build root like `ijref build` writes, of the benchmark's synthetic corpus."""
    from ijref.catalog.builder import content_hash, swap_in, write_build
    from ijref.catalog.layout import BuildInfo
    from ijref.catalog.recordfile import LoadResult
    from ijref.search.aliases import AliasTable
    from ijref.search.indexer import build_index
    from ijref.search.synthetic import Corpus

    corpus = Corpus(n, 1)
    records = tuple(corpus)

    def index(rs: Any, folder: Path) -> None:
        aliases = AliasTable.from_groups(corpus.org_names())
        build_index(rs, folder, aliases=aliases, sector_titles=corpus.sector_titles())

    digest = content_hash(records, ())
    staging = root / ".staging"
    staging.mkdir(parents=True)
    info = BuildInfo.for_records(records, (), digest)
    write_build(staging, LoadResult(records, (), ()), info, index_writer=index)
    swap_in(root, staging, digest[:16])


def _measure(root: Path, queries: Sequence[str]) -> dict[str, Any]:
    from ijref.app import open_services
    from ijref.ui.typing_bench import measure_typing

    services = open_services(root)
    try:
        return measure_typing(root, services, queries)
    finally:
        services.close()


def run(args: argparse.Namespace) -> int:
    if args.records < 1000:
        raise UserFacingError("--records must be at least 1000; pass a larger number")
    # The window is real but never on a screen: offscreen, unless told otherwise.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ijref.search.synthetic import Corpus

    out: dict[str, Any] = {"shipped": _measure(build_dir(args), SHIPPED_QUERIES)}
    with tempfile.TemporaryDirectory(prefix="ijref-typing-") as tmp:
        root = Path(tmp) / "build"
        _synthetic_build(args.records, root)
        queries = _synthetic_queries(Corpus(args.records, 1))
        out["synthetic"] = {"records": args.records, **_measure(root, queries)}
    for name, goal in GOALS_MS.items():
        out[name]["goal_p95_ms"] = goal
    if args.json:
        json.dump(out, sys.stdout, indent=2)
        print()
        return 0
    for name, f in out.items():
        label = "shipped data" if name == "shipped" else f"{f['records']} records"
        print(f"{label:<14} {f['keystrokes']:>4} keystrokes ({f['queries']} queries): "
              f"p50 {f['p50_ms']} ms, p95 {f['p95_ms']} ms (goal {f['goal_p95_ms']:.0f}),"
              f" max {f['max_ms']} ms; search alone p50 {f['search_alone']['p50_ms']} ms,"
              f" p95 {f['search_alone']['p95_ms']} ms")  # fmt: skip
    return 0
