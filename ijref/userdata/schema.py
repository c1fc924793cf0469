"""Bringing a user database to the current schema with the Alembic scripts shipped in the package.

Alembic is imported only when a migration is due, so an up-to-date database
opens without it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

from ijref.domain.errors import UserFacingError
from ijref.userdata import backups
from ijref.userdata.database import IMMEDIATE
from ijref.userdata.revisions import MIGRATIONS_DIR, known_revisions

__all__ = ["HEAD", "MIGRATIONS_DIR", "current_revision", "upgrade"]

# The newest revision in migrations/versions (a test checks they agree).
HEAD = "0004"


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

    The migration holds the write lock from its first look at the revision to
    its commit, so two ijref processes opening a new or old file at once take
    turns. Returns the backup taken, if any.

    Raises:
        UserFacingError: the database was written by a newer ijref, or the backup
            that must come before a migration cannot be written.
    """
    with engine.connect() as conn:
        revision = current_revision(conn)
    if revision == HEAD:
        return None
    with engine.connect().execution_options(**{IMMEDIATE: True}) as conn, conn.begin():
        revision = current_revision(conn)  # again, now that no one else can write
        if revision == HEAD:
            return None
        if revision is not None and revision not in known_revisions():
            raise UserFacingError(
                f"{db_path} was written by a newer ijref (schema {revision}); install that version"
            )
        taken = None
        if inspect(conn).get_table_names():
            taken = _backup_before_migrating(db_path, backup_dir, revision, now())
        run_alembic(conn, HEAD)
    return taken


def _backup_before_migrating(
    db_path: Path, backup_dir: Path, revision: str | None, now: dt.datetime
) -> Path:
    number = 1 + sum(1 for b in backups.list_backups(backup_dir) if b.kind == "pre-migration")
    try:
        return backups.make_backup(
            db_path,
            backup_dir,
            backups.PRE_MIGRATION,
            now=now,
            suffix=f"-{number:03d}-from-{revision or 'none'}",
        )
    except (OSError, sqlite3.Error) as exc:
        from ijref.userdata.sqlerrors import reason

        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else reason(exc)
        raise UserFacingError(
            f"your notes need updating for this ijref, and the backup taken first cannot be "
            f"written ({why}); free some space in {backup_dir.parent} and start again"
        ) from None
