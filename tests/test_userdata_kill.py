"""Kill test: SIGKILL a process that is saving notes, at random moments; no saved word is lost.

The child is forked from the test process, which has already imported the
store, so each of the 50 rounds spends its time writing rather than starting
Python.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import threading
from pathlib import Path

import pytest

from ijref.userdata.store import UserStore

ROUNDS = 50


def _child(folder: Path, out: int) -> None:
    """Write notes, edits and bookmarks forever; report each save after it returns."""
    store = UserStore.open(folder)
    os.write(out, b"ready\n")
    i = 0
    while True:
        note = store.add_note("agreement/isro-jaxa-mou-2016", f"v0 {i} " + "words " * 40)
        os.write(out, f"add {note.uuid}\n".encode())
        for version in (1, 2):
            store.update_note(note.id, f"v{version} {i} " + "more words " * 40)
            os.write(out, f"upd {note.uuid} {version}\n".encode())
        store.toggle_bookmark(f"event/meeting-{i % 7}")
        i += 1


def _run_and_kill(folder: Path, delay: float, after: int) -> list[list[str]]:
    """Fork a writer and SIGKILL it `delay` s after it has reported `after` saves.

    With `after` 0 the clock starts at the fork, so the kill may land anywhere in
    start-up. Otherwise it is counted in saves, not seconds, so however loaded the
    machine, each such round kills a writer that has saved at least `after` times.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read_end)
            _child(folder, write_end)
        finally:
            os._exit(1)
    os.close(write_end)
    killer = threading.Timer(delay, os.kill, (pid, signal.SIGKILL))
    if not after:
        killer.start()
    lines = []
    saves = 0
    with os.fdopen(read_end, encoding="ascii") as stream:
        for line in stream:  # ends when the killed child's end of the pipe closes
            parts = line.split()
            if parts[0] in ("add", "upd"):
                saves += 1
                if saves == after:
                    killer.start()
            lines.append(parts)
    killer.cancel()
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    return lines


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")
@pytest.mark.slow
# The forked child never touches the threads it does not inherit (Qt's pool, timers).
@pytest.mark.filterwarnings("ignore:.*multi-threaded.*fork:DeprecationWarning")
def test_every_returned_save_survives_sigkill(tmp_path: Path) -> None:
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    folder = tmp_path / "data"
    saved: dict[str, int] = {}  # uuid → newest version whose save returned
    for round_no in range(ROUNDS):
        # Most kills land while notes are being written; one in five during start-up
        # (integrity check, migration, backup, index check or rebuild).
        # The others are killed at a random moment after 4 to 12 saves (2 to 4 notes).
        after = 0 if round_no % 5 == 0 else rng.randint(4, 12)
        for parts in _run_and_kill(folder, rng.uniform(0.0, 0.05), after):
            if parts[0] == "add":
                saved[parts[1]] = 0
            elif parts[0] == "upd":
                saved[parts[1]] = int(parts[2])
        if not (folder / "user.sqlite").exists():  # killed before it was created
            assert not saved
            continue
        conn = sqlite3.connect(folder / "user.sqlite")
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            tables = {t for (t,) in conn.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" not in tables:  # killed while creating: all or nothing
                assert not saved and "notes" not in tables
                continue
            texts = dict(conn.execute("SELECT uuid, text FROM notes").fetchall())
        finally:
            conn.close()
        missing = set(saved) - set(texts)
        assert not missing, f"round {round_no}: {len(missing)} saved notes lost (seed {seed})"
        for uuid, version in saved.items():
            assert int(texts[uuid].split()[0][1:]) >= version, f"lost an edit (seed {seed})"
    assert len(saved) >= 2 * (ROUNDS - ROUNDS // 5)  # counted saves: true under any load
    # The next start recovers everything, including the notes index.
    with UserStore.open(folder) as store:
        assert {n.uuid for n in store.notes()} >= set(saved)
        assert len(store.search_notes("words", limit=10_000)) == store.note_count()
