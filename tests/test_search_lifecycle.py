"""Opening, checking and rebuilding the index — and the index as a way in.

Whoosh unpickles the table of contents (and the posting blocks) it reads, so a
file swapped into a cached index could run code as the user. These tests play
the attacker: another local user who could write a cache made under umask 000.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path

import pytest
from search_support import build_fixture_catalog, ids
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from ijref.catalog.store import Catalog
from ijref.domain.records import Record
from ijref.search import integrity
from ijref.search.opening import TRUST_FILE, open_search
from ijref.search.service import SearchIndexError

POSIX = hasattr(os, "getuid")
# Whoosh leaves the planted table of contents open when the probe fails on it.
LEAKS_A_FILE = pytest.mark.filterwarnings(
    "ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning"
)


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


def _rebuilt_cache(build: Path, cache: Path) -> Path:
    """A cache holding a rebuilt index (the build's own index damaged first)."""
    _damage_segment(build / "index")
    with open_search(build / "index", records=_loader(build), cache_dir=cache) as service:
        assert service.index_dir == cache.resolve() / "index"
    return cache / "index"


class _Payload(Schema):  # type: ignore[misc]
    """Unpickling it leaves a file behind: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        super().__init__()
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (Path.touch, (self.marker,))


def _plant_toc(index: Path, marker: Path, generation: int) -> None:
    """Write a table of contents whose schema, unpickled, runs `Path.touch(marker)`."""
    TOC(_Payload(marker), [], generation).write(FileStorage(str(index)), "MAIN")
    # the payload is live: Whoosh opening a copy of the folder runs it
    probe = index.parent / "probe"
    shutil.copytree(index, probe)
    with pytest.raises(Exception):  # noqa: B017 - the schema it unpickled is None
        FileStorage(str(probe)).open_index()
    shutil.rmtree(probe)
    assert marker.exists()
    marker.unlink()


@pytest.mark.parametrize(
    "damage", [_damage_segment, _truncate_toc, _delete], ids=["segment", "toc", "deleted"]
)
def test_damaged_index_is_rebuilt_with_a_one_line_notice(
    build: Path, tmp_path: Path, damage: object
) -> None:
    index = build / "index"
    damage(index)  # type: ignore[operator]
    before = _digest(index) if index.exists() else None
    cache = tmp_path / "cache"
    with open_search(index, records=_loader(build), cache_dir=cache) as service:
        assert "rebuilt it from the catalog (23 records)" in service.notice
        assert "\n" not in service.notice
        assert ids(service.search("JAXA"))[0] == "organization/jaxa"
        assert service.index_dir == cache.resolve() / "index"
    # the shipped index is never written
    assert (_digest(index) if index.exists() else None) == before


def test_rebuilt_index_is_reused_next_time(build: Path, tmp_path: Path) -> None:
    _damage_segment(build / "index")
    cache = tmp_path / "cache"
    loads: list[int] = []

    def loader() -> list[Record]:
        loads.append(1)
        return _loader(build)()  # type: ignore[no-any-return]

    open_search(build / "index", records=loader, cache_dir=cache).close()
    with open_search(build / "index", records=loader, cache_dir=cache) as again:
        assert again.notice == ""
        assert ids(again.search("hydrate"))[0] == "agreement/dgh-jogmec-mou-2007"
    assert len(loads) == 1


def test_whole_index_opens_without_rebuilding(build: Path, tmp_path: Path) -> None:
    def loader() -> list[Record]:
        raise AssertionError("no rebuild expected")

    with open_search(build / "index", records=loader, cache_dir=tmp_path / "c") as service:
        assert service.notice == ""
        assert service.index_dir == build / "index"
    assert not (tmp_path / "c").exists()


def test_damage_without_a_way_to_rebuild_is_a_one_line_error(build: Path) -> None:
    _truncate_toc(build / "index")
    with pytest.raises(SearchIndexError) as err:
        open_search(build / "index")
    message = str(err.value)
    assert "\n" not in message and "ijref build" in message


def test_an_empty_catalog_searches_to_nothing(tmp_path: Path) -> None:
    from ijref.search.indexer import build_index

    build_index([], tmp_path / "empty")
    with open_search(tmp_path / "empty") as service:
        for _ in range(2):
            assert service.search("JAXA", facets=True).total == 0


# ----------------------------------------------------------------- ways in
@pytest.mark.skipif(not POSIX, reason="POSIX modes")
def test_a_rebuild_under_umask_000_is_private(build: Path, tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        index = _rebuilt_cache(build, tmp_path / "cache")
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in index.iterdir()}
    assert stat.S_IMODE(index.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "cache").stat().st_mode) == 0o700
    assert set(modes.values()) == {0o600}, modes
    assert stat.S_IMODE((tmp_path / "cache" / TRUST_FILE).stat().st_mode) == 0o600


@LEAKS_A_FILE
def test_a_swapped_table_of_contents_is_never_unpickled(build: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    index = _rebuilt_cache(build, cache)
    marker = tmp_path / "code-ran"
    toc = next(index.glob("_MAIN_*.toc"))
    generation = int(toc.stem.rsplit("_", 1)[1])
    toc.unlink()
    _plant_toc(index, marker, generation)
    integrity.write_manifest(index, 23)  # the attacker rewrites the manifest beside it too
    with open_search(build / "index", records=_loader(build), cache_dir=cache) as service:
        assert "rebuilt it" in service.notice
        assert ids(service.search("JAXA"))[0] == "organization/jaxa"
    assert not marker.exists()


@LEAKS_A_FILE
def test_a_newer_table_of_contents_added_is_never_unpickled(build: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    index = _rebuilt_cache(build, cache)
    marker = tmp_path / "code-ran"
    _plant_toc(index, marker, 99)  # Whoosh opens the newest generation it finds
    with open_search(build / "index", records=_loader(build), cache_dir=cache) as service:
        assert "rebuilt it" in service.notice
    assert not marker.exists()


@pytest.mark.skipif(not POSIX, reason="POSIX modes")
def test_a_cached_index_others_could_write_is_rebuilt(build: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    index = _rebuilt_cache(build, cache)
    index.chmod(0o777)
    with open_search(build / "index", records=_loader(build), cache_dir=cache) as service:
        assert "rebuilt it" in service.notice
    assert stat.S_IMODE(index.stat().st_mode) == 0o700


def test_a_file_linked_into_the_cached_index_is_not_trusted(build: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    index = _rebuilt_cache(build, cache)
    aliases = index / "aliases.json"
    elsewhere = tmp_path / "aliases.json"
    shutil.copy(aliases, elsewhere)
    aliases.unlink()
    aliases.symlink_to(elsewhere)
    with open_search(build / "index", records=_loader(build), cache_dir=cache) as service:
        assert "rebuilt it" in service.notice
    assert not aliases.is_symlink()


def test_a_linked_cache_folder_is_not_written(build: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    link = tmp_path / "cache"
    link.symlink_to(shared)
    _damage_segment(build / "index")
    with open_search(build / "index", records=_loader(build), cache_dir=link) as service:
        assert "for this session only" in service.notice and "symbolic link" in service.notice
        assert ids(service.search("JAXA"))[0] == "organization/jaxa"
        session = service.index_dir
    assert list(shared.iterdir()) == []
    assert stat.S_IMODE(shared.stat().st_mode) == 0o777  # not ours to change
    shutil.rmtree(session.parent)
