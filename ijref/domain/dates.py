"""Partial and uncertain dates, stored as EDTF strings.

The `edtf` package (Library of Congress EDTF levels 0–2) does the parsing; this
module turns its results into one small value type that every consumer —
timeline, sort, validity, search filters — works from.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import time
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import Any

from edtf import parse_edtf
from edtf.parser.edtf_exceptions import EDTFParseException

__all__ = ["EdtfDate", "EdtfError", "Precision"]


class EdtfError(ValueError):
    """A string that is not an EDTF date this project accepts."""


class Precision(Enum):
    """How finely a date is known; an interval takes the coarser of its ends."""

    DECADE = "decade"
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


_PRECISION_RANK = {Precision.DECADE: 0, Precision.YEAR: 1, Precision.MONTH: 2, Precision.DAY: 3}


# Plain calendar dates (EDTF level 0 without qualifiers) are most of what the
# records hold; the `edtf` grammar takes ~10 ms a parse, so these are read
# directly and everything else (decades, ~ ? %, seasons) goes to the library.
_PLAIN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _plain_bounds(part: str) -> tuple[dt.date, dt.date] | None:
    match = _PLAIN.match(part)
    if not match:
        return None
    year = int(match[1])
    if match[2] is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    month = int(match[2])
    if not 1 <= month <= 12:
        return None  # 21–41 are EDTF seasons: the library says what they mean
    try:
        if match[3] is None:
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last)
        day = dt.date(year, month, int(match[3]))
    except ValueError:
        raise EdtfError(f"{part!r} is not a calendar date") from None
    return day, day


def _fast_bounds(text: str) -> tuple[dt.date | None, dt.date | None] | None:
    """Bounds of plain dates and intervals of them (with open `..` ends), or None."""
    if "/" not in text:
        got = _plain_bounds(text)
        return got if got is None else (got[0], got[1])
    start, _, end = text.partition("/")
    left = None if start == ".." else _plain_bounds(start)
    right = None if end == ".." else _plain_bounds(end)
    if (start != ".." and left is None) or (end != ".." and right is None):
        return None
    if left is None and right is None:
        return None
    return (left[0] if left else None, right[1] if right else None)


def _to_date(value: Any) -> dt.date | None:
    if isinstance(value, float) and math.isinf(value):
        return None
    if isinstance(value, time.struct_time):
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    raise EdtfError(f"unsupported EDTF bound {value!r}")


def _precision_of(part: str) -> Precision:
    core = part.rstrip("?~%")
    if "X" in core[:4] or "x" in core[:4]:
        return Precision.DECADE
    pieces = core.split("-")
    if len(pieces) >= 3:
        return Precision.DAY
    if len(pieces) == 2:
        return Precision.MONTH
    return Precision.YEAR


@dataclass(frozen=True, slots=True, order=False)
class EdtfDate:
    """One EDTF date or interval with its earliest and latest possible day.

    Attributes:
        text: the EDTF string as written in the records (`2006-12-08`, `196X`, …).
        earliest: first day it could mean; None for an open start (`../2020-07`).
        latest: last day it could mean; None for an open end (`2017/..`).
        precision: the coarsest precision of its parts.
        approximate: `~` or `%` somewhere in it.
        uncertain: `?` or `%` somewhere in it.
        is_interval: written as `start/end`.
    """

    text: str
    earliest: dt.date | None
    latest: dt.date | None
    precision: Precision
    approximate: bool = False
    uncertain: bool = False
    is_interval: bool = False
    _key: tuple[dt.date, dt.date] = field(default=(dt.date.min, dt.date.max), repr=False)

    @classmethod
    def parse(cls, text: str) -> EdtfDate:
        """Parse an EDTF string (results are cached: the type is immutable).

        Raises:
            EdtfError: when the text is not EDTF, or uses a form we do not keep
                (seasons such as `2020-21`, which EDTF reads as "winter 2020").
        """
        if not isinstance(text, str) or not text.strip():
            raise EdtfError("empty date")
        return _parse_cached(text.strip())

    @classmethod
    def _parse(cls, text: str) -> EdtfDate:
        fast = _fast_bounds(text)
        if fast is not None:
            earliest, latest = fast
        else:
            earliest, latest = _library_bounds(text)
        if earliest and latest and latest < earliest:
            raise EdtfError(f"{text!r} ends before it starts")
        parts = [p for p in text.split("/") if p and p != ".."]
        precisions = [_precision_of(p) for p in parts] or [Precision.YEAR]
        precision = min(precisions, key=_PRECISION_RANK.__getitem__)
        return cls(
            text=text,
            earliest=earliest,
            latest=latest,
            precision=precision,
            approximate=any(c in text for c in "~%"),
            uncertain=any(c in text for c in "?%"),
            is_interval="/" in text,
            _key=(earliest or dt.date.min, latest or dt.date.max),
        )

    @classmethod
    def try_parse(cls, text: str | None) -> EdtfDate | None:
        """Parse, or None for None and for anything that is not EDTF."""
        if text is None:
            return None
        try:
            return cls.parse(text)
        except EdtfError:
            return None

    @property
    def year(self) -> int | None:
        """The year of the earliest day, the usual sort and filter key."""
        return self.earliest.year if self.earliest else None

    @property
    def years(self) -> range:
        """Every year the date touches (empty for open-ended sides)."""
        if self.earliest is None or self.latest is None:
            start = self.earliest or self.latest
            return range(start.year, start.year + 1) if start else range(0)
        return range(self.earliest.year, self.latest.year + 1)

    def sort_key(self) -> tuple[dt.date, dt.date]:
        """Order by earliest day, then by latest (the more precise first)."""
        return self._key

    def __lt__(self, other: EdtfDate) -> bool:
        return self._key < other._key

    def __le__(self, other: EdtfDate) -> bool:
        return self._key <= other._key

    def __gt__(self, other: EdtfDate) -> bool:
        return self._key > other._key

    def __ge__(self, other: EdtfDate) -> bool:
        return self._key >= other._key

    def contains(self, day: dt.date) -> bool:
        """True when `day` lies between the earliest and latest possible day."""
        lo = self.earliest or dt.date.min
        hi = self.latest or dt.date.max
        return lo <= day <= hi

    def __str__(self) -> str:
        return self.text

    def human(self) -> str:
        """A readable form: `8 Dec 2006`, `Jan 2014`, `1960s`, `4–8 Mar 2019`."""
        if self.is_interval:
            start, _, end = self.text.partition("/")
            left = EdtfDate.try_parse(start) if start not in ("", "..") else None
            right = EdtfDate.try_parse(end) if end not in ("", "..") else None
            ltxt = left.human() if left else "…"
            rtxt = right.human() if right else "…"
            return f"{ltxt} – {rtxt}"
        mark = "c. " if self.approximate else ""
        tail = "?" if self.uncertain else ""
        lo = self.earliest
        if lo is None:
            return self.text
        if self.precision is Precision.DECADE:
            return f"{mark}{lo.year}s{tail}"
        if self.precision is Precision.YEAR:
            return f"{mark}{lo.year}{tail}"
        if self.precision is Precision.MONTH:
            return f"{mark}{lo:%b %Y}{tail}"
        return f"{mark}{lo.day} {lo:%b %Y}{tail}"


def _library_bounds(text: str) -> tuple[dt.date | None, dt.date | None]:
    try:
        parsed = parse_edtf(text)
    except (EDTFParseException, ValueError, TypeError) as exc:
        raise EdtfError(f"{text!r} is not an EDTF date") from exc
    if type(parsed).__name__ == "Season":
        raise EdtfError(f"{text!r} reads as an EDTF season; write a range such as 2020-04/2021-03")
    return _to_date(parsed.lower_strict()), _to_date(parsed.upper_strict())


@lru_cache(maxsize=8192)
def _parse_cached(text: str) -> EdtfDate:
    return EdtfDate._parse(text)
