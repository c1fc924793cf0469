"""The notes index is opened only from a folder no one else can write.

Whoosh unpickles an index's table of contents as it opens it. In a data folder
that others can reach (a shared or symlinked one; ijref warns but leaves its
mode alone), a notes-index folder that others could write, or that someone else
put there, may hold a planted table of contents: it is never opened. The notes
are indexed afresh instead (the database is the truth), in a folder of ijref's
own, or in memory for the session when that folder cannot be replaced.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from ijref.userdata.noteindex import INDEX_NAME
from ijref.userdata.store import UserStore

JAXA_MOU = "agreement/isro-jaxa-mou-2016"


class _Payload(Schema):  # type: ignore[misc]
    """Unpickling it leaves a file behind: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        super().__init__()
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (Path.touch, (self.marker,))


def _plant(index: Path, marker: Path) -> None:
    """A table of contents, newer than any ijref wrote, that runs `Path.touch(marker)`."""
    TOC(_Payload(marker), [], 99).write(FileStorage(str(index)), INDEX_NAME)


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_notes_index_others_could_write_is_never_opened(tmp_path: Path) -> None:
    data = tmp_path / "shared-data"
    with UserStore.open(data) as store:
        store.add_note(JAXA_MOU, "Ask JAXA about the rover")
    index = data / "notes-index"
    index.chmod(0o777)  # made under umask 000 by an older ijref, or by someone else
    marker = tmp_path / "code-ran"
    _plant(index, marker)
    with UserStore.open(data) as store:
        assert not marker.exists()
        assert [h.title for h in store.search_notes("rover")] == ["Ask JAXA about the rover"]
    assert not marker.exists()
    assert (data / "notes-index").stat().st_mode & 0o077 == 0  # a private one replaced it


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_notes_index_that_is_a_link_is_never_opened(tmp_path: Path) -> None:
    data = tmp_path / "data"
    UserStore.open(data).close()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    marker = tmp_path / "code-ran"
    _plant(elsewhere, marker)
    index = data / "notes-index"
    for path in index.iterdir():
        path.unlink()
    index.rmdir()
    index.symlink_to(elsewhere)
    with UserStore.open(data) as store:
        store.add_note(JAXA_MOU, "Ask JAXA about the rover")
        assert [h.title for h in store.search_notes("rover")] == ["Ask JAXA about the rover"]
    assert not marker.exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_file_others_could_write_in_a_folder_they_can_enter_is_never_opened(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    with UserStore.open(data) as store:
        store.add_note(JAXA_MOU, "Ask JAXA about the rover")
    index = data / "notes-index"
    marker = tmp_path / "code-ran"
    _plant(index, marker)
    index.chmod(0o755)  # others may look in; a planted file they may write
    next(index.glob("*_99.toc")).chmod(0o666)
    with UserStore.open(data) as store:
        assert [h.title for h in store.search_notes("rover")] == ["Ask JAXA about the rover"]
    assert not marker.exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_an_index_only_its_owner_can_change_is_reused(tmp_path: Path) -> None:
    """A folder others may read but not write (a disk mounted 0755) keeps its index."""
    data = tmp_path / "data"
    with UserStore.open(data) as store:
        store.add_note(JAXA_MOU, "Ask JAXA about the rover")
    index = data / "notes-index"
    index.chmod(0o755)
    for path in index.iterdir():
        path.chmod(0o644)
    before = sorted(p.name for p in index.iterdir())
    with UserStore.open(data) as store:
        assert [h.title for h in store.search_notes("rover")] == ["Ask JAXA about the rover"]
    assert sorted(p.name for p in index.iterdir()) == before  # opened, not rebuilt
