"""Opening, checking and rebuilding the index; refreshing the searcher."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from search_support import build_fixture_catalog, ids

from ijref.catalog.store import Catalog
from ijref.domain.records import Record
from ijref.search.service import SearchIndexError, SearchService


@pytest.fixture
def build(tmp_path: Path) -> Path:
    return build_fixture_catalog(tmp_path)


def _loader(build: Path):  # type: ignore[no-untyped-def]
    def records() -> list[Record]:
        with Catalog.open(build.parent) as catalog:
            return catalog.records()

    return records


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def _damage_segment(index: Path) -> None:
    segment_files = [p for p in index.iterdir() if p.suffix not in {".toc", ".json"}]
    seg = max(segment_files, key=lambda p: p.stat().st_size)
    data = bytearray(seg.read_bytes())
    mid = len(data) // 2
    data[mid : mid + 64] = bytes(64)
    seg.write_bytes(bytes(data))


def _truncate_toc(index: Path) -> None:
    toc = next(index.glob("*.toc"))
    toc.write_bytes(toc.read_bytes()[:10])


def _delete(index: Path) -> None:
    shutil.rmtree(index)


@pytest.mark.parametrize(
    "damage", [_damage_segment, _truncate_toc, _delete], ids=["segment", "toc", "deleted"]
)
def test_damaged_index_is_rebuilt_with_a_one_line_notice(
    build: Path, tmp_path: Path, damage: object
) -> None:
    index = build / "index"
    damage(index)  # type: ignore[operator]
    before = _digest(index) if index.exists() else None
    cache = tmp_path / "cache" / "index"
    with SearchService.open(index, records_loader=_loader(build), rebuild_dir=cache) as service:
        assert "rebuilt it from the catalog (23 records)" in service.notice
        assert "\n" not in service.notice
        assert ids(service.search("JAXA"))[0] == "organization/jaxa"
        assert service.index_dir == cache
    # the shipped index is never written
    assert (_digest(index) if index.exists() else None) == before


def test_rebuilt_index_is_reused_next_time(build: Path, tmp_path: Path) -> None:
    _damage_segment(build / "index")
    cache = tmp_path / "cache"
    loads: list[int] = []

    def loader() -> list[Record]:
        loads.append(1)
        return _loader(build)()  # type: ignore[no-any-return]

    SearchService.open(build / "index", records_loader=loader, rebuild_dir=cache).close()
    with SearchService.open(build / "index", records_loader=loader, rebuild_dir=cache) as again:
        assert again.notice == ""
        assert ids(again.search("hydrate"))[0] == "agreement/dgh-jogmec-mou-2007"
    assert len(loads) == 1


def test_whole_index_opens_without_rebuilding(build: Path, tmp_path: Path) -> None:
    def loader() -> list[Record]:
        raise AssertionError("no rebuild expected")

    with SearchService.open(
        build / "index", records_loader=loader, rebuild_dir=tmp_path / "c"
    ) as service:
        assert service.notice == ""
        assert service.index_dir == build / "index"
    assert not (tmp_path / "c").exists()


def test_damage_without_a_way_to_rebuild_is_a_one_line_error(build: Path) -> None:
    _truncate_toc(build / "index")
    with pytest.raises(SearchIndexError) as err:
        SearchService.open(build / "index")
    message = str(err.value)
    assert "\n" not in message and "ijref build" in message


def test_searcher_sees_a_changed_index(build: Path, tmp_path: Path) -> None:
    from whoosh.filedb.filestore import FileStorage

    copy = tmp_path / "writable"
    shutil.copytree(build / "index", copy)
    with SearchService(copy) as service:
        assert service.search("zebrafish").total == 0
        ix = FileStorage(str(copy)).open_index()
        with ix.writer() as w:
            w.add_document(
                id="programme/zebrafish", kind="programme", title="Zebrafish models", body="x"
            )
        ix.close()
        assert ids(service.search("zebrafish")) == ["programme/zebrafish"]


def test_an_empty_catalog_searches_to_nothing(tmp_path: Path) -> None:
    from ijref.search.indexer import build_index

    build_index([], tmp_path / "empty")
    with SearchService.open(tmp_path / "empty") as service:
        for _ in range(2):
            assert service.search("JAXA", facets=True).total == 0
