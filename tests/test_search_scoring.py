"""The one scorer gives every document Whoosh's own score, for queries the parser builds.

Generated query text — words common and rare, acronyms and full names (aliases),
phrases, AND / OR / NOT, parentheses, filters, questions about signing — goes
through the service's own planning (parser, typo correction, the word-start
term of a word being typed, filters). The query it plans is then run by
Whoosh's searcher (`Searcher.search`, with the service's weighting model:
BM25F, its idf and kind priors through Whoosh's hooks) and by the service: every
document matched must be the same, with the same score, and the service's
order must be Whoosh's.

One Whoosh bug is fixed for the reference run: whoosh-reloaded 2.7.5's
`AndNotMatcher._find_first` does not move the excluded side up to the first
document of the other, so `a AND NOT b` keeps that first document when `b`
holds it and starts earlier. (The service never runs Whoosh's matchers.)
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from whoosh.filedb.filestore import FileStorage
from whoosh.matching.binary import AndNotMatcher
from whoosh.query import Phrase

from ijref.search.aliases import AliasTable
from ijref.search.indexer import build_index
from ijref.search.scoring import Scorer
from ijref.search.service import SearchService
from ijref.search.synthetic import Corpus
from ijref.search.weighting import Ranking

CORPUS = Corpus(700, seed=5)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scoring") / "index"
    build_index(
        list(CORPUS),
        folder,
        aliases=AliasTable.from_groups(CORPUS.org_names()),
        sector_titles=CORPUS.sector_titles(),
    )
    return folder


@pytest.fixture(scope="module")
def service(index: Path) -> Iterator[SearchService]:
    with SearchService(index) as s:
        yield s


WHOOSHS_FIND_FIRST = AndNotMatcher._find_first


def _find_first(self: Any) -> None:
    if self.a.is_active() and self.b.is_active():
        self._find_next()  # which moves `b` up to `a` first


@pytest.fixture(scope="module")
def whoosh(index: Path) -> Iterator[Any]:
    ix = FileStorage(str(index)).open_index()
    with pytest.MonkeyPatch.context() as patch, ix.searcher(weighting=Ranking()) as searcher:
        patch.setattr(AndNotMatcher, "_find_first", _find_first)
        yield searcher
    ix.close()


def _pools() -> dict[str, list[str]]:
    rng = random.Random(7)
    records = [CORPUS.record(i) for i in range(40, 700, 7)]
    vocab = CORPUS.vocabulary
    phrases = []
    for r in records[:30]:
        words = [w.strip(".").lower() for w in r.summary.split()]
        i = rng.randrange(len(words) - 2)
        phrases.append('"' + " ".join(words[i : i + rng.choice((2, 3))]) + '"')
    orgs = CORPUS.org_names()
    return {
        "common": vocab[40:80],  # frequent content words: long posting lists
        "rare": vocab[3000:3040],
        "title": [w.lower() for r in records for w in r.title.split()][:60],
        "function": list(vocab[:40]),
        "acronym": [acronym for acronym, _ in orgs[:15]],
        "name": [name for _, name in orgs[:10]],
        "phrase": phrases,
        # a letter dropped from a word some records hold (short words would make no typo)
        "typo": [w[:2] + w[3:] for w in vocab[2500:3000] if len(w) > 5][:30],
        "sign": ["signed", "sign", "agreements"],
    }


POOLS = _pools()
_TYPO = POOLS["typo"][0]
WORD = st.one_of(*(st.sampled_from(words) for words in POOLS.values() if words))
FILTER = st.sampled_from(
    ["kind:agreement", "-kind:event", "year:1990..2005", "year:2001", "sector:s03",
     "-sector:s05", "country:jp", "kind:programme"]
)  # fmt: skip
OPERATOR = st.sampled_from(["AND", "OR", "NOT"])


@st.composite
def query_text(draw: st.DrawFn) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.integers(0, 9))
        if kind <= 5:
            parts.append(draw(WORD))
        elif kind == 6:
            parts.append(draw(OPERATOR))
        elif kind == 7:
            parts.append(draw(FILTER))
        elif kind == 8:
            parts.append("(" + " ".join(draw(st.lists(WORD, min_size=1, max_size=3))) + ")")
        else:
            # a word being typed: a start of a title word
            word = draw(st.sampled_from(POOLS["title"]))
            parts.append(word[: draw(st.integers(1, len(word)))])
    return " ".join(parts)


def _whoosh_scores(whoosh: Any, query: Any, allowed: frozenset[int] | None) -> dict[str, float]:
    if allowed is not None and not allowed:
        # Filters that allow nothing (`year:2001 sector:s03` where no record is
        # both): Whoosh's collector reads an empty filter set as no filter at all.
        return {}
    found = whoosh.search(
        query, limit=None, filter=set(allowed) if allowed is not None else None, terms=False
    )
    return {whoosh.stored_fields(hit.docnum)["id"]: hit.score for hit in found}


def _same_ranking(ours: list[tuple[str, float]], theirs: dict[str, float]) -> None:
    """`ours` (best first) is Whoosh's order, up to ties within float rounding."""
    ordered = sorted(theirs.items(), key=lambda kv: -kv[1])
    assert [s for _, s in ours] == pytest.approx([s for _, s in ordered], rel=1e-9, abs=1e-12)
    for (a, sa), (b, sb) in zip(ours, ordered, strict=True):
        assert a == b or sa == pytest.approx(sb, rel=1e-9), (a, b)


def check(service: SearchService, whoosh: Any, text: str, typing: bool) -> None:
    plan = service.plan(text, as_you_type=typing)
    results = service.search(text, as_you_type=typing, limit=10_000)
    if plan.query is None:
        return  # filters alone: newest first, nothing scored
    theirs = _whoosh_scores(whoosh, plan.query, plan.allowed)
    ours = {h.id: h.score for h in results.hits}
    assert results.total == len(theirs)
    assert ours.keys() == theirs.keys()
    for record_id, score in ours.items():
        assert score == pytest.approx(theirs[record_id], rel=1e-9, abs=1e-12), record_id
    _same_ranking([(h.id, h.score) for h in results.hits], theirs)


@settings(
    max_examples=200,
    derandomize=True,  # the same queries on every run: a failure is found before landing
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=query_text(), typing=st.booleans())
@example(text="ja year:2001 sector:s03", typing=False)  # filters that allow nothing
@example(text="ja year:2001 sector:s03", typing=True)
@example(text="kind:agreement -kind:agreement cooperation", typing=False)
@example(text=f"{POOLS['common'][0]} -sector:s05 country:jp", typing=True)
@example(text=f"{POOLS['rare'][0]} NOT {POOLS['common'][0]} year:1990..2005", typing=False)
@example(text=f"{_TYPO} {POOLS['acronym'][0]}", typing=True)
@example(text=f"({POOLS['name'][0]} OR {POOLS['common'][1]}) kind:programme", typing=False)
def test_every_match_gets_whooshs_score(
    service: SearchService, whoosh: Any, text: str, typing: bool
) -> None:
    check(service, whoosh, text, typing)


def test_whooshs_and_not_bug_is_what_the_reference_fixes(
    service: SearchService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`a NOT b` where `b` holds the first record `a` holds, and starts before it."""
    monkeypatch.setattr(AndNotMatcher, "_find_first", WHOOSHS_FIND_FIRST)
    ix = FileStorage(str(service.index_dir)).open_index()
    with ix.searcher(weighting=Ranking()) as searcher:
        for a in POOLS["rare"]:
            for b in POOLS["common"]:
                plan = service.plan(f"{a} NOT {b}")
                first = min(searcher.docs_for_query(plan.query.a), default=None)
                negated = set(searcher.docs_for_query(plan.query.b))
                if first is not None and first in negated and min(negated) < first:
                    break
            else:
                continue
            break
        else:
            pytest.fail("the corpus holds no such pair")
        unfixed = {h.docnum for h in searcher.search(plan.query, limit=None)}
        record = searcher.stored_fields(first)["id"]
    ix.close()
    assert first in unfixed  # Whoosh keeps it
    assert record not in {h.id for h in service.search(f"{a} NOT {b}", limit=1000).hits}


@pytest.mark.parametrize(
    "text",
    [
        POOLS["common"][0],
        f"{POOLS['common'][0]} {POOLS['common'][1]}",
        f"{POOLS['common'][0]} AND {POOLS['common'][3]}",
        f"{POOLS['common'][0]} NOT {POOLS['common'][1]}",
        f"NOT {POOLS['common'][2]}",
        POOLS["phrase"][0],
        f"{POOLS['name'][0]}",
        f"{POOLS['acronym'][0]} signed",
        f"{POOLS['common'][4]} kind:agreement year:1990..2000",
    ],
)
@pytest.mark.parametrize("typing", [False, True])
def test_each_shape_of_query_scores_as_whoosh(
    service: SearchService, whoosh: Any, text: str, typing: bool
) -> None:
    check(service, whoosh, text, typing)


def test_a_filter_that_removes_no_top_hit_leaves_the_top_hits_alone(
    service: SearchService,
) -> None:
    word = POOLS["common"][0]
    dated = [h for h in service.search(word, limit=100).hits if h.date][:10]
    filtered = service.search(f"{word} year:1900..2100", limit=10)  # every dated record
    assert len(filtered.hits) == 10
    assert [(h.id, h.score) for h in filtered.hits] == [(h.id, h.score) for h in dated]


def test_filters_that_allow_nothing_find_nothing_whatever_the_words(
    service: SearchService,
) -> None:
    assert service.search("ja year:2001", limit=1).total > 0
    assert service.search("ja sector:s03", limit=1).total > 0
    for typing in (False, True):
        found = service.search("ja year:2001 sector:s03", as_you_type=typing, limit=10)
        assert (found.total, found.hits) == (0, ())


def test_phrases_match_where_whooshs_phrase_matcher_finds_them(whoosh: Any) -> None:
    """Positions checked a block at a time, as Whoosh's `SpanNear2`: order, slop, repeats."""
    scorer = Scorer(whoosh)
    analyze = whoosh.schema["body"].analyzer
    rng = random.Random(11)
    found = 0
    for i in range(40, 700, 9):
        stems = [t.text for t in analyze(CORPUS.record(i).summary)]
        j = rng.randrange(len(stems) - 4)
        for words in (stems[j : j + 2], stems[j : j + 3], stems[j + 2 : j : -1], [stems[j]] * 2):
            for slop in (1, 2, 4):
                q = Phrase("body", words, slop=slop)
                expected = set(whoosh.docs_for_query(q))
                assert scorer.matches(q) == expected, (words, slop)
                found += bool(expected)
    assert found > 100  # most phrases are found somewhere
