"""How a term's match is scored: Whoosh's BM25F with two changes, as a Whoosh weighting model.

- idf: Lucene's BM25 idf, log(1 + (N - n + 0.5) / (n + 0.5)), instead of Whoosh's
  log(N / (n + 1)) + 1, with n the records holding the word in any of title,
  names and summary (Whoosh counts one field). Whoosh's never falls below 1,
  and counts "India" as rare in titles, so a word most records hold ("India",
  "cooperation", "research") still weighs a third as much as one only three
  records hold, and questions full of such words bury the record with the
  rare, telling word; here it weighs a tenth as much.
- a prior by record kind (`final`): a sector's overview mentions everything in
  the sector, and a meeting's record repeats the names of what it was about, so
  their scores are scaled down (`Tuning.kind_priors`) to leave the subject of a
  query — the organization, agreement or programme — above them.

Both go through Whoosh's own hooks (`WeightingModel.idf`, `use_final`/`final`),
so Whoosh's searcher ranks with this model exactly as `scoring.Scorer` does.
"""

from __future__ import annotations

from collections.abc import Mapping
from math import log
from typing import Any

from whoosh.scoring import BM25F

from ijref.search.tuning import TUNING

__all__ = ["Ranking"]

# A word in half the records or more weighs this much (Robertson's idf would be ≤ 0).
IDF_FLOOR = 0.1
# The fields holding a record's words (stemmed or exact; the same word is one term).
_WORD_FIELDS = ("title", "name", "body")


class Ranking(BM25F):  # type: ignore[misc]
    """BM25F with Lucene's idf and a prior by the record's kind."""

    use_final = True

    def __init__(self, kind_priors: Mapping[str, float] = TUNING.kind_priors) -> None:
        super().__init__()
        self.kind_priors = dict(kind_priors)

    def idf(self, searcher: Any, fieldname: str, text: Any) -> float:
        parent = searcher.get_parent()
        n = parent.doc_frequency(fieldname, text)
        if fieldname in _WORD_FIELDS:
            # how common the word is in records, not in one field: "India" is in
            # few titles but most summaries, and is no rarer for being in a title
            n = max(n, *(parent.doc_frequency(f, text) for f in _WORD_FIELDS))
        count = parent.doc_count_all()
        return max(IDF_FLOOR, log((count - n + 0.5) / (n + 0.5)))

    def final(self, searcher: Any, docnum: int, score: float) -> float:
        kind = searcher.stored_fields(docnum).get("kind", "")
        prior: float = self.kind_priors.get(kind, 1.0)
        return score * prior
