"""Which documents a query matches, as sets, without scoring.

Counting and facets need every match, not just the best ten. Walking Whoosh's
matchers for that scores nothing but still steps through every posting in
Python; here each term's documents are read once into a set (cached, the index
being read-only) and queries combine them with C-speed set operations. Queries
this does not know (phrases) fall back to Whoosh's own matcher.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from typing import Any

from whoosh.query import (
    And,
    AndMaybe,
    AndNot,
    DisjunctionMax,
    MultiTerm,
    Not,
    NullQuery,
    Or,
    Query,
    Require,
    Term,
)

from ijref.search.postings import arrays

__all__ = ["DocSets", "Postings"]

Postings = tuple["array[int]", "array[float]"]

# Cached sets hold at most this many document numbers in all (about 70 bytes each).
_CACHE_DOCS = 1_000_000
# Cached postings hold at most this many (8 bytes each: number and weight).
_CACHE_POSTINGS = 2_000_000


class DocSets:
    """Document-number sets of terms and queries over one searcher."""

    def __init__(self, searcher: Any) -> None:
        self._searcher = searcher
        self._reader = searcher.reader()
        self._cache: OrderedDict[tuple[str, Any], frozenset[int]] = OrderedDict()
        self._cached_docs = 0
        self._postings: OrderedDict[tuple[str, bytes], Postings] = OrderedDict()
        self._cached_postings = 0
        self._all: frozenset[int] | None = None

    def all(self) -> frozenset[int]:
        """Every live document."""
        if self._all is None:
            self._all = frozenset(self._reader.all_doc_ids())
        return self._all

    def term(self, fieldname: str, text: Any) -> frozenset[int]:
        """The documents holding `text` in `fieldname` (str or bytes)."""
        key = (fieldname, text)
        found = self._cache.get(key)
        if found is not None:
            self._cache.move_to_end(key)
            return found
        found = frozenset(self.postings(fieldname, text)[0])
        self._cache[key] = found
        self._cached_docs += len(found)
        while self._cached_docs > _CACHE_DOCS and len(self._cache) > 1:
            _, dropped = self._cache.popitem(last=False)
            self._cached_docs -= len(dropped)
        return found

    def postings(self, fieldname: str, text: Any) -> Postings:
        """The document numbers (ascending) and weights of a term's postings.

        Kept in a bounded cache (least recently used out), so that counting and
        ranking a query decode each posting list once, and common words are not
        decoded again for every query that holds them.
        """
        btext = text if isinstance(text, bytes) else self._searcher.schema[fieldname].to_bytes(text)
        key = (fieldname, btext)
        found = self._postings.get(key)
        if found is not None:
            self._postings.move_to_end(key)
            return found
        if key in self._reader:
            found = arrays(self._reader.postings(fieldname, btext))
        else:
            found = (array("I"), array("f"))
        self._postings[key] = found
        self._cached_postings += len(found[0])
        while self._cached_postings > _CACHE_POSTINGS and len(self._postings) > 1:
            _, (dropped, _) = self._postings.popitem(last=False)
            self._cached_postings -= len(dropped)
        return found

    def query(self, q: Query) -> frozenset[int]:
        """The documents `q` matches."""
        if q is NullQuery:
            return frozenset()
        if isinstance(q, Term):
            return self.term(q.fieldname, q.text)
        if isinstance(q, MultiTerm):
            out: set[int] = set()
            for btext in q._btexts(self._reader):
                out |= self.term(q.fieldname, btext)
            return frozenset(out)
        if isinstance(q, (Or, DisjunctionMax)):
            return frozenset().union(*(self.query(c) for c in q.subqueries))
        if isinstance(q, And):
            parts = sorted((self.query(c) for c in q.subqueries), key=len)
            return parts[0].intersection(*parts[1:]) if parts else frozenset()
        if isinstance(q, AndNot):
            return self.query(q.a) - self.query(q.b)
        if isinstance(q, (AndMaybe,)):
            return self.query(q.a)
        if isinstance(q, Require):
            return self.query(q.a) & self.query(q.b)
        if isinstance(q, Not):
            return self.all() - self.query(q.query)
        return frozenset(self._searcher.docs_for_query(q))
