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


def top_scored(
    searcher: Any, query: Query, docs: Iterable[int], limit: int
) -> list[tuple[float, int]]:
    """The best `limit` of `docs` for `query`, as (score, docnum), best first.

    `searcher` must be atomic (one segment), so that document numbers are its own.
    """
    order = sorted(docs)
    scores = dict.fromkeys(order, 0.0)
    context = searcher.context()
    reader = searcher.reader()
    for term in positive_terms(query, reader):
        if (term.fieldname, term.text) not in reader:
            continue
        m = term.matcher(searcher, context)
        for d in order:
            if not m.is_active():
                break
            if m.id() < d:
                m.skip_to(d)
                if not m.is_active():
                    break
            if m.id() == d:
                scores[d] += m.score()
    # higher score first; among equals the lower document number, as Whoosh does
    return [
        (s, d) for d, s in heapq.nsmallest(limit, scores.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
