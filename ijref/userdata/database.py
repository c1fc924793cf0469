"""Opening the user database durably: WAL, `synchronous=FULL`, foreign keys on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import QueuePool

__all__ = ["make_engine"]


def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    # The sqlite3 module would commit before DDL on its own; taking transaction
    # control (SQLAlchemy's documented pysqlite recipe, with `_on_begin`) makes a
    # migration all-or-nothing, so a kill mid-migration leaves the old schema.
    dbapi_conn.isolation_level = None
    # WAL + synchronous=FULL: each commit is fsynced before it returns, so a save
    # that returned survives a kill or a power cut.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def _on_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


def make_engine(path: Path) -> Engine:
    """An engine on the database file `path` (which must already exist, private)."""

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(path, check_same_thread=False)

    # hide_parameters: a database error's message would otherwise quote the note
    # text being saved, and such messages end up in logs and crash reports.
    engine = create_engine(
        "sqlite://", creator=connect, poolclass=QueuePool, pool_size=2, hide_parameters=True
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine
