"""Ranking a small, already known set of matches without walking whole posting lists.

When the documents a query matches are already known (as sets, see `docsets`)
and there are few of them — a word within a kind, sector or year; two words
that seldom meet — it is cheaper to visit just those documents in each term's
postings (skipping blocks in between) than to let Whoosh step through every
posting of every term. A document's score is the sum of its matching terms'
BM25F scores with their boosts, as Whoosh sums them for its AND and OR.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from typing import Any

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

__all__ = ["positive_terms", "top_scored"]


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


def _weights(m: Any) -> dict[int, float]:
    """Every posting's weight by document, read a block at a time.

    Uses the block arrays of Whoosh 2.7's W3 leaf matcher (pinned `<2.8`); a
    matcher without them is read one posting at a time.
    """
    out: dict[int, float] = {}
    if not all(hasattr(m, a) for a in ("_read_ids", "_read_weights", "_next_block")):
        while m.is_active():
            out[m.id()] = m.weight()
            m.next()
        return out
    while m.is_active():
        m._read_ids()
        m._read_weights()
        out.update(zip(m._ids, m._weights, strict=False))
        m._next_block()
    return out


def top_scored(
    searcher: Any, query: Query, docs: Iterable[int], limit: int
) -> list[tuple[float, int]]:
    """The best `limit` of `docs` for `query`, as (score, docnum), best first.

    `searcher` must be atomic (one segment), so that document numbers are its own.
    """
    candidates = sorted(docs)
    scores = dict.fromkeys(candidates, 0.0)
    reader = searcher.reader()
    weighting = searcher.weighting
    for term in positive_terms(query, reader):
        fieldname, text = term.fieldname, term.text
        btext = text if isinstance(text, bytes) else searcher.schema[fieldname].to_bytes(text)
        if (fieldname, btext) not in reader:
            continue
        scorer = weighting.scorer(searcher, fieldname, btext)
        score = getattr(scorer, "_score", None)
        if score is None or len(candidates) * _SKIP_RATIO < reader.doc_frequency(fieldname, btext):
            # few candidates in a long list: jump to each one
            _add_by_skipping(searcher, term, candidates, scores)
            continue
        weights = _weights(reader.postings(fieldname, btext))
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
