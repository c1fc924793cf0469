"""`ijref bench pack`: how long a data pack takes to install; does the window keep answering.

Two packs, each against a baseline measured in the same run (`ijref build` of
the same records, which an install repeats after checking the pack):

- the shipped records (`db/records`): installs into fresh data folders, median
  of `--runs`, to usable search (goal: ≤ 5 s);
- `--records N` synthetic records (default 10,000; goal: ≤ 30 s).

Each pack is also installed through the main window (offscreen), as File ▸
Install data update… does it, timing the longest the GUI thread went without
running its event loop (goal: no gap over 50 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["register_bench"]

GOALS = {"shipped_usable_s": 5.0, "synthetic_usable_s": 30.0, "window_gap_ms": 50.0}


def register_bench(bench: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = bench.add_parser(
        "pack", help="install a data pack of the shipped and of synthetic records, timed"
    )
    p.add_argument(
        "--records", type=int, default=10_000, help="synthetic records (0: skip; default 10000)"
    )
    p.add_argument(
        "--runs", type=int, default=3, help="installs of the shipped records (median; default 3)"
    )
    p.add_argument("--no-window", action="store_true", help="skip the install through the window")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def _measure(prepared: Any, work: Path, runs: int, window: bool) -> dict[str, Any]:
    from ijref.packs.bench import install_and_search

    timings = [install_and_search(prepared, work / f"user-{i}") for i in range(runs)]
    stages = sorted({s for t in timings for s in t.stages})
    out: dict[str, Any] = {
        "records": prepared.records,
        "pack_mb": round(prepared.pack.stat().st_size / 2**20, 2),
        "runs": runs,
        "baseline_build_s": round(prepared.build_s, 3),
        "install_s": _median([t.install_s for t in timings]),
        "search_s": _median([t.search_s for t in timings]),
        "usable_s": _median([t.usable_s for t in timings]),
        "stages_s": {s: _median([t.stages.get(s, 0.0) for t in timings]) for s in stages},
    }
    if window:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from ijref.ui.packs.bench import install_in_window

        out["window"] = install_in_window(prepared, work / "user-window")
    return out


def run(args: argparse.Namespace) -> int:
    from ijref.catalog.paths import records_dir, source_root
    from ijref.packs.bench import prepare
    from ijref.packs.synthetic import write_records

    db = source_root() / "db"
    sources = source_root().parent / "shared" / "sources"
    report: dict[str, Any] = {"goals": GOALS}
    with tempfile.TemporaryDirectory(prefix="ijref-bench-pack-") as tmp:
        work = Path(tmp)
        shipped = prepare(
            records_dir(),
            work / "shipped",
            aliases=db / "aliases.toml",
            sources=sources if sources.is_dir() else None,
        )
        runs, window = max(1, args.runs), not args.no_window
        report["shipped"] = _measure(shipped, work / "shipped", runs, window)
        if args.records > 0:
            t0 = time.perf_counter()
            folder = write_records(work / "synthetic" / "records", args.records)
            generated = time.perf_counter() - t0
            synthetic = prepare(folder, work / "synthetic")
            report["synthetic"] = _measure(synthetic, work / "synthetic", 1, window)
            report["synthetic"]["generate_s"] = round(generated, 3)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    for name in ("shipped", "synthetic"):
        r = report.get(name)
        if r is None:
            continue
        goal = GOALS[f"{name}_usable_s"]
        print(
            f"{name}: {r['records']} records, pack {r['pack_mb']} MB; baseline `ijref build` "
            f"{r['baseline_build_s']} s; install {r['install_s']} s + first search "
            f"{r['search_s']} s = usable in {r['usable_s']} s (goal ≤ {goal} s; median of "
            f"{r['runs']})"
        )
        print("  stages: " + ", ".join(f"{s} {v} s" for s, v in r["stages_s"].items()))
        if "window" in r:
            w = r["window"]
            print(
                f"  through the window: {w['install_s']} s; GUI thread gaps median "
                f"{w['gap_median_ms']} ms, p99 {w['gap_p99_ms']} ms, max {w['gap_max_ms']} ms "
                f"(goal ≤ {GOALS['window_gap_ms']} ms); the same window idle: median "
                f"{w['idle_gap_median_ms']} ms, p99 {w['idle_gap_p99_ms']} ms, max "
                f"{w['idle_gap_max_ms']} ms"
            )
    return 0
