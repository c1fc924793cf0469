"""What a search answers: ranked hits, the total, facet counts, and what was read instead.

Plain data with no Whoosh in it, so that the window can name these types
without loading the search engine before its first paint.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Hit", "Results"]


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked result.

    Attributes:
        highlights: an HTML fragment of the summary, matched words in `<b>`,
            everything else escaped.
    """

    id: str
    kind: str
    title: str
    sectors: tuple[str, ...]
    score: float
    date: str = ""
    highlights: str = ""


@dataclass(frozen=True, slots=True)
class Results:
    """The hits of one query.

    Attributes:
        total: how many records match (the hits are the best `limit` of them).
        facets: `kind`, `sector`, `year`, `country` → value → count of matching
            records, most frequent first (empty unless asked for).
        plain: the query language did not parse; the text was read as plain words.
        corrected: the text searched instead of the one typed, when words no
            record holds were read as typos ("" when none were).
        corrections: each (word typed, word searched instead).
        notice: one line saying what of the query was left out (too long, too
            many words), or "".
    """

    hits: tuple[Hit, ...]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    plain: bool = False
    corrected: str = ""
    corrections: tuple[tuple[str, str], ...] = ()
    notice: str = ""
