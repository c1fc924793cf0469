"""Shared helpers for the search tests: a small catalog built from fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

from ijref.app import build_catalog as build
from ijref.catalog.layout import current_build

FIXTURES = Path(__file__).parent / "fixtures"


def build_fixture_catalog(tmp: Path) -> Path:
    """Build tests/fixtures/records plus tests/fixtures/search_extra; returns the build folder."""
    src = tmp / "records"
    src.mkdir(parents=True)
    for folder in ("records", "search_extra"):
        for f in (FIXTURES / folder).glob("*.toml"):
            shutil.copy(f, src / f.name)
    build(src, tmp / "build")
    return current_build(tmp / "build")


def ids(results: object) -> list[str]:
    return [h.id for h in results.hits]  # type: ignore[attr-defined]
