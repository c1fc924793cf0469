"""Records → shapes, lanes in the tree's order, rows without overlaps, and
legibility: labels that never overlap, clusters that split as you zoom in."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from ijref.domain.dates import EdtfDate
from ijref.domain.records import DatedRole, Extension, Kind, Record
from ijref.ui.timeline.layout import HEADER_H, MARKER_ROW_H, TimelineLayout, pack_rows
from ijref.ui.timeline.legibility import LabelBox, cell_days, groups, place_labels
from ijref.ui.timeline.model import (
    NO_SECTOR,
    SegmentStyle,
    Shape,
    TimelineItem,
    item_for,
    items_for,
    lanes_for,
)
from ijref.ui.timeline.scale import TimeScale, day_of


def sector(slug: str, order: int) -> Record:
    return Record(
        id=f"sector/{slug}", kind=Kind.SECTOR, title=slug.title(), summary="", order=order
    )


def agreement(slug: str, signed: str, **kw: object) -> Record:
    dates = [DatedRole("signed", EdtfDate.parse(signed))]
    if "expires" in kw:
        dates.append(DatedRole("expires", EdtfDate.parse(str(kw.pop("expires")))))
    return Record(
        id=f"agreement/{slug}",
        kind=Kind.AGREEMENT,
        title=slug,
        summary="",
        sectors=("sector/space",),
        dates=tuple(dates),
        **kw,  # type: ignore[arg-type]
    )


def event(slug: str, held: str, sectors: tuple[str, ...] = ("sector/space",)) -> Record:
    return Record(
        id=f"event/{slug}",
        kind=Kind.EVENT,
        title=slug,
        summary="",
        sectors=sectors,
        dates=(DatedRole("held", EdtfDate.parse(held)),),
    )


def test_agreement_is_a_bar_with_one_segment_per_extension() -> None:
    rec = agreement(
        "dgh-jogmec",
        "2007-02-16",
        expires="2012-02-15",
        extensions=(
            Extension(EdtfDate.parse("2015"), kind="extension"),
            Extension(EdtfDate.parse("2019-02-15"), kind="extension"),
            Extension(EdtfDate.parse("2024-02-15"), kind="automatic", conditional=True),
        ),
    )
    item = item_for(rec, "sector/space")
    assert item is not None and item.shape is Shape.BAR
    styles = [s.style for s in item.segments]
    assert styles == [
        SegmentStyle.BASE,
        SegmentStyle.EXTENSION,
        SegmentStyle.EXTENSION,
        SegmentStyle.CONDITIONAL,
    ]
    assert item.segments[0].start == day_of(dt.date(2007, 2, 16))
    assert item.segments[0].end == day_of(dt.date(2012, 2, 16))
    # Each segment starts where the one before ended; "2015" ends soft over the year.
    for a, b in zip(item.segments, item.segments[1:], strict=False):
        assert a.end == b.start
    assert item.segments[1].end == day_of(dt.date(2016, 1, 1))
    assert item.segments[1].fade_out > 300
    assert "extension to 2015" in item.date_text


def test_an_agreement_without_an_end_fades_out() -> None:
    item = item_for(agreement("open", "2016-11-11"), "sector/space")
    assert item is not None
    (seg,) = item.segments
    assert seg.style is SegmentStyle.OPEN and seg.fade_out > 0
    assert "end not known" in item.date_text


def test_a_year_only_signing_is_soft_and_an_approximate_one_looks_approximate() -> None:
    soft = item_for(agreement("soft", "1985"), "sector/space")
    approx = item_for(event("approx", "1990~"), "sector/space")
    assert soft is not None and soft.soft and soft.segments[0].fade_in >= 365
    assert soft.start == day_of(dt.date(1985, 1, 1))
    assert approx is not None and approx.approximate and approx.shape is Shape.MARKER


def test_lanes_follow_the_sector_order_and_records_without_a_sector_go_last() -> None:
    lanes = lanes_for([sector("space", 10), sector("earth", 9)])
    assert [lane.id for lane in lanes] == ["sector/earth", "sector/space", NO_SECTOR]
    items = items_for([event("a", "2019-03-08"), event("b", "2019", sectors=())], lanes)
    layout = TimelineLayout(lanes, items)
    assert [b.lane.id for b in layout.boxes] == ["sector/space", NO_SECTOR]
    assert layout.boxes[0].bottom <= layout.boxes[1].top


def test_collapsing_a_lane_shrinks_it_to_a_strip_and_moves_the_next_up() -> None:
    lanes = lanes_for([sector("space", 1)])
    items = items_for([agreement(f"a{i}", f"{2000 + i}-01-01") for i in range(5)], lanes)
    items += items_for([event("e", "2001-05-05", sectors=())], lanes)
    layout = TimelineLayout(lanes, items)
    space, other = layout.boxes
    before = other.top
    layout.set_collapsed("sector/space", True)
    assert space.height == HEADER_H + MARKER_ROW_H
    assert other.top < before
    assert len(space.summary) == 5


@cache
def _base_item() -> TimelineItem:
    base = item_for(agreement("x", "2000-01-01"), "sector/space")
    assert base is not None
    return base


def _item(i: int, start: float, length: float) -> TimelineItem:
    return replace(_base_item(), id=f"agreement/x{i}", start=start, end=start + length)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 20000), st.floats(1, 4000)), max_size=60))
def test_rows_never_hold_overlapping_bars(spans: list[tuple[float, float]]) -> None:
    items = [_item(i, s, n) for i, (s, n) in enumerate(spans)]
    rows = pack_rows(items)
    assert sum(len(r.items) for r in rows) == len(items)
    for row in rows:
        for a, b in zip(row.items, row.items[1:], strict=False):
            assert a.end <= b.start
        # and the visible-range query finds exactly the overlapping ones
        got = {row.items[k].id for k in row.visible(5000, 9000)}
        assert got == {i.id for i in row.items if i.end > 5000 and i.start < 9000}


def test_rows_are_as_few_as_the_overlap_needs() -> None:
    items = [_item(0, 0, 100), _item(1, 50, 100), _item(2, 500, 100), _item(3, 560, 10)]
    assert len(pack_rows(items, gap=0)) == 2


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 20), st.floats(5, 200)), max_size=80))
def test_placed_labels_never_overlap_each_other_or_the_next_item(
    steps: list[tuple[float, float]],
) -> None:
    edges = list(itertools.accumulate(step + 1 for step, _ in steps))  # items, left to right
    boxes = [
        LabelBox(x + 7, x + 7 + w, i)
        for i, (x, (_, w)) in enumerate(zip(edges, steps, strict=True))
    ]
    kept = place_labels(boxes, edges, gap=4)
    placed = [boxes[k] for k in kept]
    for a, b in itertools.pairwise(placed):
        assert a.right + 4 <= b.left
    for box in placed:
        if box.key + 1 < len(edges):
            assert box.right + 4 <= edges[box.key + 1]
    if len(boxes) == 1:
        assert kept == [0]  # alone, a label always fits


def test_a_label_is_dropped_rather_than_cover_the_next_marker() -> None:
    edges = [10.0, 50.0, 200.0]
    boxes = [LabelBox(17, 90, 0), LabelBox(57, 120, 1), LabelBox(207, 260, 2)]
    # 0 would run over the marker at 50; 1 ends before 200; 2 is last.
    assert place_labels(boxes, edges) == [1, 2]


def test_dense_markers_cluster_at_low_zoom_and_split_when_zoomed_in() -> None:
    base = day_of(dt.date(2000, 1, 1))
    days = sorted(base + i * 3.0 for i in range(40))  # one every three days
    wide = TimeScale.fit(day_of(dt.date(1960, 1, 1)), day_of(dt.date(2030, 1, 1)), 1600)
    far = groups(days, wide)
    assert sum(g.count for g in far) == 40
    assert len(far) == 1 and far[0].count == 40
    near = groups(days, TimeScale.fit(base, base + 120, 1600))
    assert len(near) == 40 and all(g.count == 1 for g in near)
    mid = groups(days, TimeScale.fit(base - 200, base + 400, 1600))
    assert 1 < len(mid) < 40
    for a, b in itertools.pairwise(mid):
        assert b.x - a.x >= 14.0


def test_clusters_do_not_change_while_panning() -> None:
    days = [float(x) for x in range(730000, 731000, 2)]
    scale = TimeScale.fit(729900, 731100, 800)
    first = groups(days, scale)
    moved = groups(days, scale.panned(-3.0))
    inner = [(g.first, g.last) for g in first[1:-1]]
    assert inner == [(g.first, g.last) for g in moved[1:-1]]
    assert cell_days(scale.px_per_day) >= 18 / scale.px_per_day


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(700000, 740000), max_size=300),
    st.floats(0.005, 50.0),
    st.floats(700000, 740000),
)
def test_groups_account_for_every_visible_marker_and_keep_apart(
    days: list[float], ppd: float, left: float
) -> None:
    days.sort()
    scale = TimeScale(left=left, px_per_day=ppd, width=1200)
    found = groups(days, scale)
    lo, hi = scale.day_at(-40.0), scale.day_at(1240.0)
    assert sum(g.count for g in found) == sum(1 for d in days if lo <= d <= hi)
    for a, b in itertools.pairwise(found):
        assert a.last == b.first  # contiguous, nothing counted twice
        assert b.x - a.x >= 14.0
