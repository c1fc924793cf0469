"""The search the window runs as a person types, as one function.

`ijref search --as-you-type` calls the same function, so that scripts and tests
see exactly what the results list shows. No Whoosh is imported here: the window
names these types before the search engine is loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from ijref.search.results import Results
from ijref.search.tuning import TUNING

__all__ = ["FILTER_NAMES", "SearchRequest", "Searcher", "window_search"]

# The filters the results panel offers, each a `Searcher.search` argument.
FILTER_NAMES = ("kind", "sector", "year", "country")


class Searcher(Protocol):
    """What the window needs of `ijref.search.service.SearchService`."""

    def search(
        self,
        text: str,
        *,
        kind: str | None = None,
        sector: str | None = None,
        limit: int = 20,
        year: int | str | None = None,
        country: str | None = None,
        org: str | None = None,
        as_you_type: bool = False,
        facets: bool = False,
        correct: bool = True,
    ) -> Results: ...


@dataclass(frozen=True)
class SearchRequest:
    """Query text, the facet filters chosen (name → value), and whether typos are corrected.

    `correct` is False after "search instead for …": the words as typed.
    """

    text: str
    filters: Mapping[str, str] = field(default_factory=dict)
    correct: bool = True


def window_search(service: Searcher, request: SearchRequest) -> Results:
    """The results list's answer: as typed, with facets, up to `TUNING.window_limit` hits."""
    chosen = {k: v for k, v in request.filters.items() if v and k in FILTER_NAMES}
    return service.search(
        request.text,
        kind=chosen.get("kind"),
        sector=chosen.get("sector"),
        year=chosen.get("year"),
        country=chosen.get("country"),
        limit=TUNING.window_limit,
        as_you_type=True,
        facets=True,
        correct=request.correct,
    )
