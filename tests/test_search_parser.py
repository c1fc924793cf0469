"""Anything a person types is accepted: 10,000 generated strings, never an exception."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from search_support import build_fixture_catalog

from ijref.search.service import Results, SearchService

_PIECES = st.sampled_from(
    [
        "JAXA", "isro", "MoU", "space", "Hiroshma", "stem", "cells", "AND", "OR", "NOT", "and",
        "(", ")", '"', "'", "-", "+", "*", "?", "~", "^", ":", "kind:", "sector:", "org:",
        "country:", "year:", "year:2015..2018", "year:..", "year:99999", "kind:agreement",
        "sector:space", "org:", "country:jp", "title:", "*:*", "[", "]", "{", "}", "TO", "/",
        "\\", "..", " ", "  ", "\t", "ü", "日本", "₹", "\x00", "%", "&", "<img src=x>", "2018",
    ]
)  # fmt: skip
QUERIES = st.one_of(
    st.text(max_size=40),
    st.lists(_PIECES, max_size=8).map("".join),
    st.lists(_PIECES, max_size=8).map(" ".join),
)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    folder = build_fixture_catalog(tmp_path_factory.mktemp("parser"))
    with SearchService.open(folder / "index") as s:
        yield s


@pytest.mark.slow
@settings(
    max_examples=10_000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=QUERIES, typing=st.booleans())
def test_any_text_searches_without_an_exception(
    service: SearchService, text: str, typing: bool
) -> None:
    results = service.search(text, as_you_type=typing, limit=3)
    assert isinstance(results, Results)
    assert len(results.hits) <= 3 and results.total >= len(results.hits)
    assert all("<img" not in h.highlights for h in results.hits)


@pytest.mark.parametrize(
    "text",
    ['"unclosed phrase', "((space", "space))", "AND", "NOT", "OR OR", "kind:", "year:abc", ":::"],
)
def test_broken_syntax_still_finds_the_words(service: SearchService, text: str) -> None:
    results = service.search(text)
    assert isinstance(results, Results)


def test_unclosed_phrase_still_finds_the_record(service: SearchService) -> None:
    assert service.search('"outer space').hits[0].id == "agreement/isro-jaxa-mou-2016"
