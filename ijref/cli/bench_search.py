"""`ijref bench search --records N [--json]`: search speed, build time and memory at scale.

Generates a deterministic synthetic corpus of N records, writes a catalog (in a
child process, so its memory is not counted as the search's) and a search index
in a temporary folder, then times a fixed mix of queries in six classes through
`SearchService.search` with highlights for the top 10 — and, as baselines in
the same run, the same corpus and queries on SQLite FTS5 (porter, a prefix
index, bm25, `snippet()`, indexed filter tables) and on tantivy (its parser,
phrase-prefix and fuzzy queries, snippets), each with the count of all matches.
Figures are medians and 95th percentiles of one timed pass after a warm-up
pass, in wall-clock time (as asked) and in CPU time (`cpu`), which other
processes on a shared machine do not inflate; the warm-up pass's own figures
are given too (`first_pass`: caches empty, as for the first searches of a
session). `found` counts the queries of a class that found anything. `build_s`
is the index build alone: the time spent generating the synthetic records it
reads is measured apart (`corpus_s`) and taken out, as a real build reads
records that already exist.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

__all__ = ["register_bench", "run"]

SEED = 1
LIMIT = 10


def register_bench(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "search", help="search latency by query class, with FTS5 and tantivy baselines"
    )
    p.add_argument("--records", type=int, default=10_000, help="corpus size (default 10000)")
    p.add_argument("--per-class", type=int, default=40, help="queries per class (default 40)")
    p.add_argument("--no-catalog", action="store_true", help="skip writing the catalog")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def _pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _summary(ms: Sequence[float]) -> dict[str, float]:
    return {
        "p50_ms": round(_pct(ms, 0.5), 2),
        "p95_ms": round(_pct(ms, 0.95), 2),
        "max_ms": round(max(ms), 2),
    }


def _time_mix(queries: Sequence[Any], run_one: Callable[[Any], int]) -> dict[str, Any]:
    """Time `run_one(query) -> number of hits` over the mix, twice (see module doc)."""
    # The first pass warms file caches, stem caches, filter sets and cached
    # postings; its figures are kept too ("first_pass"), as a first search sees them.
    first: dict[str, list[float]] = {}
    for q in queries:
        t = time.perf_counter()
        run_one(q)
        first.setdefault(q.cls, []).append((time.perf_counter() - t) * 1000)
    every_first = [v for vs in first.values() for v in vs]
    by_class: dict[str, list[float]] = {}
    cpu_by_class: dict[str, list[float]] = {}
    found: dict[str, int] = {}
    for q in queries:
        t, cpu = time.perf_counter(), time.process_time()
        hits = run_one(q)
        by_class.setdefault(q.cls, []).append((time.perf_counter() - t) * 1000)
        cpu_by_class.setdefault(q.cls, []).append((time.process_time() - cpu) * 1000)
        found[q.cls] = found.get(q.cls, 0) + (hits > 0)
    every = [v for vs in by_class.values() for v in vs]
    every_cpu = [v for vs in cpu_by_class.values() for v in vs]
    return {
        "classes": {
            c: {"n": len(v), "found": found[c], **_summary(v)} for c, v in by_class.items()
        },
        "all": {k: v for k, v in _summary(every).items() if k != "max_ms"},
        # CPU time of the same queries: what they cost without other processes' load
        "cpu": {
            "classes": {c: _summary(v) for c, v in cpu_by_class.items()},
            "all": {k: v for k, v in _summary(every_cpu).items() if k != "max_ms"},
        },
        "first_pass": {
            "classes": {c: _summary(v) for c, v in first.items()},
            "all": {k: v for k, v in _summary(every_first).items() if k != "max_ms"},
        },
    }


def _write_catalog(n: int, seed: int, path: str) -> None:
    from ijref.catalog.builder import write_catalog
    from ijref.catalog.layout import BuildInfo
    from ijref.search.synthetic import Corpus

    records = list(Corpus(n, seed))
    write_catalog(Path(path), records, [], BuildInfo.for_records(records, [], "bench"))


class _TimedCorpus:
    """The corpus's records, one at a time, with the time spent generating them."""

    def __init__(self, corpus: Any) -> None:
        self.corpus = corpus
        self.seconds = 0.0
        self.cpu_seconds = 0.0

    def __len__(self) -> int:
        return len(self.corpus)

    def __iter__(self) -> Iterator[Any]:
        for i in range(len(self.corpus)):
            t, cpu = time.perf_counter(), time.process_time()
            record = self.corpus.record(i)
            self.seconds += time.perf_counter() - t
            self.cpu_seconds += time.process_time() - cpu
            yield record


def _catalog(n: int, folder: Path) -> float:
    t = time.perf_counter()
    proc = multiprocessing.get_context("spawn").Process(
        target=_write_catalog, args=(n, SEED, str(folder / "catalog.sqlite"))
    )
    proc.start()
    proc.join()
    if proc.exitcode != 0:
        from ijref.domain.errors import UserFacingError

        raise UserFacingError("writing the benchmark catalog failed; try --no-catalog")
    return time.perf_counter() - t


def _timed_build(add: Callable[[_TimedCorpus], object], corpus: Any) -> dict[str, float]:
    """Build time of an engine's index, the corpus generation it reads taken out."""
    timed = _TimedCorpus(corpus)
    t, cpu = time.perf_counter(), time.process_time()
    add(timed)
    return {
        "build_s": round(time.perf_counter() - t - timed.seconds, 2),
        "build_cpu_s": round(time.process_time() - cpu - timed.cpu_seconds, 2),
        "corpus_s": round(timed.seconds, 2),
    }


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure(n: int, per_class: int = 40, catalog: bool = True) -> dict[str, Any]:
    """Run the whole benchmark; returns the figures the JSON output holds."""
    from ijref.catalog.paths import alias_file
    from ijref.search.aliases import AliasTable, load_alias_file
    from ijref.search.fts5 import Fts5Index
    from ijref.search.indexer import build_index
    from ijref.search.service import SearchService
    from ijref.search.synthetic import Corpus
    from ijref.search.tantivy_baseline import TantivyIndex

    corpus = Corpus(n, SEED)
    queries = corpus.queries(per_class)
    out: dict[str, Any] = {"records": n}
    with tempfile.TemporaryDirectory(prefix="ijref-bench-") as tmp:
        folder = Path(tmp)
        if catalog:
            out["catalog_s"] = round(_catalog(n, folder), 2)
        aliases = AliasTable.from_groups([*load_alias_file(alias_file()), *corpus.org_names()])
        titles = corpus.sector_titles()
        out.update(
            _timed_build(
                lambda rs: build_index(rs, folder / "index", aliases=aliases, sector_titles=titles),
                corpus,
            )
        )
        out["index_bytes"] = _size(folder / "index")
        # built just now by this process: opened as it is, without the checks of `opening`
        with SearchService(folder / "index") as service:

            def ijref(q: Any) -> int:
                years = f"{q.years[0]}..{q.years[1]}" if q.years else None
                results = service.search(
                    q.text,
                    kind=q.kind,
                    sector=q.sector,
                    year=years,
                    limit=LIMIT,
                    as_you_type=q.as_you_type,
                )
                return len(results.hits)

            out.update(_time_mix(queries, ijref))
        out["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        fts = Fts5Index(folder / "fts5.sqlite")
        out["fts5"] = _timed_build(fts.add, corpus)
        out["fts5"]["index_bytes"] = (folder / "fts5.sqlite").stat().st_size
        out["fts5"].update(_time_mix(queries, lambda q: len(fts.search(q, LIMIT)[0])))
        fts.close()
        tantivy = TantivyIndex(folder / "tantivy")
        out["tantivy"] = _timed_build(tantivy.add, corpus)
        out["tantivy"]["index_bytes"] = _size(folder / "tantivy")
        out["tantivy"].update(_time_mix(queries, lambda q: len(tantivy.search(q, LIMIT)[0])))
    return out


def _print_table(r: dict[str, Any]) -> None:
    print(f"records {r['records']}: ijref build {r['build_s']} s (CPU {r['build_cpu_s']} s,"
          f" + corpus {r['corpus_s']} s), index {r['index_bytes'] / 2**20:.1f} MiB,"
          f" peak RSS {r['peak_rss_mib']} MiB; FTS5 build {r['fts5']['build_s']} s,"
          f" tantivy build {r['tantivy']['build_s']} s")  # fmt: skip
    engines = {"ijref": r, "fts5": r["fts5"], "tantivy": r["tantivy"]}
    print(f"{'class':<10}{'n':>4}" + "".join(f"{e + ' p50/p95/first':>26}" for e in engines))
    for c, v in r["classes"].items():
        cells = "".join(
            f"{e['classes'][c]['p50_ms']:>9}/{e['classes'][c]['p95_ms']}"
            f"/{e['first_pass']['classes'][c]['p95_ms']:<8}"
            for e in engines.values()
        )
        print(f"{c:<10}{v['n']:>4}{cells}")
    cells = "".join(f"{e['all']['p50_ms']:>9}/{e['all']['p95_ms']:<16}" for e in engines.values())
    print(f"{'all':<14}{cells}")


def run(args: argparse.Namespace) -> int:
    if args.records < 1000:
        from ijref.domain.errors import UserFacingError

        raise UserFacingError("--records must be at least 1000; pass a larger number")
    result = measure(args.records, max(1, args.per_class), catalog=not args.no_catalog)
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        print()
    else:
        _print_table(result)
    return 0
