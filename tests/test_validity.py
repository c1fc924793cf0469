"""An agreement's validity on any date, and the rule that decided it."""

from __future__ import annotations

import datetime as dt

import pytest

from ijref.domain.dates import EdtfDate
from ijref.domain.records import DatedRole, Extension, Kind, Record
from ijref.domain.validity import Status, parse_term, term_end, term_text, validity


def agreement(
    signed: str | None,
    *,
    term: str = "",
    expires: str | None = None,
    extensions: tuple[Extension, ...] = (),
) -> Record:
    dates = []
    if signed:
        dates.append(DatedRole("signed", EdtfDate.parse(signed)))
    if expires:
        dates.append(DatedRole("expires", EdtfDate.parse(expires)))
    return Record(
        id="agreement/x",
        kind=Kind.AGREEMENT,
        title="X",
        summary="s",
        dates=tuple(dates),
        term=term,
        extensions=extensions,
    )


def ext(until: str, kind: str = "extension", conditional: bool = False) -> Extension:
    return Extension(EdtfDate.parse(until), kind=kind, conditional=conditional)


# The DGH–JOGMEC MoU as the brief tells it.
DGH = agreement(
    "2007-02-16",
    term="P5Y",
    expires="2012-02-15",
    extensions=(
        ext("2015"),
        ext("2016", "automatic"),
        ext("2019-02-15"),
        ext("2020-02-15", "automatic"),
        ext("2023-02-15"),
        ext("2024-02-15", "automatic", conditional=True),
    ),
)


@pytest.mark.parametrize(
    ("day", "status", "words"),
    [
        ("2006-01-01", Status.NOT_YET_SIGNED, "signed 16 Feb 2007"),
        ("2007-02-16", Status.IN_FORCE, "original term"),
        ("2012-02-15", Status.IN_FORCE, "original term"),
        ("2013-06-01", Status.IN_FORCE, "extension to 2015"),
        ("2022-01-01", Status.IN_FORCE, "extension to 15 Feb 2023"),
        ("2023-06-01", Status.UNKNOWN, "only if the optional"),
        ("2024-02-16", Status.EXPIRED, "15 Feb 2024"),
    ],
)
def test_dgh_jogmec_through_its_extensions(day: str, status: Status, words: str) -> None:
    v = validity(DGH, dt.date.fromisoformat(day))
    assert v.status is status
    assert words in v.rule


def test_term_counts_from_signing_to_the_day_before() -> None:
    assert term_end(EdtfDate.parse("2007-02-16"), "P5Y").text == "2012-02-15"
    assert term_end(EdtfDate.parse("2014-01"), "P3Y").text == "2016-12-31/2017-01-30"
    v = validity(agreement("2007-02-16", term="P5Y"), dt.date(2012, 2, 16))
    assert v.status is Status.EXPIRED


def test_no_term_means_unknown_not_in_force() -> None:
    v = validity(agreement("2016-11-11"), dt.date(2026, 1, 1))
    assert v.status is Status.UNKNOWN
    assert "no term, expiry or extension" in v.rule


def test_no_signing_date_is_unknown() -> None:
    assert validity(agreement(None), dt.date(2020, 1, 1)).status is Status.UNKNOWN


def test_partial_signing_date_straddling_the_day_is_unknown() -> None:
    v = validity(agreement("2014-01", term="P5Y"), dt.date(2014, 1, 15))
    assert v.status is Status.UNKNOWN
    assert validity(agreement("2014-01", term="P5Y"), dt.date(2014, 2, 1)).status is (
        Status.IN_FORCE
    )


def test_end_known_only_to_the_year_is_unknown_within_that_year() -> None:
    a = agreement("2017-01-20", extensions=(ext("2023"),))
    assert validity(a, dt.date(2022, 12, 31)).status is Status.IN_FORCE
    assert validity(a, dt.date(2023, 6, 1)).status is Status.UNKNOWN
    assert validity(a, dt.date(2024, 1, 1)).status is Status.EXPIRED


@pytest.mark.parametrize("bad", ["5 years", "P", "PXY", "", "P5W"])
def test_bad_terms_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="is not a term"):
        parse_term(bad)


def test_a_term_reads_as_a_reader_says_it_in_the_rule_and_everywhere() -> None:
    assert [term_text(t) for t in ("P5Y", "P1Y", "P1Y6M", "P90D", "", "soon")] == [
        "5 years",
        "1 year",
        "1 year 6 months",
        "90 days",
        "",
        "soon",
    ]
    v = validity(agreement("2007-02-16", term="P5Y"), dt.date(2010, 1, 1))
    assert "term of 5 years from signing" in v.rule and "P5Y" not in v.rule
