"""Ranking cases written from the DST brief (tests/ranking_cases.toml), on the real records.

Each case's answers must come within its `within` first hits, finished and as
typed in the window; over all cases, recall@5 and MRR stay at least as good as
they are now (`ijref bench ranking` prints them).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ijref.app import build_catalog as build
from ijref.catalog.layout import current_build
from ijref.catalog.paths import records_dir
from ijref.search.opening import open_search
from ijref.search.relevance import Case, Report, evaluate, load_cases
from ijref.search.service import SearchService
from ijref.search.vocabulary import load_words

CASES = load_cases(Path(__file__).parent / "ranking_cases.toml")


@pytest.fixture(scope="session")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    source = Path(os.environ.get("IJREF_SEARCH_RECORDS") or records_dir())
    root = tmp_path_factory.mktemp("real") / "build"
    build(source, root)
    with open_search(current_build(root) / "index") as service:
        yield service


@pytest.fixture(scope="session")
def report(real: SearchService) -> Report:
    return evaluate(real, CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.query for c in CASES])
def test_the_answers_come_within_their_place(report: Report, case: Case) -> None:
    for outcome in (o for o in report.outcomes if o.case is case):
        how = "typed" if outcome.as_typed else "finished"
        assert outcome.ok, (
            f"{case.query!r} ({how}): {case.answers} at {outcome.ranks}, "
            f"not all within {case.within}; first {outcome.first}"
        )


def test_every_answer_is_a_record(real: SearchService) -> None:
    missing = {a for c in CASES for a in c.answers if not real.has_record(a)}
    assert missing == set()


@pytest.mark.parametrize("typed", [False, True], ids=["finished", "typed"])
def test_recall_and_mrr_over_all_cases(report: Report, typed: bool) -> None:
    assert len(report.of(typed)) >= 80
    assert report.recall(typed) == 1.0
    assert report.mrr(typed) >= 0.93


def test_typing_a_case_ranks_its_records_as_finished(real: SearchService) -> None:
    """A query whose last word some record holds as written is the same query typed:
    the same records in the same order, with the same scores."""
    written = load_words(real.index_dir)
    whole = [c for c in CASES if c.query.split()[-1].lower() in written]
    assert len(whole) > 50
    for case in whole:
        assert real.plan(case.query, as_you_type=True) == real.plan(case.query), case.query
        typed = real.search(case.query, as_you_type=True, limit=20)
        finished = real.search(case.query, limit=20)
        assert [(h.id, h.score) for h in typed.hits] == [(h.id, h.score) for h in finished.hits]


def test_filters_on_real_data(real: SearchService) -> None:
    found = [h.id for h in real.search("JAXA kind:agreement year:2016").hits]
    assert found[0] == "agreement/isro-jaxa-mou-2016"
    assert all(i.startswith("agreement/") for i in found)
