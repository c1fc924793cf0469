"""Opening the user database durably: WAL, `synchronous=FULL`, foreign keys on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import QueuePool

__all__ = ["IMMEDIATE", "make_engine"]

# Execution option: begin with `BEGIN IMMEDIATE`, taking the write lock at once, so
# two processes that both mean to write (say, migrate a new file) take turns
# instead of one failing half-way.
IMMEDIATE = "ijref_immediate"


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


def _on_connect_readonly(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    dbapi_conn.isolation_level = None


def _on_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get(IMMEDIATE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    """An engine on the database file `path` (which must already exist, private).

    With `read_only`, the file is opened immutable: nothing is written, not even
    the `-shm` index SQLite otherwise needs, so notes can be read from a full
    disk. Only use it when the file has no write-ahead log with content.
    """
    uri = path.resolve().as_uri() + "?mode=ro&immutable=1"

    def connect() -> sqlite3.Connection:
        if read_only:
            return sqlite3.connect(uri, uri=True, check_same_thread=False)
        return sqlite3.connect(path, check_same_thread=False)

    # hide_parameters: a database error's message would otherwise quote the note
    # text being saved, and such messages end up in logs and crash reports.
    engine = create_engine(
        "sqlite://", creator=connect, poolclass=QueuePool, pool_size=2, hide_parameters=True
    )
    event.listen(engine, "connect", _on_connect_readonly if read_only else _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine
