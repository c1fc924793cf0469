"""The record format's sourced values: written in TOML, validated, built, read back, shown."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ijref.app import build_catalog as build
from ijref.catalog.recordfile import load_records
from ijref.catalog.store import Catalog
from ijref.cli.main import main

SOURCED = Path(__file__).parent / "fixtures" / "sourced_records"


@pytest.fixture(scope="module")
def sourced_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sourced-build")
    build(SOURCED, root)
    return root


def test_every_value_and_its_citation_survives_the_catalog(sourced_build: Path) -> None:
    loaded = {r.id: r for r in load_records(SOURCED).records}
    with Catalog.open(sourced_build) as catalog:
        for rid in ("agreement/iga-1985", "agreement/kek-dst-mou"):
            assert catalog.get(rid) == loaded[rid]
        iga = catalog.get("agreement/iga-1985")
        sources = {s.id: s for s in catalog.sources()}
    assert iga is not None
    signed = iga.dated("signed")
    assert signed is not None and signed.differs and signed.date.text == "1985-08"
    first = signed.claims[0]
    assert first.note == "concluded"
    assert first.citations[0].section == "Cooperation in Nuclear Science and Technology"
    assert (
        iga.people[0].name == "A. Person"
        and iga.people[0].org_name == "Ministry of External Affairs"
    )
    sheet = sources["source/embassy-tokyo-st-page"]
    assert (sheet.numbering, sheet.covers, sheet.date, sheet.label) == (
        "item",
        "2017-01-30",
        "",
        "Embassy of India, Tokyo",
    )


def test_show_json_lists_every_value_with_its_citation(
    sourced_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--build-dir", str(sourced_build), "show", "agreement/iga-1985", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    signed = record["dates"][0]
    assert signed["date"] == "1985-08" and signed["differs"] is True
    assert signed["span"] == "1985-08/1985-11"
    assert [(v["date"], v["citations"]) for v in signed["values"]] == [
        (
            "1985-08",
            [
                {
                    "source": "source/dst-brief-2020-12",
                    "section": "Cooperation in Nuclear Science and Technology",
                    "paragraph": 46,
                }
            ],
        ),
        ("1985-11", [{"source": "source/embassy-tokyo-st-page", "item": 8}]),
        (
            "1985",
            [
                {
                    "source": "source/dst-brief-2020-12",
                    "section": "India-Japan Cooperation in the field of Science & Technology",
                    "paragraph": 2,
                },
                {"source": "source/embassy-tokyo-st-page", "item": 1},
            ],
        ),
    ]
    projects = record["figures"][0]
    assert (projects["value"], projects["as_of"], projects["differs"]) == (277, "2020-12", False)
    assert [(v["value"], v["qualifier"], v["as_of"]) for v in projects["values"]] == [
        (277, None, "2020-12"),
        (250, "more than", "2017-01"),
    ]
    assert "sources differ on the signing date" in record["status"]["rule"]
    assert record["people"] == [
        {"name": "A. Person", "role": "signed for India", "org": "organization/mea"}
    ]


def test_show_text_says_sources_differ(
    sourced_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--build-dir", str(sourced_build), "show", "agreement/kek-dst-mou"]) == 0
    out = capsys.readouterr().out
    assert "extension: Extension to c. 2020, agreed Jun 2015 or 4 Nov 2015" in out
    assert "sources differ" in out
    assert "    4 Nov 2015: Embassy of India, Tokyo, item 2" in out


def _problems(tmp_path: Path, edit: tuple[str, str]) -> list[str]:
    folder = tmp_path / "records"
    shutil.copytree(SOURCED, folder)
    path = folder / "framework.toml"
    text = path.read_text(encoding="utf-8")
    assert edit[0] in text
    path.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    return [str(p) for p in load_records(folder).problems]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            (
                '{ source = "source/embassy-tokyo-st-page", item = 8 }] },',
                '{ source = "source/embassy-tokyo-st-page", item = 9 }] },',
            ),
            "framework.toml: agreement/iga-1985: dates[0].date[1].cite[0]: "
            "source/embassy-tokyo-st-page item 9 is not among the record's citations; add it there",
        ),
        (
            (
                '  { source = "source/embassy-tokyo-st-page", item = 1 },\n',
                '  { source = "source/embassy-tokyo-st-page", section = "A", paragraph = 1 },\n',
            ),
            "framework.toml: agreement/iga-1985: citations[3]: "
            "source/embassy-tokyo-st-page is a fact sheet: cite it by item",
        ),
        (
            (
                'section = "Cooperation in Nuclear Science and Technology", paragraph = 46 }',
                "item = 46 }",
            ),
            "framework.toml: agreement/iga-1985: citations[1]: "
            "source/dst-brief-2020-12 is cited by section and paragraph",
        ),
        (
            (
                'section = "DST-Japan Society for the Promotion of Science (JSPS)", '
                "paragraph = 8 }",
                "paragraph = 8 }",
            ),
            "framework.toml: agreement/iga-1985: citations[2]: "
            "a paragraph citation needs the section it sits under",
        ),
        (
            (
                'cite = [{ source = "source/dst-brief-2020-12", paragraph = 46 }]',
                'cite = [{ source = "source/dst-brief-2020-12", paragraph = 46, item = 2 }]',
            ),
            "framework.toml: agreement/iga-1985: dates[0].date[0].cite[0]: "
            "give a paragraph (of a document) or an item (of a fact sheet)",
        ),
        (
            ('{ value = "1985-11", cite', '{ value = "November 1985", cite'),
            "framework.toml: agreement/iga-1985: dates[0].date[1].value: "
            "'November 1985' is not an EDTF date",
        ),
        (
            (
                'label = "joint projects supported", unit = "projects",',
                'label = "joint projects supported", unit = "projects", as_of = "2020",',
            ),
            "framework.toml: agreement/iga-1985: figures[0]: "
            "with a list of values, give as_of and qualifier with each value",
        ),
        (
            ('{ value = 250, qualifier = "more than"', '{ value = 250, qualifier = "lots"'),
            "framework.toml: agreement/iga-1985: figures[0].value[1].qualifier: Input should be",
        ),
        (
            (
                'people = [{ name = "A. Person", role = "signed for India", '
                'org = "organization/mea" }]',
                'people = [{ name = "A. Person", org = "organization/nobody" }]',
            ),
            "framework.toml: agreement/iga-1985: people[0].org: no record organization/nobody",
        ),
        (
            (
                'dates = [{ role = "signed", date = "2008-10-22" }]',
                'dates = [{ role = "signed", date = [] }]',
            ),
            "framework.toml: agreement/kek-dst-mou: dates[0].date: "
            "List should have at least 1 item",
        ),
    ],
)
def test_each_mistake_in_sourced_values_is_one_clear_problem(
    tmp_path: Path, edit: tuple[str, str], expected: str
) -> None:
    found = _problems(tmp_path, edit)
    assert any(p.startswith(expected) for p in found), found


def test_stats_lists_the_sources_with_their_dates(
    sourced_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--build-dir", str(sourced_build), "stats"]) == 0
    out = capsys.readouterr().out
    assert "sources (2):" in out
    assert "Dec 2020" in out and "undated; covers up to 30 Jan 2017" in out
    assert main(["--build-dir", str(sourced_build), "stats", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["sources"]
    assert [(s["id"], s["date"], s["covers"]) for s in listed] == [
        ("source/dst-brief-2020-12", "2020-12", None),
        ("source/embassy-tokyo-st-page", None, "2017-01-30"),
    ]
