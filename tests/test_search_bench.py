"""`ijref bench search`: the figures it prints, at a small size."""

from __future__ import annotations

import argparse

import pytest

from ijref.cli import bench_search
from ijref.domain.errors import UserFacingError

CLASSES = {"term", "and", "phrase", "prefix", "fuzzy", "filtered"}


def test_small_run_reports_every_class_and_the_build_apart_from_the_corpus() -> None:
    out = bench_search.measure(1000, per_class=3, catalog=False)
    assert out["records"] == 1000
    assert set(out["classes"]) == CLASSES == set(out["fts5"]["classes"])
    assert set(out["first_pass"]["classes"]) == CLASSES
    assert out["classes"]["and"]["n"] == 3
    assert out["corpus_s"] > 0
    assert out["build_s"] > 0
    assert out["build_cpu_s"] > 0
    assert out["index_bytes"] > 0
    for figures in (out["all"], out["first_pass"]["all"], out["fts5"]["all"]):
        assert figures["p50_ms"] <= figures["p95_ms"]


def test_too_small_a_corpus_is_refused_with_the_fix() -> None:
    args = argparse.Namespace(records=10, per_class=3, no_catalog=True, json=True)
    with pytest.raises(UserFacingError, match="at least 1000"):
        bench_search.run(args)
