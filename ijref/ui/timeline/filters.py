"""Which timeline items a filter lets through: sector, kind, organization, words."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ijref.domain.records import Kind
from ijref.ui.timeline.model import TimelineItem

__all__ = ["TimelineFilter", "apply_filter"]


@dataclass(frozen=True, slots=True)
class TimelineFilter:
    """None (or empty text) means "any"."""

    sector: str | None = None
    kind: Kind | None = None
    organization: str | None = None
    text: str = ""


def apply_filter(items: Iterable[TimelineItem], flt: TimelineFilter) -> list[TimelineItem]:
    """The items that pass every part of `flt`; words must all appear (any case)
    in the title, short name, aliases or party names."""
    words = flt.text.casefold().split()
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
        out.append(item)
    return out
