"""Several sources for one date or figure: which value is used, and when they differ."""

from __future__ import annotations

import datetime as dt

import pytest

from ijref.domain.dates import EdtfDate
from ijref.domain.display import date_text, figure_text
from ijref.domain.records import (
    Citation,
    DateClaim,
    DatedRole,
    Figure,
    FigureClaim,
    Kind,
    Record,
)
from ijref.domain.validity import Status, validity

BRIEF = "source/dst-brief-2020-12"
SHEET = "source/embassy-tokyo-st-page"
LABELS = {BRIEF: "DST brief", SHEET: "Embassy of India, Tokyo"}


def claim(text: str, *cites: Citation, note: str = "") -> DateClaim:
    return DateClaim(EdtfDate.parse(text), cites, note)


def para(n: int) -> Citation:
    return Citation(BRIEF, "S", n)


def item(n: int) -> Citation:
    return Citation(SHEET, item=n)


IGA_SIGNED = DatedRole.of(
    "signed", (claim("1985-08", para(46)), claim("1985-11", item(8)), claim("1985", para(2)))
)


def test_a_coarser_value_does_not_compete_and_the_earliest_is_used() -> None:
    assert IGA_SIGNED.differs
    assert IGA_SIGNED.date.text == "1985-08"
    assert IGA_SIGNED.span is not None and IGA_SIGNED.span.text == "1985-08/1985-11"
    agree = DatedRole.of("signed", (claim("2008", item(3)), claim("2008-10-22", item(4))))
    assert not agree.differs and agree.span is None
    assert agree.date.text == "2008-10-22"


def test_date_text_lists_each_value_with_its_source() -> None:
    shown = date_text(IGA_SIGNED, LABELS)
    assert shown.differs and shown.text == "Aug 1985 or Nov 1985"
    assert [(v.value, v.cited) for v in shown.values] == [
        ("Aug 1985", "DST brief, para. 46"),
        ("Nov 1985", "Embassy of India, Tokyo, item 8"),
        ("1985", "DST brief, para. 2"),
    ]


def test_validity_counts_from_the_earliest_signing_date_and_says_so() -> None:
    record = Record("agreement/a", Kind.AGREEMENT, "A", "", dates=(IGA_SIGNED,), term="P10Y")
    v = validity(record, dt.date(1985, 7, 31))
    assert v.status is Status.NOT_YET_SIGNED
    v = validity(record, dt.date(1990, 1, 1))
    assert v.status is Status.IN_FORCE
    assert "sources differ on the signing date, Aug 1985 and Nov 1985" in v.rule
    assert "counts from the earliest, Aug 1985" in v.rule
    plain = Record(
        "agreement/b", Kind.AGREEMENT, "B", "", dates=(DatedRole("signed", IGA_SIGNED.date),)
    )
    assert "sources differ" not in validity(plain, dt.date(1990, 1, 1)).rule


def fig(value: float, as_of: str, *cites: Citation, qualifier: str = "") -> FigureClaim:
    return FigureClaim(value, EdtfDate.parse(as_of), cites, qualifier)


def test_a_figure_at_several_dates_is_a_history_and_shows_its_latest_value() -> None:
    f = Figure.of(
        "joint projects",
        "projects",
        (fig(277, "2020-12", para(8)), fig(250, "2017-01", item(7), qualifier="more than")),
    )
    assert (f.value, f.as_of and f.as_of.text, f.differs) == (277, "2020-12", False)
    shown = figure_text(f, LABELS)
    assert [(v.value, v.as_of) for v in shown.history] == [
        ("more than 250", "Jan 2017"),
        ("277", "Dec 2020"),
    ]
    assert shown.points == ()  # two points: a table, no sparkline


def test_three_dates_make_a_sparkline_and_two_values_for_one_date_differ() -> None:
    f = Figure.of(
        "meetings",
        "meetings",
        (fig(5, "1997-12", item(4)), fig(6, "1999-09-07", item(4)), fig(9, "2017-01-30", item(2))),
    )
    points = figure_text(f, LABELS).points
    assert [v for _, v in points] == [5, 6, 9]
    assert points[0][0] < points[1][0] < points[2][0]
    clash = Figure.of("m", "m", (fig(7, "2005", para(1)), fig(8, "2005", item(3))))
    assert clash.differs and figure_text(clash, LABELS).differs


@pytest.mark.parametrize(
    ("cite", "text"),
    [
        (Citation(BRIEF, "Space", 59), "DST brief, “Space”, para. 59"),
        (Citation(SHEET, item=8), "DST brief, item 8"),
    ],
)
def test_citation_lines(cite: Citation, text: str) -> None:
    assert cite.text("DST brief") == text
