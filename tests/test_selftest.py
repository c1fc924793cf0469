"""The self-test opens the index as the app does: a damaged one is found and named."""

from __future__ import annotations

from pathlib import Path

from search_support import build_fixture_catalog

from ijref.selftest import run_checks


def _damage(index: Path) -> None:
    biggest = max((p for p in index.iterdir() if p.suffix not in {".toc", ".json"}),
                  key=lambda p: p.stat().st_size)  # fmt: skip
    data = bytearray(biggest.read_bytes())
    data[len(data) // 2] ^= 0x01  # one flipped bit is enough
    biggest.write_bytes(bytes(data))


def test_a_whole_index_passes(tmp_path: Path) -> None:
    build = build_fixture_catalog(tmp_path)
    steps = {s.name: s for s in run_checks(build.parent, tmp_path / "data", window=False)}
    assert steps["search"].ok, steps["search"].detail
    assert steps["search"].detail == "3/3 records found by title"


def test_a_damaged_index_fails_the_search_check_in_one_line(tmp_path: Path) -> None:
    build = build_fixture_catalog(tmp_path)
    _damage(build / "index")
    steps = {s.name: s for s in run_checks(build.parent, tmp_path / "data", window=False)}
    search = steps["search"]
    assert not search.ok
    assert "is damaged" in search.detail and "rebuilt it from the catalog" in search.detail
    assert "\n" not in search.describe()
