"""A deterministic synthetic record set for the timeline benchmark and tests.

Dates are made directly as `EdtfDate` values rather than parsed: parsing is
the catalog builder's job and would dominate the set-up time of a large set.
"""

from __future__ import annotations

import datetime as dt
import random

from ijref.domain.dates import EdtfDate, Precision
from ijref.domain.records import DatedRole, Extension, Kind, Party, Record

__all__ = ["LANES", "synthetic_records"]

LANES = 12
FIRST_YEAR = 1965
YEARS = 60
_WORDS = [
    "space",
    "ocean",
    "health",
    "energy",
    "water",
    "ICT",
    "robotics",
    "materials",
    "climate",
    "agri",
    "quantum",
    "biotech",
    "polar",
    "seismic",
    "fusion",
    "vaccine",
]


def _day(date: dt.date) -> EdtfDate:
    return EdtfDate(date.isoformat(), date, date, Precision.DAY, _key=(date, date))


def _month(date: dt.date) -> EdtfDate:
    first = date.replace(day=1)
    nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    return EdtfDate(f"{date:%Y-%m}", first, last, Precision.MONTH, _key=(first, last))


def _year(date: dt.date) -> EdtfDate:
    first, last = dt.date(date.year, 1, 1), dt.date(date.year, 12, 31)
    return EdtfDate(str(date.year), first, last, Precision.YEAR, _key=(first, last))


def _some_date(rng: random.Random, date: dt.date) -> EdtfDate:
    roll = rng.random()
    if roll < 0.05:
        return _year(date)
    if roll < 0.10:
        return _month(date)
    return _day(date)


def synthetic_records(n: int, seed: int = 6) -> tuple[list[Record], list[Record]]:
    """`n` records — 70% events, 20% agreements, 10% programmes — over 60 years
    in 12 sector lanes, and the 12 sectors.

    Returns:
        (records, sectors); the same `n` and `seed` always give the same set.
    """
    rng = random.Random(seed)
    sectors = [
        Record(
            id=f"sector/s{k:02d}",
            kind=Kind.SECTOR,
            title=f"Sector {k + 1:02d}",
            summary="",
            order=k,
        )
        for k in range(LANES)
    ]
    orgs = [
        Party(f"organization/o{k}", f"Org {k}", f"O{k}", "IN" if k % 2 else "JP") for k in range(8)
    ]
    start = dt.date(FIRST_YEAR, 1, 1).toordinal()
    span = YEARS * 365
    records: list[Record] = []
    for i in range(n):
        sector = sectors[rng.randrange(LANES)].id
        day = dt.date.fromordinal(start + rng.randrange(span))
        word = rng.choice(_WORDS)
        parties = (orgs[rng.randrange(8)], orgs[rng.randrange(8)])
        roll = rng.random()
        if roll < 0.70:
            records.append(
                Record(
                    id=f"event/e{i}",
                    kind=Kind.EVENT,
                    title=f"{word.title()} meeting {i}",
                    summary="",
                    short_name=f"{word} {i}",
                    sectors=(sector,),
                    parties=parties,
                    dates=(DatedRole("held", _some_date(rng, day)),),
                )
            )
        elif roll < 0.90:
            years = rng.choice((3, 5, 5, 10))
            expires = day + dt.timedelta(days=365 * years)
            exts = []
            if rng.random() < 0.3:
                until = expires + dt.timedelta(days=365 * rng.choice((2, 3, 5)))
                exts.append(Extension(_day(until), kind="extension"))
            records.append(
                Record(
                    id=f"agreement/a{i}",
                    kind=Kind.AGREEMENT,
                    title=f"{word.title()} agreement {i}",
                    summary="",
                    short_name=f"{word} MoU {i}",
                    sectors=(sector,),
                    parties=parties,
                    dates=(
                        DatedRole("signed", _some_date(rng, day)),
                        DatedRole("expires", _day(expires)),
                    ),
                    extensions=tuple(exts),
                )
            )
        else:
            end = day + dt.timedelta(days=rng.randrange(200, 365 * 6))
            dates = [DatedRole("start", _some_date(rng, day))]
            if rng.random() < 0.8:
                dates.append(DatedRole("end", _day(end)))
            records.append(
                Record(
                    id=f"programme/p{i}",
                    kind=Kind.PROGRAMME,
                    title=f"{word.title()} programme {i}",
                    summary="",
                    short_name=f"{word} prog {i}",
                    sectors=(sector,),
                    parties=parties,
                    dates=tuple(dates),
                )
            )
    return records, sectors
