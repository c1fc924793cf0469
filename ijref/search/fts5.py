"""The benchmark's baseline: the same corpus and queries on SQLite FTS5 (stdlib sqlite3).

Set up as a developer who knows FTS5 would: the porter tokenizer, a prefix
index for word starts of 2, 3 and 4 letters (`prefix='2 3 4'`), bm25 with the
service's field weights (title 3, names 4, summary 1), `snippet()`, and the
filters in ordinary tables joined by rowid, each with an index: kind and year
in `meta`, sectors in `sector` (a record may have several).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from ijref.domain.records import Record
from ijref.search.synthetic import BenchQuery

__all__ = ["Fts5Index"]

_BATCH = 2_000


class Fts5Index:
    """An FTS5 table (porter tokenizer, prefix index) of title, names and summary,
    with indexed filter tables beside it."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path)
        self._db.executescript(
            """
            CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(
                id UNINDEXED, title, name, body,
                tokenize='porter unicode61', prefix='2 3 4');
            CREATE TABLE IF NOT EXISTS meta(
                rowid INTEGER PRIMARY KEY, kind TEXT NOT NULL, year INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS sector(
                rowid INTEGER NOT NULL, sector TEXT NOT NULL, PRIMARY KEY (sector, rowid))
                WITHOUT ROWID;
            """
        )

    def add(self, records: Iterable[Record]) -> int:
        count = 0
        docs: list[tuple[int, str, str, str, str]] = []
        meta: list[tuple[int, str, int]] = []
        sectors: list[tuple[int, str]] = []
        for r in records:
            count += 1
            main = r.main_date
            docs.append(
                (
                    count,
                    r.id,
                    r.title,
                    " ".join([r.short_name, *r.aliases]),
                    " ".join([r.summary, *(p.name for p in r.parties)]),
                )
            )
            meta.append((count, r.kind.value, (main.year or 0) if main else 0))
            sectors += [(count, s) for s in r.sectors]
            if len(docs) >= _BATCH:
                self._flush(docs, meta, sectors)
        self._flush(docs, meta, sectors)
        self._db.executescript(
            "CREATE INDEX IF NOT EXISTS meta_kind_year ON meta(kind, year);"
            "CREATE INDEX IF NOT EXISTS meta_year ON meta(year);"
            "ANALYZE;"
        )
        self._db.commit()
        return count

    def _flush(
        self,
        docs: list[tuple[int, str, str, str, str]],
        meta: list[tuple[int, str, int]],
        sectors: list[tuple[int, str]],
    ) -> None:
        self._db.executemany(
            "INSERT INTO docs(rowid, id, title, name, body) VALUES (?, ?, ?, ?, ?)", docs
        )
        self._db.executemany("INSERT INTO meta VALUES (?, ?, ?)", meta)
        self._db.executemany("INSERT INTO sector VALUES (?, ?)", sectors)
        docs.clear()
        meta.clear()
        sectors.clear()

    def search(self, q: BenchQuery, limit: int = 10) -> tuple[list[tuple[str, str]], int]:
        """Top hits (id, snippet) by bm25 with the same field weights, and the total."""
        where = ["docs MATCH ?"]
        args: list[object] = [q.fts]
        join = ""
        if q.kind or q.years:
            join = " JOIN meta ON meta.rowid = docs.rowid"
        if q.kind:
            where.append("meta.kind = ?")
            args.append(q.kind)
        if q.years:
            where.append("meta.year BETWEEN ? AND ?")
            args += list(q.years)
        if q.sector:
            # a join on the (sector, rowid) key, so that the MATCH drives the query:
            # `rowid IN (SELECT …)` would make FTS5 look each listed rowid up instead
            join += " JOIN sector ON sector.sector = ? AND sector.rowid = docs.rowid"
            args.insert(0, q.sector)
        cond = " AND ".join(where)
        try:
            top = self._db.execute(
                f"SELECT id, snippet(docs, 3, '<b>', '</b>', '…', 24) FROM docs{join} "
                f"WHERE {cond} ORDER BY bm25(docs, 0, 3.0, 4.0, 1.0) LIMIT ?",
                [*args, limit],
            ).fetchall()
            (total,) = self._db.execute(
                f"SELECT count(*) FROM docs{join} WHERE {cond}", args
            ).fetchone()
        except sqlite3.OperationalError:
            return [], 0
        return [(str(a), str(b)) for a, b in top], int(total)

    def close(self) -> None:
        self._db.close()
