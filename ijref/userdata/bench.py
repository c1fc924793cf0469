"""Measuring the user store: how long a durable save, a notes search and opening take.

Each figure is a median, printed beside a baseline measured in the same run:
one bare `sqlite3` INSERT + COMMIT with the same journal settings, the floor of
any save that survives a power cut.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ijref.userdata.store import UserStore

__all__ = ["Figure", "run"]

WORDS = (
    *("lunar", "polar", "exploration", "rover", "lander", "JAXA", "ISRO", "gas"),
    *("hydrates", "JOGMEC", "fellowship", "robotics", "semiconductors", "vaccine"),
    *("monsoon", "tsunami", "ocean", "biology", "quantum"),
)


@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    median_ms: float
    runs: int


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 3)


def _timed(action: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        out.append(time.perf_counter() - start)
    return out


def _text(i: int) -> str:
    words = [WORDS[(i * 7 + k) % len(WORDS)] for k in range(60)]
    return f"# Note {i}\n\n" + " ".join(words)


def _baseline(folder: Path, n: int) -> list[float]:
    conn = sqlite3.connect(folder / "baseline.sqlite", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT)")
    counter = iter(range(n))

    def insert() -> None:
        conn.execute("BEGIN")
        conn.execute("INSERT INTO t (text) VALUES (?)", (_text(next(counter)),))
        conn.execute("COMMIT")

    try:
        return _timed(insert, n)
    finally:
        conn.close()


def run(n: int = 200, folder: Path | None = None) -> list[Figure]:
    """Run the benchmark with `n` notes in a scratch folder; returns the figures."""
    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        root = Path(scratch)
        base = _baseline(root, n)
        store = UserStore.open(root / "data", auto_backup=False)
        counter = iter(range(n))
        added = _timed(lambda: store.add_note("agreement/x", _text(next(counter))), n)
        ids = [note.id for note in store.notes()]
        edits = iter(range(n))

        def update() -> None:
            i = next(edits)
            store.update_note(ids[i % len(ids)], _text(n + i))

        updated = _timed(update, n)
        queries = iter(WORDS * (n // len(WORDS) + 1))
        searched = _timed(lambda: store.search_notes(next(queries)), n)
        store.close()
        opened = _timed(
            lambda: UserStore.open(root / "data", auto_backup=False).close(), max(3, n // 40)
        )
    return [
        Figure("baseline: sqlite3 insert+commit (WAL, synchronous=FULL)", _median_ms(base), n),
        Figure("add_note (commit + notes index)", _median_ms(added), n),
        Figure("update_note (commit + notes index)", _median_ms(updated), n),
        Figure(f"search_notes over {n} notes", _median_ms(searched), n),
        Figure(
            f"UserStore.open with {n} notes (integrity check, index check)",
            _median_ms(opened),
            len(opened),
        ),
    ]
