"""Two writers at once (two windows, a window and a script): both succeed, nothing is lost.

Each writer opens the store, adds a note and closes it again, as `ijref notes
add` does: start-up checks, backups, rotation and the notes index all race.
"""

from __future__ import annotations

import os
import traceback
from pathlib import Path

import pytest

from ijref.userdata.store import UserStore

WRITERS = 4
ADDS = 20


def _writer(folder: Path, number: int, report: int) -> None:
    for i in range(ADDS):
        try:
            with UserStore.open(folder) as store:
                store.add_note("agreement/isro-jaxa-mou-2016", f"writer {number} note {i}")
                store.search_notes("writer")
        except Exception:
            os.write(report, traceback.format_exc().encode()[-2000:] + b"\0")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.filterwarnings("ignore:.*multi-threaded.*fork:DeprecationWarning")
def test_writers_at_once_all_succeed_and_every_note_is_kept(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    UserStore.open(folder).close()
    read_end, write_end = os.pipe()
    pids = []
    for number in range(WRITERS):
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            try:
                os.close(read_end)
                _writer(folder, number, write_end)
            finally:
                os._exit(0)
        pids.append(pid)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as stream:
        failures = [f.decode(errors="replace") for f in stream.read().split(b"\0") if f]
    for pid in pids:
        os.waitpid(pid, 0)
    assert failures == []
    with UserStore.open(folder) as store:
        texts = {n.text for n in store.notes()}
        found = {h.note_id for h in store.search_notes("writer")}
    assert texts == {f"writer {w} note {i}" for w in range(WRITERS) for i in range(ADDS)}
    assert len(found) == min(WRITERS * ADDS, 20)  # the index is whole too (20 hits a page)
