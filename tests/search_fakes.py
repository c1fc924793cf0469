"""A stand-in for `SearchService` in the window's tests: the whole `Searcher` protocol."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ijref.search.results import Hit, Results


def one_hit(text: str) -> Results:
    hit = Hit(f"event/{text}", "event", f"Result for {text}", (), 1.0, "2019-03-08")
    return Results((hit,), 1, {"kind": {"event": 1, "agreement": 2}, "year": {"2019": 1}})


@dataclass
class FakeSearch:
    """Records each call; answers with `answer(text)`, or waits for `gate` on `slow` queries."""

    answer: Callable[[str], Results] = one_hit
    slow: set[str] = field(default_factory=set)
    gate: threading.Event = field(default_factory=threading.Event)
    started: list[str] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)
    fail: Exception | None = None

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
    ) -> Results:
        self.started.append(text)
        self.calls.append(
            {
                "text": text,
                "kind": kind,
                "sector": sector,
                "year": year,
                "country": country,
                "org": org,
                "limit": limit,
                "as_you_type": as_you_type,
                "facets": facets,
                "correct": correct,
            }
        )
        if self.fail is not None:
            raise self.fail
        if text in self.slow:
            self.gate.wait(10)
        return self.answer(text)
