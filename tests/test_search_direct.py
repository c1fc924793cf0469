"""Ranking known matches from decoded postings gives Whoosh's own ranking."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from whoosh.filedb.filestore import FileStorage
from whoosh.query import And, Term
from whoosh.util.numeric import byte_to_length

from ijref.search import postings
from ijref.search.aliases import AliasTable
from ijref.search.direct import FieldLengths, top_scored
from ijref.search.docsets import DocSets
from ijref.search.indexer import build_index
from ijref.search.synthetic import Corpus


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    corpus = Corpus(800, 5)
    folder = tmp_path_factory.mktemp("direct") / "ix"
    build_index(
        list(corpus),
        folder,
        aliases=AliasTable.from_groups(corpus.org_names()),
        sector_titles=corpus.sector_titles(),
    )
    ix = FileStorage(str(folder)).open_index()
    with ix.searcher() as s:
        yield s
    ix.close()


def _common_body_words(s: Any, n: int) -> list[bytes]:
    terms = sorted(s.reader().lexicon("body"), key=lambda t: -s.reader().doc_frequency("body", t))
    return terms[5 : 5 + n]


def test_decoded_postings_are_whooshs_postings(searcher: Any) -> None:
    reader = searcher.reader()
    for word in _common_body_words(searcher, 3):
        items = list(reader.postings("body", word).items_as("weight"))
        ids, weights = postings.arrays(reader.postings("body", word))
        assert list(zip(ids, weights, strict=True)) == items
        assert len(ids) > 128  # several blocks
        some = [d for d, _ in items[::40]]
        assert postings.weights(reader.postings("body", word), some).keys() >= set(some)


def test_length_column_is_whooshs_field_lengths(searcher: Any) -> None:
    reader = searcher.reader()
    column = FieldLengths(searcher).column("body")
    assert column is not None and len(column) == reader.doc_count_all()
    assert [byte_to_length(b) if b else 0 for b in column] == [
        reader.doc_field_length(d, "body") for d in range(reader.doc_count_all())
    ]


@pytest.mark.parametrize("cached", [False, True])
def test_two_common_words_rank_as_whoosh_ranks_them(searcher: Any, cached: bool) -> None:
    a, b = _common_body_words(searcher, 2)
    query = And([Term("body", a), Term("body", b)])
    sets = DocSets(searcher)
    matched = sets.query(query)
    assert len(matched) > 50
    ranked = top_scored(
        searcher,
        query,
        matched,
        10,
        FieldLengths(searcher),
        sets.postings if cached else None,
    )
    whoosh = searcher.search(query, limit=10)
    assert [d for _, d in ranked] == [d for _, d in whoosh.top_n]
    assert [sc for sc, _ in ranked] == pytest.approx([sc for sc, _ in whoosh.top_n])
    assert len(whoosh) == len(matched)
