"""Every number that tunes search, in one typed place.

Boosts say how much a match in one field counts against a match in another;
limits bound what one query may cost; cache sizes bound what one open index
keeps in memory. `TUNING` is the product's setting; tests and benchmarks may
pass another `Tuning` to a `SearchService`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = ["TUNING", "Tuning"]


def _field_boosts() -> Mapping[str, float]:
    return MappingProxyType({"title": 3.0, "name": 4.0, "body": 1.0})


def _kind_priors() -> Mapping[str, float]:
    return MappingProxyType({"sector": 0.6, "event": 0.85})


@dataclass(frozen=True, slots=True)
class Tuning:
    """How search ranks, corrects and bounds a query.

    Attributes:
        field_boosts: a word's match in each text field against one in the summary.
        alias_boost: a match of an alias token (MoU ↔ Memorandum of Understanding).
        label_boost: per word typed, a query that is a record's whole name.
        sign_boost: questions about signing ("what did we sign") favour agreements.
        event_boost: questions about meetings, visits, launches favour events.
        prefix_boost: while typing, an unfinished last word matching a word start
            of a title or name.
        year_boost: a year among the words ("signed in 2017") favours records of
            that year.
        kind_priors: a record's score is scaled by its kind's (1 if not named):
            overviews and meetings below the subject they are about.
        typo_min_letters: words shorter than this are never corrected.
        two_typos_from: words this long or longer may be two edits off, else one.
        max_query_chars: a longer query is cut to this many characters.
        max_query_words: words after this many are dropped.
        max_typo_letters: longer words are searched as typed, never corrected
            (finding near words costs about the cube of a word's length).
        window_limit: how many hits the window's results list asks for.
        cache_docs: document numbers kept in cached match sets (about 70 bytes each).
        cache_postings: postings kept decoded (8 bytes each: number and weight).
    """

    field_boosts: Mapping[str, float] = field(default_factory=_field_boosts)
    alias_boost: float = 3.0
    label_boost: float = 20.0
    sign_boost: float = 15.0
    event_boost: float = 15.0
    prefix_boost: float = 2.0
    year_boost: float = 4.0
    kind_priors: Mapping[str, float] = field(default_factory=_kind_priors)
    typo_min_letters: int = 4
    two_typos_from: int = 8
    max_query_chars: int = 500
    max_query_words: int = 32
    max_typo_letters: int = 24
    window_limit: int = 100
    cache_docs: int = 1_000_000
    cache_postings: int = 2_000_000

    def max_typos(self, word: str) -> int:
        """How many edits `word` may be off by: none if short, numeric or too long."""
        n = len(word)
        if n < self.typo_min_letters or n > self.max_typo_letters or word.isdigit():
            return 0
        return 1 if n < self.two_typos_from else 2


TUNING = Tuning()
