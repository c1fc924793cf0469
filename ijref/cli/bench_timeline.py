"""`ijref bench timeline --events N [--json]`: timeline build and frame times.

The timeline (and Qt with it) is imported only when the benchmark runs, so the
command line stays light and this layer names no Qt module.
"""

from __future__ import annotations

import argparse
import os
import sys

from ijref.cli.output import print_json
from ijref.domain.errors import UserFacingError

__all__ = ["register_bench"]

# The goals: fitted frame median by size; zoom and pan at 50,000.
FIT_GOALS_MS = {10_000: 16.0, 50_000: 33.0}
STEP_GOAL_MS = 16.0


def register_bench(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "timeline",
        help="timeline frame times on a synthetic set, against a naive scene",
    )
    p.add_argument("--events", type=int, default=10_000, help="records to draw (default 10000)")
    p.add_argument("--frames", type=int, default=20, help="frames per measure (default 20)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.events < 1 or args.frames < 1:
        raise UserFacingError("--events and --frames must be at least 1; e.g. --events 10000")
    # Offscreen unless told otherwise: the benchmark draws into images, not windows.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ijref.ui.timeline.bench import run_in_app

    result = run_in_app(args.events, frames=args.frames, argv=sys.argv[:1])
    if args.json:
        print_json(result)
        return 0
    print(f"timeline benchmark: {result['events']} records, 1600×900 offscreen")
    print(f"  build                {result['build_ms']:9.1f} ms")
    for key, name in (
        ("fit_ms", "fitted to all"),
        ("fit_collapsed_ms", "fitted, lanes shut"),
        ("zoom_ms", "zoom (one year)"),
        ("pan_ms", "pan step"),
    ):
        v = result[key]
        print(f"  {name:<20} {v['median']:9.2f} ms median  {v['max']:9.2f} ms max")
    print(
        f"  naive scene, fitted  {result['naive_fit_ms']['median']:9.2f} ms median "
        f"(built in {result['naive_build_ms']:.0f} ms)"
    )
    print(f"  naive scene, whole   {result['naive_fit_all_ms']['median']:9.2f} ms median")
    goal = FIT_GOALS_MS.get(args.events)
    if goal is not None:
        checks = [("fitted", result["fit_ms"]["median"], goal)]
        if args.events >= 50_000:
            checks += [(k, result[f"{k}_ms"]["median"], STEP_GOAL_MS) for k in ("zoom", "pan")]
        for name, got, want in checks:
            verdict = "met" if got <= want else "MISSED"
            print(f"  goal: {name} median ≤ {want:.0f} ms — {verdict}")
    return 0
