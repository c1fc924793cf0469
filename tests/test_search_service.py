"""Search over a small fixture catalog: aliases, typos, as-you-type, filters, facets, snippets."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from search_support import build_fixture_catalog, ids

from ijref.search.opening import open_search
from ijref.search.results import Results
from ijref.search.service import SearchService


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    folder = build_fixture_catalog(tmp_path_factory.mktemp("search"))
    with open_search(folder / "index") as s:
        yield s


def test_acronym_finds_its_organization_first(service: SearchService) -> None:
    assert ids(service.search("JAXA"))[0] == "organization/jaxa"


def test_full_name_finds_the_acronyms_records(service: SearchService) -> None:
    found = ids(service.search("Japan Aerospace Exploration Agency"))
    assert found[0] == "organization/jaxa"
    assert "agreement/isro-jaxa-mou-2016" in found[:3]


def test_memorandum_of_cooperation_finds_moc_records(service: SearchService) -> None:
    # the MoC record's text says "MoC" only through its type and short name
    assert ids(service.search("Memorandum of Cooperation"))[0] == "agreement/maff-moefcc-moc-2015"


def test_mou_finds_memoranda_of_understanding(service: SearchService) -> None:
    found = ids(service.search("MoU"))
    assert {"agreement/isro-jaxa-mou-2016", "agreement/dgh-jogmec-mou-2007"} <= set(found)
    assert "agreement/maff-moefcc-moc-2015" not in found


def test_lowercase_acronym_is_the_same_query(service: SearchService) -> None:
    assert ids(service.search("jaxa"))[0] == "organization/jaxa"


def test_typo_is_forgiven_and_said(service: SearchService) -> None:
    results = service.search("Hiroshma")
    assert results.corrected == "Hiroshima"
    assert results.corrections == (("Hiroshma", "Hiroshima"),)
    assert ids(results)[0] == "organization/hiroshima-university"


def test_typo_is_forgiven_while_typing(service: SearchService) -> None:
    typed = service.search("jaxsa", as_you_type=True)
    assert typed.corrected == "jaxa"
    assert ids(typed) == ids(service.search("jaxa"))


def test_the_words_as_typed_when_asked(service: SearchService) -> None:
    exact = service.search("jaxsa", as_you_type=True, correct=False)
    assert exact.hits == () and exact.corrected == ""


def test_an_unfinished_word_is_not_a_typo(service: SearchService) -> None:
    typed = service.search("hirosh", as_you_type=True)
    assert typed.corrected == ""
    assert ids(typed)[0] == "organization/hiroshima-university"


def test_typo_among_known_words_is_forgiven(service: SearchService) -> None:
    assert "organization/hiroshima-university" in ids(service.search("Hiroshma University"))[:2]


def test_words_the_records_hold_are_not_corrected(service: SearchService) -> None:
    assert service.search("JAXA").corrected == ""
    assert service.search("cells").corrected == ""  # a form of an indexed stem


@pytest.mark.parametrize("text", ["JAXA", "ISRO JAXA MoU", "stem cells", "JAXA kind:agreement"])
def test_a_finished_word_typed_ranks_as_finished(service: SearchService, text: str) -> None:
    typed, finished = service.search(text, as_you_type=True), service.search(text)
    assert [(h.id, h.score) for h in typed.hits] == [(h.id, h.score) for h in finished.hits]


def test_a_word_being_typed_adds_word_starts_to_the_words_before(service: SearchService) -> None:
    typed = service.search("isro jaxa mo", as_you_type=True)
    finished = service.search("isro jaxa mo")
    assert ids(typed)[0] == "agreement/isro-jaxa-mou-2016"
    assert typed.total > finished.total  # "mo" finds MoU and more only while typing


def test_stemming_matches_other_word_forms(service: SearchService) -> None:
    assert ids(service.search("stem cell"))[0] == "programme/dbt-cira-ashd"


def test_question_words_do_not_drown_the_topic(service: SearchService) -> None:
    found = ids(service.search("what did we sign on forestry"))
    assert found[0] == "agreement/maff-moefcc-moc-2015"


@pytest.mark.parametrize("typed", ["hi", "hir", "hiro", "hiros", "hirosh"])
def test_as_you_type_prefixes_of_two_to_six_letters(service: SearchService, typed: str) -> None:
    found = ids(service.search(typed, as_you_type=True))
    assert found[:2] == ["organization/hiroshima-university", "agreement/csir-hiroshima-mou-2018"]


def test_one_letter_typed_lists_records_with_words_starting_with_it(
    service: SearchService,
) -> None:
    found = service.search("h", as_you_type=True, limit=50).hits
    assert found[0].id == "organization/hiroshima-university"
    assert all(
        any(w.lower().startswith("h") for w in h.title.replace("–", " ").split()) for h in found
    )


def test_as_you_type_with_finished_words_before(service: SearchService) -> None:
    assert ids(service.search("stem ce", as_you_type=True))[0] == "programme/dbt-cira-ashd"


def test_as_you_type_prefix_longer_than_the_ngrams(service: SearchService) -> None:
    assert ids(service.search("hiroshima", as_you_type=True))[0] == (
        "organization/hiroshima-university"
    )


def test_a_finished_fragment_is_a_word_not_a_prefix(service: SearchService) -> None:
    # "hiros" is one edit from no word: finished, it finds nothing; typed, word starts
    assert service.search("hiros").hits == ()
    assert ids(service.search("hiros", as_you_type=True))[0] == "organization/hiroshima-university"


def test_kind_filter(service: SearchService) -> None:
    results = service.search("JAXA", kind="agreement")
    assert ids(results) == ["agreement/isro-jaxa-mou-2016"]


def test_filters_in_the_query_text(service: SearchService) -> None:
    assert ids(service.search("JAXA kind:agreement")) == ["agreement/isro-jaxa-mou-2016"]
    assert set(ids(service.search("kind:agreement year:2015..2016"))) == {
        "agreement/isro-jaxa-mou-2016",
        "agreement/maff-moefcc-moc-2015",
    }


def test_sector_filter_by_slug_and_id(service: SearchService) -> None:
    assert set(ids(service.search("sector:space kind:agreement"))) == {
        "agreement/isro-jaxa-mou-2016"
    }
    assert ids(service.search("stem", sector="sector/life-sciences"))[0] == (
        "programme/dbt-cira-ashd"
    )


def test_org_and_country_filters(service: SearchService) -> None:
    assert set(ids(service.search("org:csir"))) == {
        "agreement/csir-hiroshima-mou-2018",
        "organization/csir",
    }
    found = ids(service.search("kind:agreement", country="Japan"))
    assert "agreement/isro-jaxa-mou-2016" in found
    assert all(i.startswith("agreement/") for i in found)


def test_negated_filter(service: SearchService) -> None:
    found = ids(service.search("JAXA -kind:organization"))
    assert found and "organization/jaxa" not in found


def test_year_filter_as_an_option(service: SearchService) -> None:
    assert ids(service.search("MoU", year=2007)) == ["agreement/dgh-jogmec-mou-2007"]


def test_only_filters_list_newest_first(service: SearchService) -> None:
    found = ids(service.search("kind:agreement"))
    assert found[0] == "agreement/csir-hiroshima-mou-2018"
    assert found[-1] == "agreement/dgh-jogmec-mou-2007"


def test_a_filter_matching_nothing_gives_nothing(service: SearchService) -> None:
    results = service.search("JAXA", kind="no-such-kind")
    assert results.hits == () and results.total == 0


def test_phrase_needs_the_words_together(service: SearchService) -> None:
    assert ids(service.search('"outer space"')) == ["agreement/isro-jaxa-mou-2016"]
    assert len(ids(service.search("outer space"))) > 1


def test_and_or_not(service: SearchService) -> None:
    assert ids(service.search("gas AND hydrate"))[0] == "agreement/dgh-jogmec-mou-2007"
    both = set(ids(service.search("hydrate OR lunar")))
    assert {"agreement/dgh-jogmec-mou-2007", "programme/lupex-feasibility"} <= both
    assert "organization/jaxa" not in ids(service.search("space NOT JAXA"))


def test_empty_query_gives_no_hits(service: SearchService) -> None:
    assert service.search("   ") == Results((), 0, {})


def test_facets_count_every_match(service: SearchService) -> None:
    results = service.search("JAXA", facets=True, limit=1)
    assert len(results.hits) == 1
    assert sum(results.facets["kind"].values()) == results.total == 3
    assert results.facets["kind"] == {"organization": 1, "agreement": 1, "programme": 1}
    assert results.facets["country"] == {"JP": 3, "IN": 2}
    assert results.facets["year"] == {"2016": 1, "2017": 1}
    assert results.facets["sector"] == {"sector/space": 2}


def test_facets_follow_the_filters(service: SearchService) -> None:
    results = service.search("JAXA", kind="agreement", facets=True)
    assert results.facets["kind"] == {"agreement": 1}


def test_highlights_bold_the_matched_words(service: SearchService) -> None:
    hit = service.search("gas hydrate").hits[0]
    assert "<b>gas</b> <b>hydrate</b>" in hit.highlights


def test_highlights_escape_record_text(service: SearchService) -> None:
    hit = service.search("markup robotics").hits[0]
    assert hit.id == "event/markup-workshop"
    assert "<img" not in hit.highlights
    assert "&lt;img src=x&gt;" in hit.highlights
    assert "&lt;b&gt;tags&lt;/b&gt; &amp; ampersands" in hit.highlights
    assert "<b>robotics</b>" in hit.highlights


def test_hits_carry_what_a_list_shows(service: SearchService) -> None:
    hit = service.search("ISRO JAXA MoU").hits[0]
    assert hit.id == "agreement/isro-jaxa-mou-2016"
    assert hit.kind == "agreement"
    assert hit.sectors == ("sector/space",)
    assert hit.date == "2016-11-11"
    assert hit.score > 0


def test_searches_from_another_thread(service: SearchService) -> None:
    import threading

    out: list[list[str]] = []
    threads = [
        threading.Thread(target=lambda: out.append(ids(service.search("JAXA")))) for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == [ids(service.search("JAXA"))] * 4


def test_a_stop_word_being_typed_is_the_start_of_a_word(service: SearchService) -> None:
    # "in" is no word of the index, but "India…" starts with it while typing
    assert service.search("in").total == 0
    typed = service.search("in", as_you_type=True, limit=50)
    assert typed.total > 0
    assert all(
        any(w.lower().startswith("in") for w in re.findall(r"\w+", h.title)) for h in typed.hits
    )
