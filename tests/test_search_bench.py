"""`ijref bench search`: the figures it prints, at a small size, for all three engines."""

from __future__ import annotations

import argparse
from typing import Any

import pytest

from ijref.cli import bench_search
from ijref.domain.errors import UserFacingError

CLASSES = {"term", "and", "phrase", "prefix", "fuzzy", "filtered"}


@pytest.fixture(scope="module")
def figures() -> dict[str, Any]:
    return bench_search.measure(1000, per_class=3, catalog=False)


def test_every_engine_reports_every_class_and_its_build(figures: dict[str, Any]) -> None:
    assert figures["records"] == 1000
    for engine in (figures, figures["fts5"], figures["tantivy"]):
        assert set(engine["classes"]) == CLASSES == set(engine["first_pass"]["classes"])
        sizes = {name: c["n"] for name, c in engine["classes"].items()}
        assert sizes.pop("prefix") >= 3  # a word typed letter by letter, to the end
        assert set(sizes.values()) == {3}
        assert engine["build_s"] > 0 and engine["index_bytes"] > 0
    assert figures["corpus_s"] > 0 and figures["build_cpu_s"] > 0


def test_typos_are_found_by_the_service_and_not_by_fts5(figures: dict[str, Any]) -> None:
    n = figures["classes"]["fuzzy"]["n"]
    assert figures["classes"]["fuzzy"]["found"] == n
    assert figures["fts5"]["classes"]["fuzzy"]["found"] == 0


def test_words_being_typed_are_found_by_every_engine(figures: dict[str, Any]) -> None:
    for engine in (figures, figures["fts5"], figures["tantivy"]):
        prefix = engine["classes"]["prefix"]
        assert prefix["found"] == prefix["n"]
        term = engine["classes"]["term"]
        assert term["found"] == term["n"]


def test_too_small_a_corpus_is_refused_with_the_fix() -> None:
    args = argparse.Namespace(records=10, per_class=3, no_catalog=True, json=True)
    with pytest.raises(UserFacingError, match="at least 1000"):
        bench_search.run(args)
