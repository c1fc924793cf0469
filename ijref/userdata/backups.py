"""Copies of the user database made with SQLite's backup API, their rotation and restore.

Only the standard `sqlite3` module is used, so a damaged database can be
examined and restored before SQLAlchemy is even imported.

An automatic backup's name carries what it holds (`-<notes>n-<digest>`): a copy
of what the newest backup already holds is not written again, and rotation
keeps backups that differ, always including the newest one that holds notes
and the one that holds the most, so a run of starts on an emptied or damaged
database can never rotate the last good copy away.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from ijref.domain.errors import UserFacingError
from ijref.userdata.paths import private_file

__all__ = [
    "Backup",
    "Content",
    "clean_partials",
    "content_of",
    "copy_database",
    "integrity_ok",
    "integrity_problem",
    "list_backups",
    "make_backup",
    "newest_good_backup",
    "restorable_problem",
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
_CONTENT = re.compile(r"-(?P<notes>\d+)n-(?P<digest>[0-9a-f]{16})$")
_STAMP = "%Y%m%dT%H%M%S%fZ"
PARTIAL = ".partial"
# A `.partial` file older than this was left by a process that died while writing it.
STALE_PARTIAL_S = 600
NOTE_COLUMNS = {"id", "uuid", "record_id", "text", "created_at", "updated_at"}
BOOKMARK_COLUMNS = {"record_id", "created_at"}


@dataclass(frozen=True, slots=True)
class Content:
    """What a database holds: how many notes, and a digest of notes, bookmarks and tags."""

    notes: int
    digest: str

    @property
    def tag(self) -> str:
        return f"-{self.notes}n-{self.digest}"


@dataclass(frozen=True, slots=True)
class Backup:
    """One backup file in the backups folder; `content` when its name says it."""

    path: Path
    kind: str
    taken_at: dt.datetime
    content: Content | None = None


def _readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)


def integrity_ok(path: Path) -> bool:
    """True when `path` is a SQLite database that passes `PRAGMA integrity_check`."""
    if not path.is_file() or path.stat().st_size == 0:
        return False
    try:
        conn = _readonly(path)
    except sqlite3.Error:
        return False
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
    return rows == [("ok",)]


def integrity_problem(path: Path) -> str | None:
    """Why the database `path` fails `PRAGMA integrity_check`, or None when it passes.

    Raises:
        sqlite3.Error: the file could not be read at all right now (a full disk,
            an I/O error, a lock): that is no sign of damage.
    """
    from ijref.userdata.sqlerrors import is_damage

    try:
        conn = _readonly(path)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if is_damage(exc):
            return "it is not a readable SQLite database"
        raise
    if rows == [("ok",)]:
        return None
    return "SQLite's integrity check fails"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def content_of(path: Path) -> Content | None:
    """What the database `path` holds, or None if it cannot be read as ijref notes.

    The digest covers every table (notes, bookmarks, tags, briefings, the schema
    revision), each read in a fixed order, so two files digest alike exactly
    when they hold the same.
    """
    try:
        conn = _readonly(path)
    except sqlite3.Error:
        return None
    conn.text_factory = bytes  # a digest of the bytes, whatever they are
    digest = hashlib.sha256()
    try:
        tables = sorted(
            name.decode()
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        )
        for table in tables:
            width = len(conn.execute(f"PRAGMA table_info({_quoted(table)})").fetchall())
            order = ", ".join(str(i + 1) for i in range(width))
            digest.update(table.encode() + b"\0")
            for row in conn.execute(f"SELECT * FROM {_quoted(table)} ORDER BY {order}"):
                digest.update(repr(row).encode())
        (notes,) = conn.execute("SELECT count(*) FROM notes").fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return Content(int(notes), digest.hexdigest()[:16])


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_database(source: Path, dest: Path) -> None:
    """Copy a live database page by page into `dest`, atomically (temp file, fsync, rename).

    The temporary file has a name of its own (two ijref processes may back up at
    once) and is removed when the copy fails (say, on a full disk).
    """
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}-{secrets.token_hex(4)}{PARTIAL}")
    try:
        private_file(tmp)
        src = _readonly(source)
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
    except BaseException:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            leftover.unlink(missing_ok=True)
        raise
    _fsync_dir(dest.parent)


def clean_partials(folder: Path, *, older_than: float = STALE_PARTIAL_S) -> list[Path]:
    """Remove the `.partial` files a killed process left in `folder`; returns them.

    Recent ones are left alone: another ijref may be writing one right now.
    """
    removed = []
    cutoff = time.time() - older_than
    try:
        candidates = [p for p in folder.iterdir() if PARTIAL in p.name]
    except OSError:
        return []
    for path in candidates:
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


def _stamp(now: dt.datetime) -> str:
    return now.astimezone(dt.UTC).strftime(_STAMP)


def make_backup(
    db_path: Path,
    folder: Path,
    kind: str = AUTO,
    *,
    now: dt.datetime,
    suffix: str = "",
    content: Content | None = None,
) -> Path:
    """Write a backup of `db_path` into `folder`, named by kind, time and content; returns it."""
    tag = content.tag if content is not None else ""
    dest = folder / f"{kind}-{_stamp(now)}{suffix}{tag}.sqlite"
    copy_database(db_path, dest)
    return dest


def list_backups(folder: Path) -> list[Backup]:
    """Every backup in `folder`, newest first."""
    try:
        names = [p for p in folder.iterdir() if p.is_file()]
    except OSError:
        return []
    found = []
    for path in names:
        match = _NAME.fullmatch(path.name)
        if match:
            taken = dt.datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=dt.UTC)
            held = _CONTENT.search(match["rest"])
            content = Content(int(held["notes"]), held["digest"]) if held else None
            found.append(Backup(path, match["kind"], taken, content))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def newest_good_backup(folder: Path) -> Backup | None:
    """The newest backup that passes `integrity_check`, or None."""
    return next((b for b in list_backups(folder) if integrity_ok(b.path)), None)


def rotate(folder: Path, *, daily: int = 12, weekly: int = 10, recent: int = 4) -> list[Path]:
    """Delete automatic backups that repeat a newer one, or are beyond the newest per day and week.

    Only `auto-*` files rotate: backups taken before a migration or a restore,
    and those made by hand, are kept. Among backups that differ, the newest
    `recent`, the newest of each of the last `daily` days and `weekly` weeks,
    the newest that holds notes and the one that holds the most are kept.
    Returns the deleted paths.
    """
    autos = [b for b in list_backups(folder) if b.kind == AUTO]
    distinct: list[tuple[Backup, Content | None]] = []
    repeats: list[Path] = []
    seen: set[str] = set()
    for b in autos:  # newest first, so a repeat of a newer backup is the one dropped
        content = b.content or content_of(b.path)
        if content is not None and content.digest in seen:
            repeats.append(b.path)
            continue
        if content is not None:
            seen.add(content.digest)
        distinct.append((b, content))
    keep = {b.path for b, _ in distinct[:recent]}
    days: dict[dt.date, Path] = {}
    weeks: dict[tuple[int, int], Path] = {}
    for b, _ in distinct:
        days.setdefault(b.taken_at.date(), b.path)
        iso = b.taken_at.isocalendar()
        weeks.setdefault((iso.year, iso.week), b.path)
    keep.update(list(days.values())[:daily])
    keep.update(list(weeks.values())[:weekly])
    holding: list[tuple[Backup, Content]] = [
        (b, c) for b, c in distinct if c is not None and c.notes > 0
    ]
    if holding:
        keep.add(holding[0][0].path)
        keep.add(max(holding, key=lambda bc: (bc[1].notes, bc[0].taken_at))[0].path)
    dropped = repeats + [b.path for b, _ in distinct if b.path not in keep]
    for path in dropped:
        path.unlink(missing_ok=True)
    return dropped


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def restorable_problem(path: Path) -> str | None:
    """Why `path` cannot be restored as the user's notes, or None when it can.

    It must pass SQLite's integrity check and be an ijref notes database whose
    schema revision is in this ijref's migration history.
    """
    from ijref.userdata.revisions import known_revisions

    if not integrity_ok(path):
        return f"the backup {path} is damaged or not a database; choose another backup"
    not_ours = f"{path} is not an ijref notes database; choose one of your backups"
    try:
        conn = _readonly(path)
    except sqlite3.Error:
        return not_ours
    try:
        tables = {t for (t,) in conn.execute("SELECT name FROM sqlite_master")}
        if not {"alembic_version", "notes", "bookmarks"} <= tables:
            return not_ours
        if not (
            _columns(conn, "notes") >= NOTE_COLUMNS
            and _columns(conn, "bookmarks") >= BOOKMARK_COLUMNS
        ):
            return not_ours
        revisions = [r for (r,) in conn.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.Error:
        return not_ours
    finally:
        conn.close()
    if len(revisions) != 1:
        return not_ours
    if revisions[0] not in known_revisions():
        return (
            f"{path} was written by a newer ijref (schema {str(revisions[0])[:20]}); "
            "install that version to restore it"
        )
    return None


def restore(db_path: Path, backup: Path, *, now: dt.datetime) -> Path | None:
    """Make `backup` the user database; the file it replaces is renamed, never overwritten.

    Returns where the previous database was kept (None if there was none).

    Raises:
        UserFacingError: the backup is damaged, not an ijref notes database, or
            from a newer ijref; nothing has been changed.
    """
    problem = restorable_problem(backup)
    if problem:
        raise UserFacingError(problem)
    kept: Path | None = None
    if db_path.exists():
        kept = db_path.with_name(f"{db_path.name}.replaced-{_stamp(now)}")
        for ext in ("", "-wal", "-shm"):
            side = db_path.with_name(db_path.name + ext)
            if side.exists():
                side.rename(kept.with_name(kept.name + ext))
    copy_database(backup, db_path)
    return kept
