"""The benchmark's baseline: the same corpus and queries on SQLite FTS5 (stdlib sqlite3)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from ijref.domain.records import Record
from ijref.search.synthetic import BenchQuery

__all__ = ["Fts5Index"]

_BATCH = 2_000


class Fts5Index:
    """An FTS5 table (porter tokenizer) of title, names and summary, plus filter columns."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path)
        self._db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5("
            "id UNINDEXED, kind UNINDEXED, sectors UNINDEXED, year UNINDEXED, "
            "title, name, body, tokenize='porter unicode61')"
        )

    def add(self, records: Iterable[Record]) -> int:
        count = 0
        rows: list[tuple[str, str, str, int, str, str, str]] = []
        for r in records:
            main = r.main_date
            rows.append(
                (
                    r.id,
                    r.kind.value,
                    " " + " ".join(r.sectors) + " ",
                    (main.year or 0) if main else 0,
                    r.title,
                    " ".join([r.short_name, *r.aliases]),
                    " ".join([r.summary, *(p.name for p in r.parties)]),
                )
            )
            if len(rows) >= _BATCH:
                count += self._flush(rows)
        count += self._flush(rows)
        self._db.commit()
        return count

    def _flush(self, rows: list[tuple[str, str, str, int, str, str, str]]) -> int:
        self._db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        n = len(rows)
        rows.clear()
        return n

    def search(self, q: BenchQuery, limit: int = 10) -> tuple[list[tuple[str, str]], int]:
        """Top hits (id, snippet) by bm25 with the same field weights, and the total."""
        where = ["docs MATCH ?"]
        args: list[object] = [q.fts]
        if q.kind:
            where.append("kind = ?")
            args.append(q.kind)
        if q.sector:
            where.append("sectors LIKE ?")
            args.append(f"% {q.sector} %")
        if q.years:
            where.append("year BETWEEN ? AND ?")
            args += list(q.years)
        cond = " AND ".join(where)
        try:
            top = self._db.execute(
                f"SELECT id, snippet(docs, 6, '<b>', '</b>', '…', 24) FROM docs WHERE {cond} "
                "ORDER BY bm25(docs, 0, 0, 0, 0, 3.0, 4.0, 1.0) LIMIT ?",
                [*args, limit],
            ).fetchall()
            (total,) = self._db.execute(f"SELECT count(*) FROM docs WHERE {cond}", args).fetchone()
        except sqlite3.OperationalError:
            return [], 0
        return [(str(a), str(b)) for a, b in top], int(total)

    def close(self) -> None:
        self._db.close()
