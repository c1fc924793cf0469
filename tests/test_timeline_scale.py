"""Date → position on the timeline, for every EDTF form the records use."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from ijref.domain.dates import EdtfDate
from ijref.ui.timeline.scale import TimeScale, day_of, span_of
from ijref.ui.timeline.ticks import choose_unit, ticks


def d(y: int, m: int = 1, day: int = 1) -> float:
    return day_of(dt.date(y, m, day))


@pytest.mark.parametrize(
    ("text", "start", "end", "soft"),
    [
        ("2006-12-08", d(2006, 12, 8), d(2006, 12, 9), False),  # a day
        ("2014-01", d(2014, 1, 1), d(2014, 2, 1), True),  # a month: the whole month
        ("1985", d(1985), d(1986), True),  # a year: the whole year, not 1 January
        ("196X", d(1960), d(1970), True),  # a decade
        ("2019-03-04/2019-03-08", d(2019, 3, 4), d(2019, 3, 9), False),  # days
        ("2020-04/2021-03", d(2020, 4, 1), d(2021, 4, 1), True),  # a financial year
    ],
)
def test_every_edtf_form_covers_the_days_it_can_mean(
    text: str, start: float, end: float, soft: bool
) -> None:
    span = span_of(EdtfDate.parse(text))
    assert span is not None
    assert (span.start, span.end, span.soft) == (start, end, soft)
    assert not span.approximate


def test_a_year_is_drawn_at_its_middle_not_on_1_january() -> None:
    span = span_of(EdtfDate.parse("1985"))
    assert span is not None
    assert d(1985, 6, 1) < span.mid < d(1985, 8, 1)


def test_approximate_and_uncertain_dates_are_marked() -> None:
    approx = span_of(EdtfDate.parse("2010~"))
    unsure = span_of(EdtfDate.parse("2010-05?"))
    assert approx is not None and approx.approximate and approx.soft
    assert approx.start <= d(2010) and approx.end >= d(2011)
    assert unsure is not None and unsure.uncertain and not unsure.approximate


def test_open_end_is_flagged() -> None:
    span = span_of(EdtfDate.parse("2017/.."))
    assert span is not None
    assert span.open_end and span.start == d(2017)


def test_scale_maps_days_to_pixels_and_back() -> None:
    scale = TimeScale.fit(d(1960), d(2030), 1600)
    assert 0 < scale.x(d(1960)) < 40
    assert 1560 < scale.x(d(2030)) < 1600
    assert scale.day_at(scale.x(d(2006, 12, 8))) == pytest.approx(d(2006, 12, 8))
    assert scale.date_at(scale.x(d(2006, 12, 8)) + 0.01) == dt.date(2006, 12, 8)


def test_zoom_keeps_the_day_under_the_cursor() -> None:
    scale = TimeScale.fit(d(1960), d(2030), 1600)
    under = scale.day_at(400)
    zoomed = scale.zoomed(4.0, 400)
    assert zoomed.px_per_day == pytest.approx(scale.px_per_day * 4)
    assert zoomed.day_at(400) == pytest.approx(under)


def test_pan_moves_the_content() -> None:
    scale = TimeScale.fit(d(1960), d(2030), 1600)
    assert scale.panned(100).x(d(2000)) == pytest.approx(scale.x(d(2000)) + 100)


@pytest.mark.parametrize(
    ("days_across", "level"),
    [(250 * 365, "decades"), (25 * 365, "years"), (365, "months"), (20, "days")],
)
def test_ticks_adapt_from_decades_to_days(days_across: float, level: str) -> None:
    scale = TimeScale.fit(d(2000), d(2000) + days_across, 1600)
    assert choose_unit(scale.px_per_day).name == level
    found = ticks(scale)
    assert len(found) >= 3
    xs = [scale.x(t.day) for t in found]
    assert all(b - a >= 50 for a, b in itertools.pairwise(xs))


def test_month_ticks_name_the_year_at_january() -> None:
    scale = TimeScale.fit(d(2005, 6), d(2007, 6), 1600)
    labels = [t.label for t in ticks(scale)]
    assert "Jan 2006" in labels and "Jul" in labels


def test_day_ticks_say_which_month_and_year_they_are_in() -> None:
    scale = TimeScale.fit(d(2019, 2, 20), d(2019, 3, 20), 1600)
    labels = [t.label for t in ticks(scale)]
    assert any(label.endswith("2019") for label in labels)
