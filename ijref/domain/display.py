"""A record's sourced values as display text: the one conversion every view uses.

The record pane, `ijref show` and briefings show a record's dates, figures and
extensions through these functions, so that "sources differ", each value with
its source, and a figure's history read the same everywhere. Everything here is
plain text (escape it before showing it as rich text).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ijref.domain.dates import EdtfDate
from ijref.domain.records import DatedRole, Extension, Figure, Relation
from ijref.domain.sourced import Citation, DateClaim, FigureClaim, date_candidates

__all__ = [
    "SOURCES_DIFFER",
    "DateText",
    "ExtensionText",
    "FigureText",
    "SourcedLine",
    "cites_text",
    "date_text",
    "extension_text",
    "figure_text",
    "relation_label",
    "source_date_text",
]

SOURCES_DIFFER = "Sources differ"

_FORWARD = {
    "under": "Under",
    "renews": "Renews",
    "extends": "Extends",
    "supersedes": "Supersedes",
    "part-of": "Part of",
    "related": "Related",
}
_INVERSE = {
    "renews": "Renewed by",
    "extends": "Extended by",
    "supersedes": "Superseded by",
    "part-of": "Its parts",
    "related": "Related",
}

# Source id → what a value's citation calls it ("DST brief, Dec 2020").
SourceLabels = Mapping[str, str]


def source_date_text(date: str, covers: str = "") -> str:
    """A source's date for a list of sources: `Dec 2020`, or `undated; covers up to Jan 2017`."""
    day = EdtfDate.try_parse(date or None)
    if day is not None:
        return day.human()
    end = EdtfDate.try_parse(covers.rpartition("/")[2] or None) if covers else None
    return f"undated; covers up to {end.human()}" if end is not None else "undated"


def cites_text(citations: Iterable[Citation], labels: SourceLabels) -> str:
    """`DST brief, para. 46; Embassy of India, Tokyo, item 8`."""
    return "; ".join(f"{labels.get(c.source, c.source)}, {c.locator}" for c in citations)


@dataclass(frozen=True, slots=True)
class SourcedLine:
    """One source's value: `Nov 1985` — `Embassy of India, Tokyo, item 8`.

    Attributes:
        value: the value as text (`Aug 1985`, `more than 250`).
        as_of: when a figure's value held, as text ("" for a date).
        note: what the source says it marks, or anything to weigh it by.
        cited: where it is said.
    """

    value: str
    as_of: str
    note: str
    cited: str


def _date_line(c: DateClaim, labels: SourceLabels) -> SourcedLine:
    return SourcedLine(c.date.human(), "", c.note, cites_text(c.citations, labels))


def _figure_line(c: FigureClaim, labels: SourceLabels) -> SourcedLine:
    as_of = c.as_of.human() if c.as_of else ""
    return SourcedLine(c.value_text, as_of, c.note, cites_text(c.citations, labels))


def _either(claims: Iterable[DateClaim]) -> str:
    seen: list[str] = []
    for c in date_candidates(tuple(claims)):
        if c.date.human() not in seen:
            seen.append(c.date.human())
    return " or ".join(seen)


@dataclass(frozen=True, slots=True)
class DateText:
    """A date as a row shows it.

    Attributes:
        role: what it marks, capitalised (`Signed`).
        text: `8 Dec 2006`; where sources differ, each competing value
            (`Aug 1985 or Nov 1985`).
        differs: the sources give values that cannot all be right.
        values: each source's value (empty when the record gives one plain date).
    """

    role: str
    text: str
    differs: bool
    values: tuple[SourcedLine, ...]


def date_text(d: DatedRole, labels: SourceLabels) -> DateText:
    """A record's date with what each source says."""
    text = _either(d.claims) if d.differs else d.date.human()
    values = tuple(_date_line(c, labels) for c in d.claims)
    return DateText(d.role.capitalize(), text, d.differs, values)


@dataclass(frozen=True, slots=True)
class ExtensionText:
    """An extension in words, with each source's date for it where they differ."""

    text: str
    differs: bool
    values: tuple[SourcedLine, ...]


def extension_text(e: Extension, labels: SourceLabels) -> ExtensionText:
    """`Extension to c. 2020, agreed Jun 2015 or 4 Nov 2015 (only if required) — note`."""
    text = f"{e.kind.capitalize()} to {e.until.human()}"
    if e.date_differs:
        text += f", agreed {_either(e.date_claims)}"
    elif e.date is not None:
        text += f", agreed {e.date.human()}"
    if e.conditional:
        text += " (only if required)"
    if e.note:
        text += f" — {e.note}"
    values = tuple(_date_line(c, labels) for c in e.date_claims)
    return ExtensionText(text, e.date_differs, values)


@dataclass(frozen=True, slots=True)
class FigureText:
    """A figure as a table row shows it, with its history.

    Attributes:
        value: the latest value with its qualifier (`more than 250`, `277`).
        as_of: when it held (`Dec 2020`), "" when not given.
        differs: two sources give different values for the same date.
        values: each source's value in as-of order.
        history: the values when the figure is given at two or more dates.
        points: (day ordinal, value) of the history for a sparkline; empty below three.
    """

    label: str
    value: str
    unit: str
    as_of: str
    differs: bool
    values: tuple[SourcedLine, ...]
    history: tuple[SourcedLine, ...]
    points: tuple[tuple[float, float], ...]


SPARKLINE_MIN_POINTS = 3


def _day(date: EdtfDate) -> float:
    lo, hi = date.earliest, date.latest
    if lo is None or hi is None:
        only = lo or hi
        return float(only.toordinal()) if only else 0.0
    return (lo.toordinal() + hi.toordinal()) / 2.0


def figure_text(f: Figure, labels: SourceLabels) -> FigureText:
    """A figure with what each source says and, where it has one, its history."""
    history = f.history
    ordered = history or f.claims
    points = tuple((_day(c.as_of), c.value) for c in history if c.as_of is not None)
    return FigureText(
        label=f.label,
        value=f.value_text,
        unit=f.unit,
        as_of=f.as_of.human() if f.as_of else "",
        differs=f.differs,
        values=tuple(_figure_line(c, labels) for c in ordered),
        history=tuple(_figure_line(c, labels) for c in history),
        points=points if len(points) >= SPARKLINE_MIN_POINTS else (),
    )


def relation_label(rel: Relation) -> str:
    """How a record names its link to another: `Renews`, `Superseded by`, and for the
    records under it, their kind (`Programmes under it`)."""
    if not rel.inverse:
        return _FORWARD.get(rel.type, rel.type.capitalize())
    if rel.type == "under":
        return f"{rel.target.split('/', 1)[0].capitalize()}s under it"
    return _INVERSE.get(rel.type, rel.type.capitalize())
