"""Values with their sources: what each source says a date or a figure is.

Sources disagree — the S&T Agreement was "concluded in August 1985" in one,
"signed in November 1985" in another — and a record never silently picks one.
A date or a figure may carry several claims, each with its citations; this
module decides, for everything that needs one value (sort, timeline, validity),
which value to use, and says whether the sources differ.

The rule for dates: a claim that only says less than another (`1985` beside
`1985-08`) is not a competing value, it is the same fact said more coarsely.
What is left are the *candidates*; the value used is the earliest candidate (the
earliest date the sources do not exclude), and the span from the first to the
last candidate is the span of the disagreement.

The rule for figures: claims at different as-of dates are a history, not a
disagreement; the value used is the latest. Two claims for the same as-of date
with different values are a disagreement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ijref.domain.dates import EdtfDate

__all__ = [
    "Citation",
    "DateClaim",
    "FigureClaim",
    "date_candidates",
    "dates_differ",
    "disagreement_span",
    "figure_history",
    "figures_differ",
    "latest_figure",
    "settled_date",
]

QUALIFIERS = ("", "about", "more than", "at least", "up to", "over")


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a fact comes from.

    A document such as the DST brief is cited by section heading and paragraph
    (its non-blank lines numbered from 1); a fact sheet by item number.

    Attributes:
        source: the source id (`source/dst-brief-2020-12`).
        section: the heading the paragraph sits under ("" for a fact sheet).
        paragraph: the paragraph number (0 for a fact sheet).
        item: the fact sheet's item number (0 for a document).
    """

    source: str
    section: str = ""
    paragraph: int = 0
    item: int = 0

    @property
    def locator(self) -> str:
        """`para. 46` or `item 8`."""
        return f"item {self.item}" if self.item else f"para. {self.paragraph}"

    def text(self, source_title: str | None = None) -> str:
        """A citation line a person can paste into a brief."""
        name = source_title or self.source
        if self.item:
            return f"{name}, item {self.item}"
        return f"{name}, “{self.section}”, para. {self.paragraph}"


@dataclass(frozen=True, slots=True)
class DateClaim:
    """One value a source gives for a date.

    Attributes:
        date: the value.
        citations: where it is said (one or more places saying the same).
        note: what the source says it marks, where that differs from the role
            ("lease from", "operating since").
    """

    date: EdtfDate
    citations: tuple[Citation, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class FigureClaim:
    """One value a source gives for a figure, with the date it held.

    Attributes:
        value: the number.
        as_of: when it held (a running total: the date of the text that gives it).
        citations: where it is said.
        qualifier: `about`, `more than`, … as the source words it ("" for exact).
        note: anything the reader needs to weigh it.
    """

    value: float
    as_of: EdtfDate | None = None
    citations: tuple[Citation, ...] = ()
    qualifier: str = ""
    note: str = ""

    @property
    def value_text(self) -> str:
        """The value without a trailing `.0`, after its qualifier: `more than 250`."""
        number = str(int(self.value)) if float(self.value).is_integer() else str(self.value)
        return f"{self.qualifier} {number}" if self.qualifier else number


def _bounds(date: EdtfDate) -> tuple[dt.date, dt.date]:
    return date.earliest or dt.date.min, date.latest or dt.date.max


def _says_less(coarse: EdtfDate, fine: EdtfDate) -> bool:
    """True when `coarse` covers every day `fine` may mean and more (1985 ⊃ 1985-08)."""
    lo, hi = _bounds(coarse)
    flo, fhi = _bounds(fine)
    return lo <= flo and fhi <= hi and (lo, hi) != (flo, fhi)


def date_candidates(claims: Sequence[DateClaim]) -> tuple[DateClaim, ...]:
    """The claims that compete: those not merely a coarser form of another, in date order."""
    out = [c for c in claims if not any(_says_less(c.date, o.date) for o in claims)]
    return tuple(sorted(out, key=lambda c: c.date.sort_key()))


def dates_differ(claims: Sequence[DateClaim]) -> bool:
    """True when the sources give two or more dates that cannot both be right."""
    if len(claims) < 2:  # most dates: one value or none, nothing to compare
        return False
    return len({c.date.text for c in date_candidates(claims)}) > 1


def settled_date(claims: Sequence[DateClaim]) -> EdtfDate:
    """The date every single-valued consumer uses: the earliest candidate.

    Raises:
        ValueError: for no claims.
    """
    found = date_candidates(claims)
    if not found:
        raise ValueError("a date needs at least one value")
    return found[0].date


def disagreement_span(claims: Sequence[DateClaim]) -> EdtfDate | None:
    """From the first to the last candidate (`1985-08/1985-11`); None when they agree."""
    if not dates_differ(claims):
        return None
    found = date_candidates(claims)
    first = min(found, key=lambda c: _bounds(c.date)[0]).date
    last = max(found, key=lambda c: _bounds(c.date)[1]).date
    simple = not (first.is_interval or last.is_interval)
    simple = simple and not any(x.approximate or x.uncertain for x in (first, last))
    if simple:
        return EdtfDate.parse(f"{first.text}/{last.text}")
    lo = first.earliest.isoformat() if first.earliest else ".."
    hi = last.latest.isoformat() if last.latest else ".."
    return EdtfDate.parse(f"{lo}/{hi}")


def _as_of_key(claim: FigureClaim) -> tuple[dt.date, dt.date]:
    return claim.as_of.sort_key() if claim.as_of else (dt.date.min, dt.date.min)


def latest_figure(claims: Sequence[FigureClaim]) -> FigureClaim:
    """The claim a single-valued consumer shows: the one with the latest as-of date.

    Raises:
        ValueError: for no claims.
    """
    if not claims:
        raise ValueError("a figure needs at least one value")
    return max(claims, key=_as_of_key)


def figure_history(claims: Sequence[FigureClaim]) -> tuple[FigureClaim, ...]:
    """The claims in as-of order when they hold at two or more dates; else empty."""
    dated = [c for c in claims if c.as_of is not None]
    if len({c.as_of.text for c in dated if c.as_of}) < 2:
        return ()
    return tuple(sorted(dated, key=_as_of_key))


def figures_differ(claims: Sequence[FigureClaim]) -> bool:
    """True when two claims for the same as-of date give different values."""
    seen: dict[str, tuple[float, str]] = {}
    for c in claims:
        key = c.as_of.text if c.as_of else ""
        said = (c.value, c.qualifier)
        if seen.setdefault(key, said) != said:
            return True
    return False
