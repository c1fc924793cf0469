"""Which timeline items a filter lets through: sector, kind, organization, words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ijref.domain.records import Kind
from ijref.ui.timeline.model import TimelineItem

__all__ = ["TimelineFilter", "apply_filter"]

# A bare number in this range, typed among the words, is a year ("JAXA 2018").
YEARS = range(1900, 2101)


@dataclass(frozen=True, slots=True)
class TimelineFilter:
    """None (or empty text) means "any".

    A year typed among the words keeps what started (was signed, held, begun)
    that year: "what did we sign in 2018" is `TimelineFilter(text="2018")`.
    """

    sector: str | None = None
    kind: Kind | None = None
    organization: str | None = None
    text: str = ""

    @property
    def year(self) -> int | None:
        """The year typed among the words, if any (the last one wins)."""
        years = [int(w) for w in self.text.split() if w.isdigit() and int(w) in YEARS]
        return years[-1] if years else None

    @property
    def words(self) -> list[str]:
        """The words to look for, without the year."""
        year = self.year
        return [w for w in self.text.casefold().split() if year is None or w != str(year)]


def apply_filter(items: Iterable[TimelineItem], flt: TimelineFilter) -> list[TimelineItem]:
    """The items that pass every part of `flt`; words must all appear (any case)
    in the title, short name, aliases or party names."""
    words = flt.words
    year = flt.year
    lo = hi = 0.0
    if year is not None:
        lo, hi = float(dt.date(year, 1, 1).toordinal()), float(dt.date(year + 1, 1, 1).toordinal())
    out = []
    for item in items:
        if flt.sector is not None and item.lane != flt.sector:
            continue
        if flt.kind is not None and item.kind != flt.kind:
            continue
        if flt.organization is not None and flt.organization not in item.org_ids:
            continue
        if words and not all(w in item.search_text for w in words):
            continue
        if year is not None and not lo <= item.anchor < hi:
            continue
        out.append(item)
    return out
