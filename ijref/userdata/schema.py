"""Bringing a user database to the current schema with the Alembic scripts shipped in the package.

Alembic is imported only when a migration is due, so an up-to-date database
opens without it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

from ijref.domain.errors import UserFacingError
from ijref.userdata import backups

__all__ = ["HEAD", "MIGRATIONS_DIR", "current_revision", "upgrade"]

# The newest revision in migrations/versions (a test checks they agree).
HEAD = "0004"
KNOWN = ("0001", "0002", "0003", "0004")
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def current_revision(conn: Connection) -> str | None:
    """The revision stamped in the database, or None for an empty one."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def run_alembic(conn: Connection, target: str) -> None:
    """Upgrade (or downgrade) the database on `conn` to revision `target`."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = conn
    if target < (current_revision(conn) or ""):
        command.downgrade(config, target)
    else:
        command.upgrade(config, target)


def upgrade(
    engine: Engine, db_path: Path, backup_dir: Path, now: Callable[[], dt.datetime]
) -> Path | None:
    """Migrate to HEAD; before migrating a database that has data, take a numbered backup.

    Returns the backup taken, if any.

    Raises:
        UserFacingError: the database was written by a newer ijref.
    """
    with engine.connect() as conn:
        revision = current_revision(conn)
        has_tables = bool(inspect(conn).get_table_names())
    if revision == HEAD:
        return None
    if revision is not None and revision not in KNOWN:
        raise UserFacingError(
            f"{db_path} was written by a newer ijref (schema {revision}); install that version"
        )
    taken = None
    if has_tables:
        number = 1 + sum(1 for b in backups.list_backups(backup_dir) if b.kind == "pre-migration")
        taken = backups.make_backup(
            db_path,
            backup_dir,
            backups.PRE_MIGRATION,
            now=now(),
            suffix=f"-{number:03d}-from-{revision or 'none'}",
        )
    with engine.begin() as conn:
        run_alembic(conn, HEAD)
    return taken
