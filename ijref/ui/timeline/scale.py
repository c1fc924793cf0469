"""Date → position: EDTF dates as day spans, and a zoomable, pannable scale.

Days are proleptic Gregorian ordinals (`date.toordinal()`) as floats; a day
covers [ordinal, ordinal + 1). A date known only to the year or month covers the
whole year or month — it is never pinned to 1 January.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ijref.domain.dates import EdtfDate, Precision

__all__ = ["DaySpan", "TimeScale", "day_of", "span_of"]

# Zoom limits: about four centuries across a 1600-pixel screen at the far
# end, about a week across a screen at the near end.
MIN_PX_PER_DAY = 0.01
MAX_PX_PER_DAY = 400.0


def day_of(date: dt.date) -> float:
    """The ordinal where `date` starts."""
    return float(date.toordinal())


@dataclass(frozen=True, slots=True)
class DaySpan:
    """Where an EDTF date lies, in days.

    Attributes:
        start: first possible day.
        end: the day after the last possible day (exclusive).
        soft: known only to the month, year or decade (or a range of days whose
            exact day is not known), so drawn as a soft span, not a point.
        approximate: `~`/`%` in the date: drawn visibly approximate.
        uncertain: `?`/`%` in the date.
        open_start: `../x`: the start is unknown.
        open_end: `x/..`: the end is unknown.
    """

    start: float
    end: float
    soft: bool = False
    approximate: bool = False
    uncertain: bool = False
    open_start: bool = False
    open_end: bool = False

    @property
    def mid(self) -> float:
        """The middle, where a marker for the date goes."""
        return (self.start + self.end) / 2.0

    @property
    def length(self) -> float:
        return self.end - self.start


def span_of(date: EdtfDate) -> DaySpan | None:
    """The days an EDTF date can mean; None when both ends are open."""
    lo, hi = date.earliest, date.latest
    if lo is None and hi is None:
        return None
    open_start, open_end = lo is None, hi is None
    start = day_of(lo) if lo is not None else day_of(hi) if hi is not None else 0.0
    end = day_of(hi) + 1.0 if hi is not None else start + 1.0
    # Exact days (a four-day workshop too) are firm; a year, month or decade is soft.
    soft = date.precision is not Precision.DAY
    return DaySpan(
        start=start,
        end=end,
        soft=soft,
        approximate=date.approximate,
        uncertain=date.uncertain,
        open_start=open_start,
        open_end=open_end,
    )


@dataclass(frozen=True, slots=True)
class TimeScale:
    """A linear map from days to pixels across a view `width` pixels wide.

    Attributes:
        left: the day at x = 0.
        px_per_day: pixels per day (the zoom).
        width: the width of the view in pixels.
    """

    left: float
    px_per_day: float
    width: float

    @classmethod
    def fit(cls, start: float, end: float, width: float, margin_px: float = 24.0) -> TimeScale:
        """A scale showing [start, end) across `width`, with a margin each side."""
        usable = max(width - 2 * margin_px, 1.0)
        span = max(end - start, 1.0)
        ppd = min(max(usable / span, MIN_PX_PER_DAY), MAX_PX_PER_DAY)
        return cls(left=start - margin_px / ppd, px_per_day=ppd, width=width)

    @property
    def right(self) -> float:
        """The day at the right edge."""
        return self.left + self.width / self.px_per_day

    def x(self, day: float) -> float:
        """Pixel x of a day."""
        return (day - self.left) * self.px_per_day

    def day_at(self, x: float) -> float:
        """The day under pixel x."""
        return self.left + x / self.px_per_day

    def date_at(self, x: float) -> dt.date:
        """The calendar date under pixel x (clamped to years 1–9999)."""
        day = int(self.day_at(x))
        day = min(max(day, 1), dt.date.max.toordinal())
        return dt.date.fromordinal(day)

    def zoomed(self, factor: float, at_x: float) -> TimeScale:
        """Zoom by `factor` (>1 in) keeping the day under `at_x` where it is."""
        anchor = self.day_at(at_x)
        ppd = min(max(self.px_per_day * factor, MIN_PX_PER_DAY), MAX_PX_PER_DAY)
        return replace(self, left=anchor - at_x / ppd, px_per_day=ppd)

    def panned(self, dx: float) -> TimeScale:
        """Move the content `dx` pixels to the right (the view looks earlier)."""
        return replace(self, left=self.left - dx / self.px_per_day)

    def centred_on(self, day: float) -> TimeScale:
        """The same zoom with `day` in the middle."""
        return replace(self, left=day - self.width / 2.0 / self.px_per_day)

    def resized(self, width: float) -> TimeScale:
        """The same left edge and zoom across a new width."""
        return replace(self, width=width)

    def days_per_px(self) -> float:
        return 1.0 / self.px_per_day
