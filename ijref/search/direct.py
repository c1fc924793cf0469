"""Ranking an already known set of matches without Whoosh's matchers.

When the documents a query matches are already known (as sets, see `docsets`)
— a word within a kind, sector or year; two words, however often they meet —
it is cheaper to score just those documents from each term's decoded postings
(kept by `docsets`, or read a block at a time, skipping blocks without a
candidate) and the field lengths read once, than to let Whoosh step through
every posting of every term one Python call at a time. A document's score is
the sum of its matching terms' BM25F scores with their boosts, as Whoosh sums
them for its AND (its OR adds a coordination bonus this leaves out).
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.query import (
    And,
    AndMaybe,
    AndNot,
    DisjunctionMax,
    MultiTerm,
    Not,
    Or,
    Phrase,
    Query,
    Require,
    Term,
)
from whoosh.util.numeric import byte_to_length

from ijref.search import postings

__all__ = ["FieldLengths", "positive_terms", "top_scored"]


def positive_terms(q: Query, reader: Any, boost: float = 1.0) -> Iterator[Term]:
    """The terms whose matches add to a document's score (not those under NOT)."""
    b = boost * q.boost
    if isinstance(q, Term):
        yield Term(q.fieldname, q.text, boost=b)
    elif isinstance(q, Phrase):
        for w in q.words:
            yield Term(q.fieldname, w, boost=b)
    elif isinstance(q, MultiTerm):
        for btext in q._btexts(reader):
            yield Term(q.fieldname, btext, boost=b)
    elif isinstance(q, (AndNot, Require)):
        yield from positive_terms(q.a, reader, b)
    elif isinstance(q, AndMaybe):
        yield from positive_terms(q.a, reader, b)
        yield from positive_terms(q.b, reader, b)
    elif isinstance(q, (And, Or, DisjunctionMax)):
        for c in q.subqueries:
            yield from positive_terms(c, reader, b)
    elif isinstance(q, Not):
        return


# Below one candidate in this many postings, jumping beats reading the whole list.
_SKIP_RATIO = 8


def _add_by_skipping(searcher: Any, term: Term, order: list[int], scores: dict[int, float]) -> None:
    m = term.matcher(searcher, searcher.context())
    for d in order:
        if not m.is_active():
            break
        if m.id() < d:
            m.skip_to(d)
            if not m.is_active():
                break
        if m.id() == d:
            scores[d] += m.score()


class FieldLengths:
    """Every document's field lengths as Whoosh stores them (a byte each), read once.

    Whoosh answers `doc_field_length` through several layers per call; ranking
    thousands of documents asks it thousands of times. Here each field's length
    column is read whole into a `bytes` object, once per searcher (a byte per
    document: 100 KiB a field at 100,000 records).
    """

    def __init__(self, searcher: Any) -> None:
        self._reader = searcher.reader()
        self._columns: dict[str, bytes | None] = {}

    def column(self, fieldname: str) -> bytes | None:
        """The length bytes of `fieldname` by document number, or None if unreadable.

        Reads the fixed-width column of Whoosh 2.7's W3 codec (pinned `<2.8`);
        where that is not what it finds, callers score through Whoosh instead.
        """
        if fieldname not in self._columns:
            self._columns[fieldname] = self._read(fieldname)
        return self._columns[fieldname]

    def _read(self, fieldname: str) -> bytes | None:
        count = self._reader.doc_count_all()
        perdoc = getattr(self._reader, "_perdoc", None)
        cached_reader = getattr(perdoc, "_cached_reader", None)
        if cached_reader is None:
            return None
        col = cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if col is None:
            return bytes(count)  # no lengths kept: every length reads as 0
        if getattr(col, "_typecode", None) != "B" or getattr(col, "_fixedlen", None) != 1:
            return None
        stored = col._dbfile.get(col._basepos, min(col._count, count))
        raw = bytes(stored) + bytes(max(0, count - len(stored)))
        return raw if len(raw) == count else None


def _bm25_terms(scorer: Any) -> tuple[float, float, float, float, float] | None:
    names = ("idf", "avgfl", "B", "K1")
    if type(scorer).__name__ != "BM25FScorer" or not all(hasattr(scorer, n) for n in names):
        return None
    return scorer.idf, scorer.avgfl, scorer.B, scorer.K1, scorer.K1 + 1


def _add_bm25(
    scores: dict[int, float],
    weights: dict[int, float],
    column: bytes,
    params: tuple[float, float, float, float, float],
    boost: float,
) -> None:
    """Add one term's boosted BM25F score to each candidate holding it.

    The same arithmetic as `whoosh.scoring.bm25`, in the same order, so scores
    are bit for bit those Whoosh gives; the length part is looked up by the
    stored length byte instead of computed per document.
    """
    idf, avgfl, b, k1, k1_plus_1 = params
    by_byte = [k1 * ((1 - b) + b * (byte_to_length(n) if n else 0) / avgfl) for n in range(256)]
    for d in weights.keys() & scores.keys():
        tf = weights[d]
        scores[d] += boost * (idf * ((tf * k1_plus_1) / (tf + by_byte[column[d]])))


def _weights_of(
    found: tuple[Sequence[int], Sequence[float]], candidates: list[int]
) -> dict[int, float]:
    """The weights of a term's postings (numbers ascending) among sorted `candidates`."""
    ids, weights = found
    if len(candidates) * _SKIP_RATIO >= len(ids):
        return dict(zip(ids, weights, strict=True))
    # few candidates in a long list: look each one up
    out: dict[int, float] = {}
    n = len(ids)
    lo = 0
    for d in candidates:
        lo = bisect_left(ids, d, lo)
        if lo == n:
            break
        if ids[lo] == d:
            out[d] = weights[lo]
    return out


def top_scored(
    searcher: Any,
    query: Query,
    docs: Iterable[int],
    limit: int,
    lengths: FieldLengths | None = None,
    postings_of: Callable[[str, bytes], tuple[Sequence[int], Sequence[float]]] | None = None,
) -> list[tuple[float, int]]:
    """The best `limit` of `docs` for `query`, as (score, docnum), best first.

    `searcher` must be atomic (one segment), so that document numbers are its own.

    Args:
        lengths: the searcher's field lengths, kept across queries (made if None).
        postings_of: (field, term) → its document numbers (ascending) and weights,
            when the caller keeps them; else posting blocks are read here.
    """
    candidates = sorted(docs)
    scores = dict.fromkeys(candidates, 0.0)
    reader = searcher.reader()
    weighting = searcher.weighting
    if lengths is None:
        lengths = FieldLengths(searcher)
    for term in positive_terms(query, reader):
        fieldname, text = term.fieldname, term.text
        btext = text if isinstance(text, bytes) else searcher.schema[fieldname].to_bytes(text)
        if (fieldname, btext) not in reader:
            continue
        scorer = weighting.scorer(searcher, fieldname, btext)
        score = getattr(scorer, "_score", None)
        params = _bm25_terms(scorer)
        column = lengths.column(fieldname) if params is not None else None
        if params is not None and column is not None:
            if postings_of is not None:
                weights = _weights_of(postings_of(fieldname, btext), candidates)
            else:
                # decode just the posting blocks that hold candidates
                weights = postings.weights(reader.postings(fieldname, btext), candidates)
            _add_bm25(scores, weights, column, params, term.boost)
            continue
        if score is None or len(candidates) * _SKIP_RATIO < reader.doc_frequency(fieldname, btext):
            # few candidates in a long list: jump to each one
            _add_by_skipping(searcher, term, candidates, scores)
            continue
        weights = postings.weights(reader.postings(fieldname, btext))
        boost = term.boost
        get = weights.get
        dfl = reader.doc_field_length
        for d in candidates:
            w = get(d)
            if w is not None:
                scores[d] += boost * score(w, dfl(d, fieldname))
    # higher score first; among equals the lower document number, as Whoosh does
    best = heapq.nsmallest(limit, scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(sc, d) for d, sc in best]
