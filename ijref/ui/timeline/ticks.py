"""Axis ticks that adapt from decades to years, months and days as you zoom."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ijref.ui.timeline.scale import TimeScale

__all__ = ["Tick", "TickUnit", "choose_unit", "ticks"]

# Average lengths, only to choose a unit; the ticks themselves fall on real
# calendar boundaries.
_DAYS_PER_YEAR = 365.2425
_DAYS_PER_MONTH = _DAYS_PER_YEAR / 12

MIN_TICK_SPACING_PX = 64.0


@dataclass(frozen=True, slots=True)
class TickUnit:
    """A tick step: `count` years, months or days."""

    unit: str  # "year" | "month" | "day"
    count: int

    @property
    def approx_days(self) -> float:
        per = {"year": _DAYS_PER_YEAR, "month": _DAYS_PER_MONTH, "day": 1.0}[self.unit]
        return per * self.count

    @property
    def name(self) -> str:
        """`decades`, `years`, `months` or `days`: the level a reader sees."""
        if self.unit == "year":
            return "decades" if self.count >= 10 else "years"
        return f"{self.unit}s"


UNITS = (
    TickUnit("year", 50),
    TickUnit("year", 10),
    TickUnit("year", 5),
    TickUnit("year", 2),
    TickUnit("year", 1),
    TickUnit("month", 6),
    TickUnit("month", 3),
    TickUnit("month", 1),
    TickUnit("day", 7),
    TickUnit("day", 1),
)


@dataclass(frozen=True, slots=True)
class Tick:
    """One tick: its date, day ordinal, label, and whether it is a major one."""

    date: dt.date
    day: float
    label: str
    major: bool


def choose_unit(px_per_day: float, min_spacing_px: float = MIN_TICK_SPACING_PX) -> TickUnit:
    """The finest unit whose ticks stay at least `min_spacing_px` apart."""
    chosen = UNITS[0]
    for unit in UNITS:
        if unit.approx_days * px_per_day >= min_spacing_px:
            chosen = unit
        else:
            break
    return chosen


def _label(date: dt.date, unit: TickUnit) -> tuple[str, bool]:
    if unit.unit == "year":
        if unit.count >= 10:
            return f"{date.year}s", True
        return str(date.year), date.year % 10 == 0
    if unit.unit == "month":
        if date.month == 1:
            return f"{date:%b} {date.year}", True
        return f"{date:%b}", False
    if date.day == 1:
        return f"1 {date:%b %Y}", True
    return f"{date.day} {date:%b}", False


def _first_tick(start: dt.date, unit: TickUnit) -> dt.date:
    if unit.unit == "year":
        year = start.year - start.year % unit.count
        return dt.date(max(year, 1), 1, 1)
    if unit.unit == "month":
        month0 = (start.month - 1) - (start.month - 1) % unit.count
        return dt.date(start.year, month0 + 1, 1)
    if unit.count == 7:
        return start - dt.timedelta(days=start.weekday())  # Mondays
    return start


def _next_tick(date: dt.date, unit: TickUnit) -> dt.date:
    if unit.unit == "year":
        return dt.date(date.year + unit.count, 1, 1)
    if unit.unit == "month":
        m = date.month - 1 + unit.count
        return dt.date(date.year + m // 12, m % 12 + 1, 1)
    return date + dt.timedelta(days=unit.count)


def ticks(scale: TimeScale, min_spacing_px: float = MIN_TICK_SPACING_PX) -> list[Tick]:
    """The ticks inside the view, left to right."""
    unit = choose_unit(scale.px_per_day, min_spacing_px)
    lo = max(int(scale.left), 1)
    hi = min(int(scale.right) + 1, dt.date(9000, 1, 1).toordinal())
    if hi <= lo:
        return []
    date = _first_tick(dt.date.fromordinal(lo), unit)
    end = dt.date.fromordinal(hi)
    out: list[Tick] = []
    while date <= end:
        label, major = _label(date, unit)
        out.append(Tick(date, float(date.toordinal()), label, major))
        date = _next_tick(date, unit)
    # Months and days say which year they are in at least once on screen.
    if unit.unit != "year":
        k = next((i for i, t in enumerate(out) if scale.x(t.day) >= 0), None)
        if k is not None and not out[k].major:
            t = out[k]
            full = f"{t.label} {t.date.year}" if unit.unit == "month" else f"{t.date:%-d %b %Y}"
            out[k] = Tick(t.date, t.day, full, True)
    return out
