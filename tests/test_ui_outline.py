"""The startup-light outline reader: what the tree shows before the catalog opens."""

# pytest fixtures are imported from ui_fixtures and named again as arguments.
# ruff: noqa: F811

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from ui_fixtures import build_root  # noqa: F401

from ijref.catalog.layout import CatalogMissingError
from ijref.catalog.outline import NO_SECTOR_TITLE, read_outline, year_label
from ijref.catalog.store import Catalog


def test_sectors_in_order_with_groups_and_counts(build_root: Path) -> None:
    outline = read_outline(build_root)
    titles = [s.title for s in outline.sectors]
    assert titles == ["Earth and Marine Sciences", "Space", NO_SECTOR_TITLE]
    space = outline.sectors[1]
    assert [g.label for g in space.groups] == [
        "Agreements",
        "Programmes",
        "Events",
        "Organizations",
    ]
    assert space.count("event") == 2
    events = next(g for g in space.groups if g.kind == "event").records
    assert [r.year for r in events] == ["2019", "2020"]  # oldest first
    orgs = next(g for g in space.groups if g.kind == "organization").records
    assert [r.short_name for r in orgs] == ["ISRO", "JAXA"]  # parties of space records


def test_record_in_no_sector_is_still_reachable(build_root: Path) -> None:
    outline = read_outline(build_root)
    loose = outline.sectors[-1]
    ids = [r.id for g in loose.groups for r in g.records]
    assert ids == ["event/hope-meeting-11"]


def test_manifest_facts(build_root: Path) -> None:
    outline = read_outline(build_root)
    assert len(outline.data_version) == 12
    assert outline.as_of == "2020-12"
    assert outline.record("agreement/isro-jaxa-mou-2016") is not None
    with Catalog.open(build_root) as catalog:
        assert outline.titles() == catalog.titles()
    assert "India-Japan Cooperation in the field of Science & Technology" in {
        s.title for s in outline.sources
    }


def test_missing_build_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(CatalogMissingError, match="ijref build"):
        read_outline(tmp_path)


def test_year_label() -> None:
    assert year_label("196X") == "1960s"
    assert year_label("2019-03-04/2019-03-08") == "2019"
    assert year_label("") == ""


def test_reading_the_outline_imports_nothing_heavy(build_root: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from ijref.catalog.outline import read_outline;"
        f"read_outline(Path({str(build_root)!r}));"
        "print(sorted(m for m in ('sqlalchemy', 'whoosh', 'edtf', 'PySide6') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
