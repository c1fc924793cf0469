"""Whether an agreement is in force on a given day, and the rule that decided it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from ijref.domain.dates import EdtfDate
from ijref.domain.records import Record
from ijref.domain.sourced import date_candidates

__all__ = ["Status", "Validity", "parse_term", "term_end", "term_text", "validity"]

_TERM = re.compile(r"^P(?:(?P<y>\d+)Y)?(?:(?P<m>\d+)M)?(?:(?P<d>\d+)D)?$")


class Status(StrEnum):
    """What the validity check can say."""

    IN_FORCE = "in force"
    EXPIRED = "expired"
    NOT_YET_SIGNED = "not yet signed"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Validity:
    """The answer, the day it was asked for, and the rule in words."""

    status: Status
    as_of: dt.date
    rule: str
    ends: EdtfDate | None = None


def parse_term(term: str) -> relativedelta:
    """An ISO 8601 duration of years, months and days (`P5Y`, `P1Y6M`).

    Raises:
        ValueError: for anything else.
    """
    match = _TERM.match(term)
    if not term or not match or not any(match.groups()):
        raise ValueError(f"{term!r} is not a term such as P5Y or P6M")
    return relativedelta(
        years=int(match["y"] or 0), months=int(match["m"] or 0), days=int(match["d"] or 0)
    )


def term_text(term: str) -> str:
    """A term as a reader says it (`P5Y` → "5 years", `P1Y6M` → "1 year 6 months");
    anything that is not a term comes back as it is."""
    try:
        delta = parse_term(term)
    except ValueError:
        return term
    parts = [
        f"{n} {unit}{'' if n == 1 else 's'}"
        for n, unit in ((delta.years, "year"), (delta.months, "month"), (delta.days, "day"))
        if n
    ]
    return " ".join(parts)


def term_end(signed: EdtfDate, term: str) -> EdtfDate:
    """The last day of a term counted from signing (a 5-year term from
    2007-02-16 ends on 2012-02-15); a partial signing date gives a range."""
    delta = parse_term(term)
    lo = signed.earliest
    hi = signed.latest
    assert lo is not None and hi is not None  # signing dates are never open-ended
    first = lo + delta - dt.timedelta(days=1)
    last = hi + delta - dt.timedelta(days=1)
    text = first.isoformat() if first == last else f"{first.isoformat()}/{last.isoformat()}"
    return EdtfDate.parse(text)


@dataclass(frozen=True, slots=True)
class _Segment:
    """One stretch of validity: the original term or an extension, and its last day."""

    until: EdtfDate
    label: str
    conditional: bool = False


def _segments(record: Record) -> list[_Segment]:
    """The original term, then each extension, in order of their ends."""
    out: list[_Segment] = []
    signed = record.date("signed")
    expires = record.date("expires") or record.date("end")
    if expires is not None:
        out.append(_Segment(expires, f"original term, expiring {expires.human()}"))
    elif signed is not None and record.term:
        end = term_end(signed, record.term)
        out.append(
            _Segment(end, f"term of {term_text(record.term)} from signing, to {end.human()}")
        )
    for ext in sorted(record.extensions, key=lambda e: e.until):
        what = "automatic extension" if ext.kind == "automatic" else ext.kind
        label = f"{what} to {ext.until.human()}"
        if ext.note:
            label += f" ({ext.note})"
        out.append(_Segment(ext.until, label, ext.conditional))
    return out


def validity(record: Record, as_of: dt.date) -> Validity:
    """Decide whether `record` (an agreement) is in force on `as_of`.

    Rules, in order: no signing date → unknown; signed after the day → not yet
    signed; no term, expiry or extension → unknown; within the latest agreed
    end (firm extensions beat the expiry, which beats signing + term) → in force;
    after it but within an optional ("if required") extension → unknown; after
    everything → expired. A partial date that straddles the day gives unknown.

    Where sources differ on the signing date, the rules use the earliest date
    they do not exclude, and the rule in words says so.
    """
    found = _validity(record, as_of)
    signed = record.dated("signed")
    if signed is None or not signed.differs:
        return found
    dates = " and ".join(c.date.human() for c in date_candidates(signed.claims))
    return replace(
        found,
        rule=f"{found.rule} (sources differ on the signing date, {dates}; "
        f"this counts from the earliest, {signed.date.human()})",
    )


def _validity(record: Record, as_of: dt.date) -> Validity:
    signed = record.date("signed")
    if signed is None or signed.earliest is None:
        return Validity(Status.UNKNOWN, as_of, "the source gives no signing date")
    if as_of < signed.earliest:
        return Validity(
            Status.NOT_YET_SIGNED, as_of, f"signed {signed.human()}, after {as_of.isoformat()}"
        )
    if signed.latest is not None and as_of <= signed.latest and signed.earliest != signed.latest:
        return Validity(
            Status.UNKNOWN, as_of, f"signed during {signed.human()}; the exact day is not known"
        )
    segments = _segments(record)
    firm = [g for g in segments if not g.conditional]
    optional = [g for g in segments if g.conditional]
    if not firm:
        return Validity(
            Status.UNKNOWN,
            as_of,
            f"signed {signed.human()}; the source gives no term, expiry or extension",
        )
    last = max(firm, key=lambda g: g.until)
    for seg in firm:
        lo = seg.until.earliest or dt.date.max
        if as_of <= lo:
            return Validity(
                Status.IN_FORCE,
                as_of,
                f"in force under the {seg.label}; latest agreed end {last.until.human()}",
                last.until,
            )
    hi = last.until.latest or dt.date.max
    if as_of <= hi:
        return Validity(
            Status.UNKNOWN,
            as_of,
            f"the {last.label} ends within {last.until.human()}; the exact day is not known",
            last.until,
        )
    for seg in optional:
        if as_of <= (seg.until.latest or dt.date.max) and seg.until > last.until:
            return Validity(
                Status.UNKNOWN,
                as_of,
                f"the {last.label} has ended; in force after that only if the optional "
                f"{seg.label} was taken",
                seg.until,
            )
    final = max(segments, key=lambda g: g.until)
    return Validity(Status.EXPIRED, as_of, f"expired: the {final.label} has ended", final.until)
