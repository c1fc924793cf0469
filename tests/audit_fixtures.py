"""Fixtures shared by the tests of the records against their sources.

Test modules import the fixtures they use (`from audit_fixtures import ...`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from audit_helpers import Exceptions, SourceText, load_exceptions, load_source_texts

from ijref.catalog.recordfile import LoadResult, load_records
from ijref.domain.records import Record

ROOT = Path(__file__).resolve().parents[1]
# ../shared/sources next to the repository; IJREF_SOURCES overrides it (e.g. in a worktree).
SOURCES = Path(os.environ.get("IJREF_SOURCES", ROOT.parent / "shared" / "sources"))
BRIEF = SOURCES / "india-japan-st-cooperation-2020-12.txt"
RECORDS = ROOT / "db" / "records"
EXCEPTIONS = ROOT / "db" / "audit-exceptions.toml"


@pytest.fixture(scope="session")
def loaded() -> LoadResult:
    result = load_records(RECORDS)
    assert not result.problems, "\n".join(map(str, result.problems))
    return result


@pytest.fixture(scope="session")
def records(loaded: LoadResult) -> tuple[Record, ...]:
    return loaded.records


@pytest.fixture(scope="session")
def exceptions() -> Exceptions:
    return load_exceptions(EXCEPTIONS)


@pytest.fixture(scope="session")
def texts(loaded: LoadResult, exceptions: Exceptions) -> list[SourceText]:
    if not BRIEF.is_file():
        pytest.skip(f"the brief is not at {BRIEF} (the shared sources are not checked out)")
    return load_source_texts(SOURCES, loaded.sources, exceptions)


@pytest.fixture(scope="session")
def brief(texts: list[SourceText]) -> str:
    return BRIEF.read_text(encoding="utf-8")
