"""Shared test setup: headless Qt, temp data dirs, a catalog built from fixture records."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run (CI cannot go red at random);
# a test's own @settings still set its number of examples.
settings.register_profile("ijref", derandomize=True, database=None, deadline=None)
settings.load_profile("ijref")

# Tests never touch a real display; set before any QApplication exists.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FIXTURE_RECORDS = Path(__file__).parent / "fixtures" / "records"
REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Keep every test away from the real user's data, config and cache."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("IJREF_DATA_DIR", str(home / "ijref-data"))
    yield


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build root holding a catalog and index made from `tests/fixtures/records`."""
    from ijref.app import build_catalog as build

    root = tmp_path_factory.mktemp("fixture-build")
    build(FIXTURE_RECORDS, root)
    return root
