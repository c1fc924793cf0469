"""Records → the shapes the timeline draws: bars, spans and markers.

Agreements become bars from signing to the agreed end with each extension a
segment of its own; programmes become spans; events become markers. Dates come
from the domain's `EdtfDate` and `validity.term_end`, never re-derived here.
Where sources differ on a date, the item carries the span of the disagreement
(from the first value to the last) for the painter to mark.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ijref.domain.dates import EdtfDate
from ijref.domain.display import date_text
from ijref.domain.records import Kind, Record
from ijref.domain.sourced import disagreement_span
from ijref.domain.validity import term_end
from ijref.ui.timeline.scale import DaySpan, span_of

__all__ = [
    "NO_SECTOR",
    "OPEN_END_DAYS",
    "Lane",
    "Segment",
    "SegmentStyle",
    "Shape",
    "TimelineItem",
    "item_for",
    "items_for",
    "lanes_for",
]

# Where an end is unknown, the bar fades out over this many days.
OPEN_END_DAYS = 3 * 365.0
# Lane id of records with no sector.
NO_SECTOR = ""


class Shape(StrEnum):
    BAR = "bar"  # an agreement
    SPAN = "span"  # a programme
    MARKER = "marker"  # an event


class SegmentStyle(StrEnum):
    BASE = "base"  # signing to the first agreed end
    EXTENSION = "extension"  # an agreed extension or renewal
    AUTOMATIC = "automatic"  # an automatic extension
    CONDITIONAL = "conditional"  # only if one side asks
    OPEN = "open"  # end unknown: faded


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a bar or span.

    Attributes:
        start, end: days, end exclusive.
        fade_in: days at the start drawn soft (a start known to the year or month).
        fade_out: days at the end drawn soft (an end known to the year or month,
            or the whole open end).
    """

    start: float
    end: float
    style: SegmentStyle
    fade_in: float = 0.0
    fade_out: float = 0.0
    approximate: bool = False


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """One record as the timeline draws it, in one lane.

    Attributes:
        start, end: the whole extent in days (end exclusive), soft parts included.
        anchor: where a marker sits (the middle of the event's date).
        record: the record it draws.
        disputes: (start, end) days of each date the sources give differently.
    """

    id: str
    kind: Kind
    shape: Shape
    label: str
    title: str
    lane: str
    start: float
    end: float
    anchor: float
    segments: tuple[Segment, ...]
    approximate: bool
    soft: bool
    sectors: tuple[str, ...]
    org_ids: frozenset[str]
    search_text: str
    record: Record = field(compare=False, repr=False)
    disputes: tuple[tuple[float, float], ...] = ()

    @property
    def date_text(self) -> str:
        """The dates in words (computed on demand: only a tooltip needs it)."""
        return describe_dates(self.record)


@dataclass(frozen=True, slots=True)
class Lane:
    """A sector's lane, in the tree's order."""

    id: str
    title: str
    order: int


_START_ROLES = ("signed", "start", "held", "launched", "established")


def _start_date(record: Record) -> EdtfDate | None:
    """The date a record starts at on the timeline: signing, start, held, …"""
    first = {d.role: d.date for d in reversed(record.dates)}  # the first of each role wins
    for role in _START_ROLES:
        found = first.get(role)
        if found is not None and found.earliest is not None:
            return found
    return record.main_date


def _agreed_end(record: Record) -> EdtfDate | None:
    """The end before any extension: the expiry, or signing plus the term."""
    end_date = record.date("expires") or record.date("end")
    signed = record.date("signed")
    if end_date is None and signed is not None and signed.earliest and record.term:
        try:
            end_date = term_end(signed, record.term)
        except ValueError:
            end_date = None
    return end_date


def _agreement_segments(record: Record, start: DaySpan) -> list[Segment]:
    """Signing to the agreed end, then one segment per extension."""
    end_date = _agreed_end(record)
    segments: list[Segment] = []
    fade_in = start.length if start.soft else 0.0
    end_span = span_of(end_date) if end_date is not None else None
    if end_span is not None and end_span.start >= start.start:
        segments.append(
            Segment(
                start.start,
                end_span.end,
                SegmentStyle.BASE,
                fade_in,
                end_span.length if end_span.soft else 0.0,
                start.approximate or end_span.approximate,
            )
        )
    previous = segments[-1].end if segments else start.end
    for ext in sorted(record.extensions, key=lambda e: e.until.sort_key()):
        span = span_of(ext.until)
        if span is None or span.end <= previous:
            continue
        if ext.conditional:
            style = SegmentStyle.CONDITIONAL
        elif ext.kind == "automatic":
            style = SegmentStyle.AUTOMATIC
        else:
            style = SegmentStyle.EXTENSION
        fade = span.length if span.soft else 0.0
        segments.append(Segment(previous, span.end, style, 0.0, fade, span.approximate))
        previous = span.end
    if not segments:
        segments.append(
            Segment(
                start.start,
                start.end + OPEN_END_DAYS,
                SegmentStyle.OPEN,
                fade_in,
                OPEN_END_DAYS,
                start.approximate,
            )
        )
    return segments


def _programme_segments(record: Record, start: DaySpan) -> list[Segment]:
    end_date = record.date("end") or record.date("expires")
    end_span = span_of(end_date) if end_date is not None else None
    fade_in = start.length if start.soft else 0.0
    if end_span is None and start.length > 1.0 and not start.soft:
        # A programme given as one interval of days: that interval is its run.
        return [Segment(start.start, start.end, SegmentStyle.BASE)]
    if end_span is None or end_span.end <= start.start:
        seg = Segment(
            start.start,
            start.end + OPEN_END_DAYS,
            SegmentStyle.OPEN,
            fade_in,
            OPEN_END_DAYS,
            start.approximate,
        )
        return [seg]
    seg = Segment(
        start.start,
        end_span.end,
        SegmentStyle.BASE,
        fade_in,
        end_span.length if end_span.soft else 0.0,
        start.approximate or end_span.approximate,
    )
    return [seg]


def _disputes(record: Record) -> tuple[tuple[float, float], ...]:
    """The day spans of the dates the sources give differently."""
    spans = [d.span for d in record.dates if d.claims and d.differs]
    spans += [
        disagreement_span(e.date_claims)
        for e in record.extensions
        if e.date_claims and e.date_differs
    ]
    out = []
    for date in spans:
        found = span_of(date) if date is not None else None
        if found is not None:
            out.append((found.start, found.end))
    return tuple(out)


def _start_words(record: Record, date: EdtfDate) -> str:
    """`Aug 1985 or Nov 1985 (sources differ)` where they do, else the date."""
    for d in record.dates:
        if d.date == date and d.differs:
            return f"{date_text(d, {}).text} (sources differ)"
    return date.human()


def describe_dates(record: Record) -> str:
    """The dates in words for a tooltip: `signed 8 Dec 2006; ends 7 Dec 2011; …`."""
    date = _start_date(record)
    if date is None:
        return ""
    role = {Kind.AGREEMENT: "signed", Kind.PROGRAMME: "from"}.get(record.kind, "")
    words = [f"{role} {_start_words(record, date)}".strip()]
    if record.kind is Kind.EVENT:
        return words[0]
    end_date = _agreed_end(record) if record.kind is Kind.AGREEMENT else record.date("end")
    words.append(f"ends {end_date.human()}" if end_date is not None else "end not known")
    for ext in sorted(record.extensions, key=lambda e: e.until.sort_key()):
        tail = " (if required)" if ext.conditional else ""
        words.append(f"{ext.kind} to {ext.until.human()}{tail}")
    return "; ".join(words)


def item_for(record: Record, lane: str) -> TimelineItem | None:
    """The shape for `record` in `lane`, or None when it has no usable date
    (or is a sector or organization, which the timeline does not draw)."""
    if record.kind not in (Kind.AGREEMENT, Kind.PROGRAMME, Kind.EVENT):
        return None
    date = _start_date(record)
    start = span_of(date) if date is not None else None
    if date is None or start is None:
        return None
    if record.kind is Kind.AGREEMENT:
        shape = Shape.BAR
        segments = _agreement_segments(record, start)
    elif record.kind is Kind.PROGRAMME:
        shape = Shape.SPAN
        segments = _programme_segments(record, start)
    else:
        shape = Shape.MARKER
        segments = [Segment(start.start, start.end, SegmentStyle.BASE, 0.0, 0.0, start.approximate)]
    disputes = _disputes(record)
    orgs = frozenset(p.org_id for p in record.parties)
    text = " ".join(
        [record.title, record.short_name, *record.aliases, *(p.short_name for p in record.parties)]
    ).casefold()
    return TimelineItem(
        id=record.id,
        kind=record.kind,
        shape=shape,
        label=record.display_name,
        title=record.title,
        lane=lane,
        start=min([s.start for s in segments] + [a for a, _ in disputes]),
        end=max([s.end for s in segments] + [b for _, b in disputes]),
        anchor=start.mid,
        segments=tuple(segments),
        record=record,
        approximate=start.approximate or any(s.approximate for s in segments),
        soft=start.soft,
        sectors=record.sectors,
        org_ids=orgs,
        search_text=text,
        disputes=disputes,
    )


def lanes_for(sectors: Sequence[Record]) -> list[Lane]:
    """One lane per sector in the tree's order, then one for records without."""
    ordered = sorted(sectors, key=lambda s: (s.order, s.title))
    lanes = [Lane(s.id, s.title, s.order) for s in ordered]
    lanes.append(Lane(NO_SECTOR, "Not in a sector", 1 << 30))  # as the tree says
    return lanes


def items_for(records: Iterable[Record], lanes: Sequence[Lane]) -> list[TimelineItem]:
    """Every drawable record, once per sector lane it belongs to (records
    without a known sector go to the last lane)."""
    known = {lane.id for lane in lanes}
    out: list[TimelineItem] = []
    for record in records:
        targets = [s for s in record.sectors if s in known] or [NO_SECTOR]
        for lane in targets:
            item = item_for(record, lane)
            if item is None:
                break
            out.append(item)
    return out


def day_to_date(day: float) -> dt.date:
    """The calendar date of a day ordinal."""
    return dt.date.fromordinal(max(int(day), 1))
