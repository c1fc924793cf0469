"""EDTF dates: every form the records use, parsed, ordered and bounded."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ijref.domain.dates import EdtfDate, EdtfError, Precision

D = dt.date


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision", "approx", "interval"),
    [
        ("1985", D(1985, 1, 1), D(1985, 12, 31), Precision.YEAR, False, False),
        ("2014-01", D(2014, 1, 1), D(2014, 1, 31), Precision.MONTH, False, False),
        ("2006-12-08", D(2006, 12, 8), D(2006, 12, 8), Precision.DAY, False, False),
        ("2019-03-04/2019-03-08", D(2019, 3, 4), D(2019, 3, 8), Precision.DAY, False, True),
        ("196X", D(1960, 1, 1), D(1969, 12, 31), Precision.DECADE, False, False),
        ("2017~", D(2017, 1, 1), D(2017, 12, 31), Precision.YEAR, True, False),
        ("2020-04/2021-03", D(2020, 4, 1), D(2021, 3, 31), Precision.MONTH, False, True),
        ("2017/..", D(2017, 1, 1), None, Precision.YEAR, False, True),
        ("../2020-07", None, D(2020, 7, 31), Precision.MONTH, False, True),
        ("2020-02", D(2020, 2, 1), D(2020, 2, 29), Precision.MONTH, False, False),
    ],
)
def test_parse_bounds(
    text: str,
    earliest: dt.date | None,
    latest: dt.date | None,
    precision: Precision,
    approx: bool,
    interval: bool,
) -> None:
    d = EdtfDate.parse(text)
    assert (d.earliest, d.latest) == (earliest, latest)
    assert d.precision is precision
    assert d.approximate is approx
    assert d.is_interval is interval
    assert d.text == text


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "  ",
        "8 December 2006",
        "2006-13-01",
        "2006-02-30",
        "20xx",
        "2021-21",
        "2019-03-08/2019-03-04",
        "yesterday",
    ],
)
def test_rejects_what_is_not_edtf(bad: str) -> None:
    with pytest.raises(EdtfError):
        EdtfDate.parse(bad)
    assert EdtfDate.try_parse(bad) is None


def test_season_forms_are_refused_with_the_fix() -> None:
    # "2020-21" is EDTF for winter 2020, not the financial year 2020-21
    with pytest.raises(EdtfError, match="2020-04/2021-03"):
        EdtfDate.parse("2020-21")


def test_order_by_earliest_then_latest() -> None:
    texts = [
        "2006-12-08",
        "196X",
        "2006-12",
        "2006",
        "1985",
        "2019-03-04/2019-03-08",
        "2019-03-04",
        "../2020-07",
    ]
    ordered = [d.text for d in sorted(EdtfDate.parse(t) for t in texts)]
    assert ordered == [
        "../2020-07",
        "196X",
        "1985",
        "2006",
        "2006-12",
        "2006-12-08",
        "2019-03-04",
        "2019-03-04/2019-03-08",
    ]


def test_contains_and_years() -> None:
    d = EdtfDate.parse("2020-04/2021-03")
    assert d.contains(D(2021, 3, 31)) and not d.contains(D(2021, 4, 1))
    assert list(d.years) == [2020, 2021]
    assert EdtfDate.parse("196X").year == 1960


@pytest.mark.parametrize(
    ("text", "human"),
    [
        ("2006-12-08", "8 Dec 2006"),
        ("2014-01", "Jan 2014"),
        ("196X", "1960s"),
        ("2017~", "c. 2017"),
        ("2019-03-04/2019-03-08", "4 Mar 2019 – 8 Mar 2019"),
        ("../2020-07", "… – Jul 2020"),
    ],
)
def test_human_form_keeps_the_precision(text: str, human: str) -> None:
    assert EdtfDate.parse(text).human() == human


@given(
    st.dates(min_value=D(1000, 1, 1), max_value=D(2999, 12, 31)),
    st.dates(min_value=D(1000, 1, 1), max_value=D(2999, 12, 31)),
    st.sampled_from(["day", "month", "year"]),
    st.sampled_from(["single", "interval", "open-start", "open-end"]),
)
@settings(max_examples=150, deadline=None)
def test_fast_path_agrees_with_the_edtf_library(
    a: dt.date, b: dt.date, precision: str, form: str
) -> None:
    from edtf import parse_edtf

    def fmt(d: dt.date) -> str:
        return {"day": d.isoformat(), "month": d.isoformat()[:7], "year": str(d.year)}[precision]

    lo, hi = sorted((a, b))
    text = {
        "single": fmt(lo),
        "interval": f"{fmt(lo)}/{fmt(hi)}",
        "open-start": f"../{fmt(hi)}",
        "open-end": f"{fmt(lo)}/..",
    }[form]
    ours = EdtfDate.parse(text)
    lib = parse_edtf(text)

    def bound(v: object) -> dt.date | None:
        if isinstance(v, float):
            return None
        return dt.date(v.tm_year, v.tm_mon, v.tm_mday)  # type: ignore[attr-defined]

    assert (ours.earliest, ours.latest) == (bound(lib.lower_strict()), bound(lib.upper_strict()))
