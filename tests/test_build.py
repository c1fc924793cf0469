"""`ijref build`: validation messages, determinism, whole swap, read-only catalog."""

from __future__ import annotations

import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from ijref.app import build_catalog as build
from ijref.catalog.builder import BuildError
from ijref.catalog.builder import build as catalog_build
from ijref.catalog.layout import CatalogMissingError, current_build
from ijref.catalog.recordfile import load_records
from ijref.catalog.store import Catalog

FIXTURE_RECORDS = Path(__file__).parent / "fixtures" / "records"

CITE = 'citations = [{ source = "source/dst-brief-2020-12", section = "S", paragraph = 2 }]'
ORG = f"""
[[organization]]
id = "organization/dst"
title = "Department of Science and Technology"
short_name = "DST"
summary = "Indian department."
country = "IN"
{CITE}
"""


def records_dir(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "records"
    folder.mkdir()
    shutil.copy(FIXTURE_RECORDS / "sources.toml", folder / "sources.toml")
    (folder / "orgs.toml").write_text(ORG, encoding="utf-8")
    (folder / "bad.toml").write_text(body, encoding="utf-8")
    return folder


def problems_of(tmp_path: Path, body: str) -> list[str]:
    return [str(p) for p in load_records(records_dir(tmp_path, body)).problems]


def event(extra: str, *, cite: bool = True, rid: str = "event/e1") -> str:
    return f'[[event]]\nid = "{rid}"\ntitle = "E"\nsummary = "s"\n{extra}\n' + (
        CITE if cite else ""
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (event('colour = "red"'), "bad.toml: event/e1: colour: unknown field"),
        (
            '[[event]]\nid = "event/e1"\nsummary = "s"\n' + CITE,
            "bad.toml: event/e1: title: missing field",
        ),
        (
            event('dates = [{ role = "held", date = "8 December 2006" }]'),
            "bad.toml: event/e1: dates[0].date: '8 December 2006' is not an EDTF date",
        ),
        (
            event('dates = [{ role = "held", date = "2020-21" }]'),
            "bad.toml: event/e1: dates[0].date: '2020-21' reads as an EDTF season; "
            "write a range such as 2020-04/2021-03",
        ),
        (
            event('parties = [{ org = "organization/nope" }]'),
            "bad.toml: event/e1: parties[0].org: no record organization/nope",
        ),
        (
            event('sectors = ["organization/dst"]'),
            "bad.toml: event/e1: sectors[0]: organization/dst is not a sector",
        ),
        (
            event('related = [{ type = "under", id = "agreement/gone" }]'),
            "bad.toml: event/e1: related[0].id: no record agreement/gone",
        ),
        (
            event('related = [{ type = "owns", id = "organization/dst" }]'),
            "bad.toml: event/e1: related[0].type: Input should be 'under', 'renews', 'extends', "
            "'supersedes', 'part-of' or 'related'",
        ),
        (event("", cite=False), "bad.toml: event/e1: citations: missing field"),
        (
            event("citations = []", cite=False),
            "bad.toml: event/e1: citations: a record needs at least one citation",
        ),
        (
            event(
                'citations = [{ source = "source/other", section = "S", paragraph = 1 }]',
                cite=False,
            ),
            "bad.toml: event/e1: citations[0].source: no source source/other",
        ),
        (
            event("", rid="organization/dst"),
            "bad.toml: organization/dst: id: a [[event]] id starts with event/",
        ),
        (
            event("", rid="event/Bad Id"),
            "bad.toml: event/Bad Id: id: 'event/Bad Id' is not an id of the form kind/slug",
        ),
        (
            ORG.replace("[[organization]]", "[[organization]]", 1),
            "orgs.toml: organization/dst: id: duplicate id (also in bad.toml)",
        ),
        (
            ORG.replace('"IN"', '"India"').replace("organization/dst", "organization/d2"),
            "bad.toml: organization/d2: country: 'India' is not an ISO 3166 alpha-2 code "
            "such as IN or JP",
        ),
        (
            f'[[agreement]]\nid = "agreement/a"\ntitle = "A"\nsummary = "s"\ntype = "MoU"\n{CITE}',
            "bad.toml: agreement/a: dates: an agreement needs a 'signed' date",
        ),
        (
            f'[[agreement]]\nid = "agreement/a"\ntitle = "A"\nsummary = "s"\ntype = "MoU"\n'
            f'term = "five years"\ndates = [{{ role = "signed", date = "2007" }}]\n{CITE}',
            "bad.toml: agreement/a: term: 'five years' is not a term such as P5Y or P6M",
        ),
        ("[[treaty]]\n", "bad.toml: -: treaty: unknown table [[treaty]]"),
        ("[[event]\nid=", "bad.toml: -: -: not valid TOML: "),
    ],
)
def test_each_rule_reports_file_id_field_message(tmp_path: Path, body: str, expected: str) -> None:
    found = problems_of(tmp_path, body)
    assert any(p.startswith(expected) for p in found), found


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    body = (
        event('colour = "red"')
        + "\n"
        + event('parties = [{ org = "organization/nope" }]', rid="event/e2")
    )
    found = problems_of(tmp_path, body)
    assert len(found) == 2


def test_fixture_records_are_valid() -> None:
    assert load_records(FIXTURE_RECORDS).problems == ()


def _dump(build_root: Path) -> list[str]:
    db = current_build(build_root) / "catalog.sqlite"
    with sqlite3.connect(db) as con:
        return list(con.iterdump())


def test_same_records_same_catalog(tmp_path: Path) -> None:
    a = build(FIXTURE_RECORDS, tmp_path / "a")
    b = build(FIXTURE_RECORDS, tmp_path / "b")
    assert a.content_hash == b.content_hash
    assert _dump(tmp_path / "a") == _dump(tmp_path / "b")
    assert (current_build(tmp_path / "a") / "catalog.sqlite").read_bytes() == (
        current_build(tmp_path / "b") / "catalog.sqlite"
    ).read_bytes()


def test_failed_validation_writes_nothing_and_keeps_last_good(tmp_path: Path) -> None:
    root = tmp_path / "build"
    build(FIXTURE_RECORDS, root)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    bad = records_dir(tmp_path, event('colour = "red"'))
    with pytest.raises(BuildError) as info:
        build(bad, root)
    assert "colour: unknown field" in str(info.value.problems[0])
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before
    with Catalog.open(root) as cat:
        assert cat.get("agreement/isro-jaxa-mou-2016") is not None


def test_interrupted_build_leaves_last_good_in_place(tmp_path: Path) -> None:
    root = tmp_path / "build"
    build(FIXTURE_RECORDS, root)
    good = current_build(root)

    def crash(records: object, index_dir: Path) -> None:
        index_dir.mkdir()
        raise KeyboardInterrupt

    changed = records_dir(tmp_path, event(""))
    with pytest.raises(KeyboardInterrupt):
        catalog_build(changed, root, index_writer=crash)
    assert current_build(root) == good
    assert [p.name for p in root.iterdir() if p.name.startswith(".tmp")] == []


def test_new_build_swaps_in_whole(tmp_path: Path) -> None:
    root = tmp_path / "build"
    build(FIXTURE_RECORDS, root)
    first = current_build(root)
    build(records_dir(tmp_path, event("")), root)
    second = current_build(root)
    assert second != first and not first.exists()
    with Catalog.open(root) as cat:
        assert cat.get("event/e1") is not None


def test_missing_build_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(CatalogMissingError, match="run `ijref build`"):
        Catalog.open(tmp_path / "nothing")


def test_damaged_catalog_is_a_clear_error(tmp_path: Path) -> None:
    root = tmp_path / "build"
    build(FIXTURE_RECORDS, root)
    (current_build(root) / "catalog.sqlite").write_bytes(b"not a database" * 100)
    with pytest.raises(CatalogMissingError, match="cannot be read"):
        Catalog.open(root)


def test_read_only_folder_with_space_and_hash(tmp_path: Path) -> None:
    install = tmp_path / "Program Files #1" / "ijref data"
    build(FIXTURE_RECORDS, install)
    modes = {}
    for p in [install, *install.rglob("*")]:
        modes[p] = p.stat().st_mode
        p.chmod(p.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        before = {p: p.stat().st_mtime_ns for p in install.rglob("*")}
        with Catalog.open(install) as cat:
            record = cat.get("agreement/dgh-jogmec-mou-2007")
            assert record is not None and record.parties[1].short_name == "JOGMEC"
            assert len(cat.summaries()) == 11
        assert {p: p.stat().st_mtime_ns for p in install.rglob("*")} == before
        assert not any(p.name.endswith(("-journal", "-wal", "-shm")) for p in install.rglob("*"))
    finally:
        for p, mode in modes.items():
            p.chmod(mode)


def test_store_reads_back_every_field(fixture_build: Path) -> None:
    with Catalog.open(fixture_build) as cat:
        dgh = cat.get("agreement/dgh-jogmec-mou-2007")
        mou = cat.get("agreement/isro-jaxa-mou-2016")
        study = cat.get("programme/lupex-feasibility")
    assert dgh is not None and mou is not None and study is not None
    assert dgh.term == "P5Y" and len(dgh.extensions) == 6 and dgh.extensions[-1].conditional
    assert [p.side for p in dgh.parties] == ["India", "Japan"]
    assert study.figures[0].value == 3 and study.related[0].target == mou.id
    # inverse relations: what sits under the MoU
    under = {r.target for r in mou.related if r.inverse}
    assert under == {"event/space-dialogue-1", "programme/lupex-feasibility"}
    assert mou.links[0].url.startswith("https://")
    assert mou.citations[0].paragraph == 59


def test_organizations_sit_in_the_sectors_they_take_part_in(fixture_build: Path) -> None:
    from ijref.domain.records import Kind

    with Catalog.open(fixture_build) as cat:
        in_space = {r.id for r in cat.summaries(Kind.ORGANIZATION, "sector/space")}
        isro = cat.get("organization/isro")
        counts = cat.counts()
    assert in_space == {"organization/isro", "organization/jaxa"}
    assert isro is not None and isro.sectors == ()  # derived, not curated
    assert counts["sector/earth"]["organization"] == 2


def test_catalog_of_another_schema_is_refused_with_the_fix(tmp_path: Path) -> None:
    import json

    from ijref.catalog.outline import read_outline

    root = tmp_path / "build"
    build(FIXTURE_RECORDS, root)
    manifest = current_build(root) / "manifest.json"
    data = json.loads(manifest.read_text())
    data["schema"] = 1
    manifest.write_text(json.dumps(data))
    with pytest.raises(CatalogMissingError, match=r"has schema 1, .* run `ijref build` again"):
        Catalog.open(root)
    with pytest.raises(CatalogMissingError, match="has schema 1"):
        read_outline(root)
