"""Anything a person types is accepted: generated strings, huge pastes, undecodable bytes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from search_support import build_fixture_catalog

from ijref.search.opening import open_search
from ijref.search.results import Results
from ijref.search.service import SearchService

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
    # lone surrogates: what a command line makes of bytes that are not UTF-8
    st.text(st.characters(exclude_categories=()), max_size=20),
    st.lists(_PIECES, max_size=8).map("".join),
    st.lists(_PIECES, max_size=8).map(" ".join),
)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    folder = build_fixture_catalog(tmp_path_factory.mktemp("parser"))
    with open_search(folder / "index") as s:
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
    assert len(results.hits) <= 3 and results.total >= len(results.hits)
    assert all("<img" not in h.highlights for h in results.hits)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('"unclosed phrase hydrate', "agreement/dgh-jogmec-mou-2007"),
        ("((hydrate", "agreement/dgh-jogmec-mou-2007"),
        ("hydrate))", "agreement/dgh-jogmec-mou-2007"),
        ("hydrate AND", "agreement/dgh-jogmec-mou-2007"),
        ("OR OR hydrate", "agreement/dgh-jogmec-mou-2007"),
        ("kind: hydrate", "agreement/dgh-jogmec-mou-2007"),
        ("year:abc hydrate", "agreement/dgh-jogmec-mou-2007"),
        ("::: JAXA", "organization/jaxa"),
    ],
)
def test_broken_syntax_still_finds_the_words(service: SearchService, text: str, found: str) -> None:
    assert service.search(text).hits[0].id == found


@pytest.mark.parametrize("text", ["AND", "NOT", "OR OR", "kind:", ":::", "()", '""'])
def test_syntax_alone_finds_nothing(service: SearchService, text: str) -> None:
    assert service.search(text) == Results((), 0, {})


@pytest.mark.parametrize(
    "filters",
    [{"kind": "\udc80gent"}, {"country": "\ud800"}, {"sector": "sp\udcffce"}, {"org": "\udfff"}],
)
def test_undecodable_filter_values_give_no_hits_not_an_error(
    service: SearchService, filters: dict[str, str]
) -> None:
    results = service.search("JAXA", **filters)  # type: ignore[arg-type]
    assert results.hits == () and results.total == 0


def test_undecodable_words_are_searched_as_written(service: SearchService) -> None:
    # "JAXA" followed by the byte 0xFF, as a command line passes it on
    results = service.search("JAXA \udcff")
    assert results.hits[0].id == "organization/jaxa"


def test_a_pasted_megabyte_is_cut_and_the_cut_is_said(service: SearchService) -> None:
    import tracemalloc

    tracemalloc.start()
    try:
        results = service.search("JAXA " * 200_000, as_you_type=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert results.total == service.search("JAXA").total
    assert "organization/jaxa" in [h.id for h in results.hits[:3]]
    assert "only its first 500 characters were searched" in results.notice
    assert "only its first 32 words were searched" in results.notice
    assert peak < 20 * 2**20, f"{peak / 2**20:.0f} MiB"


@pytest.mark.parametrize("length", [25, 1_000, 2_000])
def test_a_very_long_word_is_not_corrected_and_costs_little(
    service: SearchService, length: int
) -> None:
    import tracemalloc

    word = ("hiroshma" * 300)[:length]
    tracemalloc.start()
    try:
        results = service.search(f"hydrate {word}")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert results.corrected == ""
    assert "words over 24 letters are not corrected" in results.notice
    assert results.hits[0].id == "agreement/dgh-jogmec-mou-2007"
    assert peak < 20 * 2**20, f"{peak / 2**20:.0f} MiB"


def test_unclosed_phrase_still_finds_the_record(service: SearchService) -> None:
    assert service.search('"outer space').hits[0].id == "agreement/isro-jaxa-mou-2016"
