"""What is found at start: a first run, a database to open, or damage to keep and report.

A database that was there and is now empty, fails SQLite's check, or has a
write-ahead log that lost committed changes is damage, not a first run: it is
left as it is (a damaged log is copied aside before anything can checkpoint
it), and the newest good backup is offered. A file that cannot be read *now*
(a full disk, an I/O error) is no sign of damage and is reported as such.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from ijref.domain.errors import UserFacingError
from ijref.userdata import backups, walcheck

__all__ = ["Found", "UserDataDamagedError", "examine", "wal_is_empty"]


class UserDataDamagedError(UserFacingError):
    """The user database is damaged; it is left untouched.

    Attributes:
        path: the damaged database file.
        backup: the newest backup that passes its integrity check, if any.
        reason: what is wrong with it, in a few words (never its content).
    """

    def __init__(self, path: Path, backup: backups.Backup | None, reason: str = "") -> None:
        self.path = path
        self.backup = backup
        self.reason = reason
        fix = (
            f"restore the newest good backup ({backup.path.name}) with File ▸ Restore backup "
            "or `ijref backups restore`"
            if backup
            else "no good backup was found; move the file away to start afresh"
        )
        why = f" ({reason})" if reason else ""
        super().__init__(f"your notes database {path} is damaged{why}; {fix}")


@dataclass(frozen=True, slots=True)
class Found:
    """What `examine` found: whether there was a database, and whether it could be checked."""

    existed: bool
    unreadable: str = ""  # why SQLite could not read it just now ("" when it could)


def wal_is_empty(db_path: Path) -> bool:
    """True when the database has no write-ahead log with content (all of it is in the file)."""
    wal = db_path.with_name(db_path.name + "-wal")
    try:
        return wal.stat().st_size == 0
    except FileNotFoundError:
        return True


def _stamp(now: dt.datetime) -> str:
    return now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _keep_damaged_log(db_path: Path, raw: bytes, now: dt.datetime) -> None:
    """Copy the database and its damaged log aside (once per distinct log), as evidence."""
    for earlier in db_path.parent.glob(f"{db_path.name}.damaged-*-wal"):
        try:
            if earlier.read_bytes() == raw:
                return
        except OSError:
            continue
    kept = db_path.with_name(f"{db_path.name}.damaged-{_stamp(now)}")
    try:
        shutil.copyfile(db_path, kept)
        kept_wal = kept.with_name(kept.name + "-wal")
        kept_wal.write_bytes(raw)
        kept.chmod(0o600)
        kept_wal.chmod(0o600)
    except OSError:  # no room for the copy: the log itself is still left untouched
        return


def _log_damage(db_path: Path, now: dt.datetime) -> str | None:
    wal = db_path.with_name(db_path.name + "-wal")
    try:
        raw = wal.read_bytes()
    except FileNotFoundError:
        return None
    problem = walcheck.damage(db_path, raw)
    if problem is None:
        return None
    try:  # another ijref still writing it shows a changing file, not damage
        if wal.read_bytes() != raw:
            return None
    except FileNotFoundError:
        return None
    _keep_damaged_log(db_path, raw, now)
    return problem


def examine(db_path: Path, backup_dir: Path, now: dt.datetime) -> Found:
    """Look at the user database before SQLite opens it for writing.

    Raises:
        UserDataDamagedError: it is empty although backups show it held data, its
            log lost committed changes, or it fails SQLite's integrity check.
        UserFacingError: it is not a regular file.
    """
    try:
        info = db_path.stat()
    except FileNotFoundError:
        return Found(existed=False)
    if not stat.S_ISREG(info.st_mode):  # a pipe there would block every open forever
        raise UserFacingError(
            f"{db_path} is not a regular file (a folder, pipe or device); "
            "move it away, or choose another folder with --data-dir"
        )
    size = info.st_size
    if size == 0:
        if backups.list_backups(backup_dir):  # it held data once: this is no first run
            raise UserDataDamagedError(
                db_path, backups.newest_good_backup(backup_dir), "it is empty (0 bytes)"
            )
        return Found(existed=False)  # a first start killed before the schema was written
    problem = _log_damage(db_path, now)
    if problem is None:
        try:
            problem = backups.integrity_problem(db_path)
        except sqlite3.Error as exc:
            from ijref.userdata.sqlerrors import reason

            return Found(existed=True, unreadable=reason(exc))
    if problem:
        raise UserDataDamagedError(db_path, backups.newest_good_backup(backup_dir), problem)
    return Found(existed=True)
