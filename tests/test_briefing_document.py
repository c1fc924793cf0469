"""What goes into a briefing (no Qt): status on the meeting date, notes chosen, sources, order."""

from __future__ import annotations

from pathlib import Path

import pytest
from briefing_support import DGH, GONE, HINDI, JAPANESE, LUPEX, MEETING, MOU, TODAY, make_briefing

from ijref.briefing.build import order_by_date, order_by_sector
from ijref.briefing.document import BriefingDocument
from ijref.briefing.markdown import offline_markdown, to_markdown
from ijref.briefing.scripts import scripts_in
from ijref.catalog.store import Catalog
from ijref.domain.validity import validity


@pytest.fixture(scope="module")
def doc(fixture_build: Path, tmp_path_factory: pytest.TempPathFactory) -> BriefingDocument:
    made, store = make_briefing(fixture_build, tmp_path_factory.mktemp("data"))
    store.close()
    return made


def test_status_is_worked_out_for_the_meeting_date_not_today(
    doc: BriefingDocument, fixture_build: Path
) -> None:
    entry = next(e for e in doc.entries if e.record_id == DGH)
    assert entry.status is not None
    assert (entry.status.status, entry.status.day) == ("in force", MEETING)
    assert "original term" in entry.status.rule
    with Catalog.open(fixture_build) as catalog:
        record = catalog.get(DGH)
        assert record is not None
        assert validity(record, TODAY).status.value == "expired"  # as the app says today
    assert next(e for e in doc.entries if e.record_id == LUPEX).status is None  # a programme
    assert doc.cover.status_day == MEETING and doc.cover.data_version


def test_entries_follow_the_briefing_with_parties_dates_and_only_chosen_notes(
    doc: BriefingDocument,
) -> None:
    assert [e.record_id for e in doc.entries] == [MOU, DGH, LUPEX, GONE]
    mou = doc.entries[0]
    assert mou.kind == "Agreement · MoU" and mou.title.startswith("Memorandum")
    assert [g.side for g in mou.parties] == ["India", "Japan"]
    assert ("Signed", "11 Nov 2016") in [(f.label, f.text) for f in mou.dates]
    assert [n.markdown.count(JAPANESE) for n in mou.notes] == [1]  # the aside stays out
    lupex = doc.entries[2]
    assert [(f.label, f.value, f.unit) for f in lupex.figures] == [
        ("working groups", "3", "groups")
    ]
    assert lupex.related[0].label == "Under"


def test_a_record_that_left_the_catalog_is_marked_and_keeps_its_notes(
    doc: BriefingDocument,
) -> None:
    gone = doc.entries[3]
    assert gone.missing and gone.title == GONE
    assert [n.markdown for n in gone.notes] == ["Kept though the record left"]


def test_sources_are_numbered_once_and_cited_by_number(doc: BriefingDocument) -> None:
    assert [s.number for s in doc.sources] == [1]
    assert doc.sources[0].title.startswith("India-Japan Cooperation")
    assert all(n == 1 for e in doc.entries for n, _ in e.citations)
    assert "para. 59" in doc.entries[0].citations[0][1]


def test_markdown_export_holds_everything_and_fetches_nothing(doc: BriefingDocument) -> None:
    text = to_markdown(doc)
    assert text.startswith("**RESTRICTED — for internal use**")
    assert "## Contents" in text and "## Sources" in text
    assert "**Status on 1 June 2010: in force**" in text
    assert JAPANESE in text and HINDI in text
    assert "##### 会議の前に" in text  # the note's heading sits under the record's
    assert "](https://example.com/logo.png)" not in text
    assert "[image not included: logo — https://example.com/logo.png]" in text
    assert "Not for the meeting" not in text


def test_only_the_users_own_image_files_stay_images() -> None:
    kept = "![map](/home/me/map.png) ![m2](file:///home/me/m.png)"
    assert offline_markdown(kept) == kept
    remote_ones = (
        "![x](http://a.b/c.png)",
        "![x](//a.b/c.png)",
        "![x](c.png)",
        "![x](<ftp://x>)",
        "![x](file://host/c.png)",
        r"![x](\\host\share\c.png)",
    )
    for remote in remote_ones:
        assert offline_markdown(remote).startswith("[image not included: x")


def test_ordering_by_date_and_by_sector(fixture_build: Path) -> None:
    ids = [LUPEX, GONE, MOU, DGH]
    with Catalog.open(fixture_build) as catalog:
        assert order_by_date(ids, catalog) == [DGH, MOU, LUPEX, GONE]
        sectors = [s.id for s in catalog.sectors()]  # Earth (9) before Space (10)
        assert order_by_sector(ids, catalog, sectors) == [DGH, MOU, LUPEX, GONE]


def test_scripts_found_in_text() -> None:
    assert scripts_in(["plain English – “quotes”"]) == set()
    assert scripts_in([JAPANESE, HINDI, "한국어"]) == {"Japanese", "Devanagari", "Korean"}


def test_where_sources_differ_the_briefing_shows_each_value_with_its_source(
    tmp_path: Path,
) -> None:
    from ijref.app import build_catalog as build
    from ijref.briefing.build import build_document
    from ijref.userdata.store import UserStore

    root = tmp_path / "build"
    build(Path(__file__).parent / "fixtures" / "sourced_records", root)
    with Catalog.open(root) as catalog, UserStore.open(tmp_path / "d", auto_backup=False) as s:
        b = s.briefings.create("Framework", meeting_date=MEETING)
        b, _ = s.briefings.add_records(b.id, ["agreement/iga-1985", "agreement/kek-dst-mou"])
        doc = build_document(b, catalog, s, data_version="x", data_as_of="2020-12", today=TODAY)
    iga = doc.entries[0]
    (signed,) = iga.dates
    assert signed.differs and signed.text == "Aug 1985 or Nov 1985"
    assert any("Nov 1985" in v and "item 8" in v for v in signed.values)
    assert any(v.startswith("Aug 1985, concluded") for v in signed.values)
    (figure,) = iga.figures
    assert figure.value == "277" and len(figure.values) == 2  # a history, shown whole
    assert [(p.label, p.text) for p in iga.people] == [
        ("Signed for India", "A. Person (Ministry of External Affairs)")
    ]
    extension = doc.entries[1].dates[-1]
    assert extension.differs and "agreed Jun 2015 or 4 Nov 2015" in extension.text
    text = to_markdown(doc)
    assert "Sources differ:" in text and "Values:" in text
