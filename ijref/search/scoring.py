"""The one scorer: every query is matched and ranked here, as Whoosh's searcher ranks it.

Whoosh's searcher steps through every posting of every term one Python call at
a time; at 100,000 records that is too slow to answer while a person types.
Here each term's postings are decoded whole (`w3`), turned into BM25F scores
once and kept (a bounded cache: the index is read-only), and a query's parts
are combined with dictionary and set operations. A document's score is the one
Whoosh's `Searcher.search` gives it for the same query:

- a term: its BM25F score in its field (B and K1 of the searcher's `BM25F`,
  Whoosh's idf and average field length, the byte-quantised length Whoosh
  stores), or the posting's weight in a field that keeps no lengths; times the
  term's boost, with the same floating-point operations in the same order;
- a phrase: the sum of its words' scores, where the words stand together as
  Whoosh's `Phrase` has it (in order, each 1..slop positions after the last),
  checked only in the documents holding every word, their positions read a
  block at a time (`w3.posting_values`); times its boost;
- Or: the sum of the parts that match; And: the sum, where all parts match;
  AndMaybe: the first part plus the second where it matches; AndNot and
  Require: the first part's score, where the second does not / does match;
  Not: 1 for each document the query does not match;
- a compound query's boost multiplies its sum, except for a compound of one
  part, which is that part (as Whoosh's matchers have it).

Sums are added in another order than Whoosh's matcher trees add them, so scores
may differ in the last bits. Ties go to the lower document number, as in
Whoosh. The parser builds no OR with a coordination factor (see `querying`),
so none is scored here. `tests/test_search_scoring.py` checks, on queries the
parser builds from generated text, that every document matched gets the score
Whoosh's own searcher gives it.
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any

from whoosh.query import And, AndMaybe, AndNot, Not, NullQuery, Or, Phrase, Query, Require, Term
from whoosh.util.numeric import byte_to_length

from ijref.search import w3
from ijref.search.tuning import TUNING, Tuning
from ijref.search.weighting import Ranking

__all__ = ["Scorer", "best"]

Scores = dict[int, float]
_Postings = tuple["array[int]", "array[float]"]


def best(scores: Scores, limit: int) -> list[tuple[float, int]]:
    """The `limit` best (score, docnum), best first; among equals the lower number first."""
    if len(scores) > limit:
        floor = heapq.nlargest(limit, scores.values())[-1]
        items = [kv for kv in scores.items() if kv[1] >= floor]  # with every tie at the floor
    else:
        items = list(scores.items())
    items.sort(key=lambda kv: (-kv[1], kv[0]))
    return [(s, d) for d, s in items[:limit]]


class Scorer:
    """Matches and scores of queries over one searcher (one segment, read-only)."""

    def __init__(self, searcher: Any, tuning: Tuning = TUNING) -> None:
        weighting = searcher.weighting
        if not isinstance(weighting, Ranking):
            raise ValueError("the searcher must rank with ijref.search.weighting.Ranking")
        self._searcher = searcher
        self._reader = searcher.reader()
        self._schema = searcher.schema
        self._b, self._k1 = weighting.B, weighting.K1
        self._priors = dict(weighting.kind_priors)
        self._prior_of: dict[int, float] | None = None
        self._limit = tuning.cache_postings
        self._cache: OrderedDict[tuple[str, bytes], _Postings] = OrderedDict()
        self._cached = 0
        self._sets: dict[tuple[str, bytes], frozenset[int]] = {}
        self._norms: dict[str, tuple[bytes, list[float]]] = {}
        self._all: frozenset[int] | None = None

    # --------------------------------------------------------------- terms
    def _btext(self, fieldname: str, text: Any) -> bytes | None:
        if isinstance(text, bytes):
            return text
        try:
            btext: bytes = self._schema[fieldname].to_bytes(text)
        except (ValueError, KeyError, UnicodeEncodeError):
            return None
        return btext

    def _exists(self, fieldname: str, btext: bytes | None) -> bool:
        return btext is not None and (fieldname, btext) in self._reader

    def _norm(self, fieldname: str) -> tuple[bytes, list[float]]:
        """A field's length bytes by document, and BM25's length part by byte."""
        found = self._norms.get(fieldname)
        if found is None:
            avgfl = self._searcher.avg_field_length(fieldname) or 1
            b, k1 = self._b, self._k1
            # as `whoosh.scoring.bm25`: K1 * ((1 - B) + B * fl / avgfl)
            by_byte = [k1 * ((1 - b) + b * byte_to_length(n) / avgfl) for n in range(256)]
            found = self._norms[fieldname] = (w3.length_column(self._reader, fieldname), by_byte)
        return found

    def postings(self, fieldname: str, btext: bytes) -> _Postings:
        """A term's document numbers (ascending) and unboosted scores, cached."""
        key = (fieldname, btext)
        found = self._cache.get(key)
        if found is not None:
            self._cache.move_to_end(key)
            return found
        ids, weights = w3.posting_arrays(self._reader, fieldname, btext)
        if self._schema[fieldname].scorable:
            column, norm = self._norm(fieldname)
            idf = self._searcher.idf(fieldname, btext)
            k1 = self._k1
            # whoosh.scoring.bm25: idf * ((tf * (K1 + 1)) / (tf + K1 * (…)))
            scores = array(
                "d",
                [
                    idf * ((tf * (k1 + 1)) / (tf + norm[column[d]]))
                    for d, tf in zip(ids, weights, strict=True)
                ],
            )
        else:
            scores = array("d", weights)  # Whoosh's WeightScorer: the weight is the score
        found = (ids, scores)
        self._cache[key] = found
        self._cached += len(ids)
        while self._cached > self._limit and len(self._cache) > 1:
            _, (dropped, _) = self._cache.popitem(last=False)
            self._cached -= len(dropped)
        return found

    def docs(self, fieldname: str, text: str | bytes) -> frozenset[int]:
        """The documents holding a filter key (kept: filters and facets use few keys)."""
        btext = self._btext(fieldname, text)
        if not self._exists(fieldname, btext):
            return frozenset()
        assert btext is not None
        key = (fieldname, btext)
        found = self._sets.get(key)
        if found is None:
            found = self._sets[key] = frozenset(self.postings(fieldname, btext)[0])
        return found

    def all_docs(self) -> frozenset[int]:
        """Every document."""
        if self._all is None:
            self._all = frozenset(self._reader.all_doc_ids())
        return self._all

    # ------------------------------------------------------------- queries
    def matches(self, q: Query) -> set[int]:
        """The documents `q` matches, unscored."""
        if isinstance(q, Term):
            btext = self._btext(q.fieldname, q.text)
            if not self._exists(q.fieldname, btext):
                return set()
            assert btext is not None
            return set(self.postings(q.fieldname, btext)[0])
        if isinstance(q, Phrase):
            return self._phrase_docs(q)
        if isinstance(q, Or):
            return set().union(*(self.matches(c) for c in q.subqueries))
        if isinstance(q, And):
            parts = sorted((self.matches(c) for c in q.subqueries), key=len)
            return parts[0].intersection(*parts[1:]) if parts else set()
        if isinstance(q, AndNot):
            return self.matches(q.a) - self.matches(q.b)
        if isinstance(q, AndMaybe):
            return self.matches(q.a)
        if isinstance(q, Require):
            return self.matches(q.a) & self.matches(q.b)
        if isinstance(q, Not):
            return set(self.all_docs() - self.matches(q.query))
        if q is NullQuery or type(q) is type(NullQuery):
            return set()
        raise TypeError(f"cannot match a {type(q).__name__} query")

    def scores(self, q: Query) -> Scores:
        """Every document `q` matches, with its score."""
        if isinstance(q, Term):
            btext = self._btext(q.fieldname, q.text)
            if not self._exists(q.fieldname, btext):
                return {}
            assert btext is not None
            ids, scores = self.postings(q.fieldname, btext)
            boost = q.boost
            if boost == 1.0:
                return dict(zip(ids, scores, strict=True))
            return {d: s * boost for d, s in zip(ids, scores, strict=True)}
        if isinstance(q, Phrase):
            return self._phrase_scores(q)
        if isinstance(q, (Or, And)):
            subs = q.subqueries
            if not subs:
                return {}
            if len(subs) == 1:
                return self.scores(subs[0])  # Whoosh ignores the boost of a one-part group
            parts = [self.scores(c) for c in subs]
            total = _sum_all(parts) if isinstance(q, Or) else _sum_common(parts)
            if q.boost != 1.0:
                boost = q.boost
                total = {d: s * boost for d, s in total.items()}
            return total
        if isinstance(q, AndMaybe):
            first, second = self.scores(q.a), self.scores(q.b)
            get = second.get
            return {d: (s + get(d, 0.0)) if d in second else s for d, s in first.items()}
        if isinstance(q, (AndNot, Require)):
            first = self.scores(q.a)
            other = self.matches(q.b)
            keep = isinstance(q, Require)
            return {d: s for d, s in first.items() if (d in other) == keep}
        if isinstance(q, Not):
            return dict.fromkeys(self.all_docs() - self.matches(q.query), 1.0)
        if q is NullQuery or type(q) is type(NullQuery):
            return {}
        raise TypeError(f"cannot score a {type(q).__name__} query")

    def top(
        self, q: Query, allowed: frozenset[int] | None, limit: int
    ) -> tuple[list[tuple[float, int]], frozenset[int]]:
        """The `limit` best of the documents `q` matches among `allowed`, and all of them.

        Scores are `scores(q)` times each document's prior (`Ranking.final`).
        """
        scores = self.scores(q)
        if allowed is not None:
            scores = {d: scores[d] for d in scores.keys() & allowed}
        prior = self._priors_by_doc()
        if prior:
            get = prior.get
            scores = {d: s * get(d, 1.0) for d, s in scores.items()}
        return best(scores, limit), frozenset(scores)

    def _priors_by_doc(self) -> dict[int, float]:
        """Document → its kind's prior, for documents whose kind has one."""
        if self._prior_of is None:
            self._prior_of = {
                d: prior
                for kind, prior in self._priors.items()
                if prior != 1.0
                for d in self.docs("kind", kind)
            }
        return self._prior_of

    # ------------------------------------------------------------- phrases
    def _phrase_terms(self, q: Phrase) -> list[bytes] | None:
        out: list[bytes] = []
        for word in q.words:
            btext = self._btext(q.fieldname, word)
            if not self._exists(q.fieldname, btext):
                return None  # as Whoosh: a phrase with a missing word matches nothing
            assert btext is not None
            out.append(btext)
        return out

    def _phrase_docs(self, q: Phrase) -> set[int]:
        terms = self._phrase_terms(q) if q.words else None
        if terms is None:
            return set()
        field = self._schema[q.fieldname]
        if len(terms) < 2 or q.slop < 1 or not field.format.supports("positions"):
            return set(self._searcher.docs_for_query(q))  # Whoosh's own answer (or error)
        # candidates: the documents holding every word, from the cached postings
        ordered = sorted(terms, key=lambda t: len(self.postings(q.fieldname, t)[0]))
        candidates = set(self.postings(q.fieldname, ordered[0])[0])
        for btext in ordered[1:]:
            candidates.intersection_update(self.postings(q.fieldname, btext)[0])
        docs = sorted(candidates)
        # ends[i]: where a run of the phrase's words so far can end in docs[i]
        ends: list[set[int]] | None = None
        decode = field.format.decode_positions
        slop = q.slop
        for btext in terms:
            values = w3.posting_values(self._reader, q.fieldname, btext, docs)
            found = [decode(v) for v in values]
            if ends is None:
                ends = [set(p) for p in found]
            else:
                ends = [_next_ends(e, p, slop) for e, p in zip(ends, found, strict=True)]
            keep = [i for i, e in enumerate(ends) if e]
            if len(keep) < len(docs):
                docs = [docs[i] for i in keep]
                ends = [ends[i] for i in keep]
            if not docs:
                break
        return set(docs)

    def _phrase_scores(self, q: Phrase) -> Scores:
        terms = self._phrase_terms(q)
        docs = sorted(self._phrase_docs(q))
        if terms is None or not docs:
            return {}
        total = dict.fromkeys(docs, 0.0)
        for btext in terms:
            ids, scores = self.postings(q.fieldname, btext)
            for d in docs:
                total[d] += scores[bisect_left(ids, d)]
        if q.boost != 1.0:
            boost = q.boost
            total = {d: s * boost for d, s in total.items()}
        return total


def _next_ends(ends: set[int], positions: Sequence[int], slop: int) -> set[int]:
    """Where a run ending at one of `ends` goes on with a word at one of `positions`.

    As Whoosh's `SpanNear2(ordered=True, mindist=1)`, which `Phrase` matches
    with: the next word 1..`slop` positions after the run's end.
    """
    if slop == 1:
        return {p for p in positions if p - 1 in ends}
    return {p for p in positions if any(1 <= p - e <= slop for e in ends)}


def _sum_all(parts: Sequence[Scores]) -> Scores:
    """Scores summed over every document in any part."""
    ordered = sorted(parts, key=len, reverse=True)
    total = dict(ordered[0])
    get = total.get
    for part in ordered[1:]:
        for d, s in part.items():
            total[d] = get(d, 0.0) + s
    return total


def _sum_common(parts: Iterable[Scores]) -> Scores:
    """Scores summed over the documents in every part."""
    ordered = sorted(parts, key=len)
    common = set(ordered[0]).intersection(*ordered[1:])
    return {d: sum(p[d] for p in ordered) for d in common}
