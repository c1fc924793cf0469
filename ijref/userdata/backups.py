"""Copies of the user database made with SQLite's backup API, their rotation and restore.

Only the standard `sqlite3` module is used, so a damaged database can be
examined and restored before SQLAlchemy is even imported.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ijref.domain.errors import UserFacingError
from ijref.userdata.paths import private_file

__all__ = [
    "Backup",
    "integrity_ok",
    "list_backups",
    "make_backup",
    "newest_good_backup",
    "restore",
    "rotate",
]

AUTO = "auto"
PRE_MIGRATION = "pre-migration"
PRE_RESTORE = "pre-restore"
MANUAL = "manual"
_NAME = re.compile(
    r"^(?P<kind>auto|pre-migration|pre-restore|manual)-(?P<stamp>\d{8}T\d{6}\d{6}Z)(?P<rest>[-\w.]*)\.sqlite$"
)
_STAMP = "%Y%m%dT%H%M%S%fZ"


@dataclass(frozen=True, slots=True)
class Backup:
    """One backup file in the backups folder."""

    path: Path
    kind: str
    taken_at: dt.datetime


def integrity_ok(path: Path) -> bool:
    """True when `path` is a SQLite database that passes `PRAGMA integrity_check`."""
    if not path.is_file() or path.stat().st_size == 0:
        return False
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
    return rows == [("ok",)]


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_database(source: Path, dest: Path) -> None:
    """Copy a live database page by page into `dest`, atomically (temp file, fsync, rename)."""
    tmp = dest.with_name(dest.name + ".partial")
    tmp.unlink(missing_ok=True)
    private_file(tmp)
    src = sqlite3.connect(source)
    try:
        out = sqlite3.connect(tmp)
        try:
            src.backup(out)
            # A backup is one file: no -wal beside it to lose when it is copied elsewhere.
            out.execute("PRAGMA journal_mode=DELETE")
        finally:
            out.close()
    finally:
        src.close()
    with tmp.open("rb+") as fh:
        os.fsync(fh.fileno())
    tmp.replace(dest)
    _fsync_dir(dest.parent)


def _stamp(now: dt.datetime) -> str:
    return now.astimezone(dt.UTC).strftime(_STAMP)


def make_backup(
    db_path: Path, folder: Path, kind: str = AUTO, *, now: dt.datetime, suffix: str = ""
) -> Path:
    """Write a backup of `db_path` into `folder`, named by kind and time; returns its path."""
    dest = folder / f"{kind}-{_stamp(now)}{suffix}.sqlite"
    copy_database(db_path, dest)
    return dest


def list_backups(folder: Path) -> list[Backup]:
    """Every backup in `folder`, newest first."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.fullmatch(path.name)
        if match:
            taken = dt.datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=dt.UTC)
            found.append(Backup(path, match["kind"], taken))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def newest_good_backup(folder: Path) -> Backup | None:
    """The newest backup that passes `integrity_check`, or None."""
    return next((b for b in list_backups(folder) if integrity_ok(b.path)), None)


def rotate(folder: Path, *, daily: int = 12, weekly: int = 10, recent: int = 4) -> list[Path]:
    """Delete automatic backups beyond the newest per day (`daily` days) and per week.

    Only `auto-*` files rotate: backups taken before a migration or a restore,
    and those made by hand, are kept. Returns the deleted paths.
    """
    autos = [b for b in list_backups(folder) if b.kind == AUTO]
    keep = {b.path for b in autos[:recent]}
    days: dict[dt.date, Path] = {}
    weeks: dict[tuple[int, int], Path] = {}
    for b in autos:  # newest first, so the first seen per day/week is the newest
        days.setdefault(b.taken_at.date(), b.path)
        iso = b.taken_at.isocalendar()
        weeks.setdefault((iso.year, iso.week), b.path)
    keep.update(list(days.values())[:daily])
    keep.update(list(weeks.values())[:weekly])
    dropped = [b.path for b in autos if b.path not in keep]
    for path in dropped:
        path.unlink(missing_ok=True)
    return dropped


def restore(db_path: Path, backup: Path, *, now: dt.datetime) -> Path | None:
    """Make `backup` the user database; the file it replaces is renamed, never overwritten.

    Returns where the previous database was kept (None if there was none).

    Raises:
        UserFacingError: the backup itself is damaged or not a database.
    """
    if not integrity_ok(backup):
        raise UserFacingError(
            f"the backup {backup} is damaged or not an ijref database; choose another backup"
        )
    kept: Path | None = None
    if db_path.exists():
        kept = db_path.with_name(f"{db_path.name}.replaced-{_stamp(now)}")
        for ext in ("", "-wal", "-shm"):
            side = db_path.with_name(db_path.name + ext)
            if side.exists():
                side.rename(kept.with_name(kept.name + ext))
    copy_database(backup, db_path)
    return kept
