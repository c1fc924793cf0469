"""`ijref bench …`: benchmarks that print figures. Each lives in its own module."""

from __future__ import annotations

import argparse
import importlib

__all__ = ["register"]

# Modules under ijref.cli with `register_bench(subparsers)`.
BENCH_MODULES: tuple[str, ...] = (
    "bench_search",
    "bench_ranking",
    "bench_startup",
    "bench_timeline",
    "bench_typing",
    "cmd_userdata",
    "cmd_brief",
    "bench_pack",
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "bench", help="benchmarks (search, timeline, startup, notes, briefing, pack)"
    )
    bench = p.add_subparsers(dest="bench", metavar="BENCH", required=True)
    for name in BENCH_MODULES:
        importlib.import_module(f"ijref.cli.{name}").register_bench(bench)
