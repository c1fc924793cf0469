"""Queries against the shipped index: text and filters in, ranked hits out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.qparser import MultifieldParser, OrGroup
from whoosh.query import And, Term

__all__ = ["Hit", "SearchService"]


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    kind: str
    title: str
    sectors: tuple[str, ...]
    score: float
    date: str = ""
    highlights: str = ""


@dataclass(frozen=True, slots=True)
class Results:
    hits: tuple[Hit, ...]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


class SearchService:
    """One searcher over one index folder."""

    def __init__(self, index_dir: Path) -> None:
        self._ix = index.open_dir(str(index_dir))
        self._searcher = self._ix.searcher()

    def close(self) -> None:
        self._searcher.close()

    def search(
        self, text: str, kind: str | None = None, sector: str | None = None, limit: int = 20
    ) -> Results:
        parser = MultifieldParser(
            ["title", "short_name", "summary"], self._ix.schema, group=OrGroup
        )
        query: Any = parser.parse(text)
        filters = []
        if kind:
            filters.append(Term("kind", kind))
        if sector:
            filters.append(Term("sector", sector))
        hits = self._searcher.search(query, limit=limit, filter=And(filters) if filters else None)
        out = tuple(
            Hit(
                h["id"],
                h["kind"],
                h["title"],
                tuple(filter(None, h["sector"].split(","))),
                float(h.score),
                h.get("date", ""),
            )
            for h in hits
        )
        return Results(out, len(hits))
