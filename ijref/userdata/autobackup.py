"""When the user store backs itself up: at start, every 30 minutes while notes change, at close.

An automatic backup that holds what the newest one holds is not written again;
one that cannot be written (a full disk) stops nothing: it is told once, in a
line the caller shows, and tried again at the next occasion.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

from ijref.userdata import backups, sqlerrors

__all__ = ["BACKUP_INTERVAL", "AutoBackups"]

BACKUP_INTERVAL = dt.timedelta(minutes=30)


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return sqlerrors.reason(exc)


class AutoBackups:
    """The automatic backups of one database file into one folder.

    Args:
        db_path: the live database.
        folder: the backups folder.
        clock: now, in UTC.
        tell: called with one line when a backup could not be written.
    """

    def __init__(
        self,
        db_path: Path,
        folder: Path,
        clock: Callable[[], dt.datetime],
        tell: Callable[[str], None],
    ) -> None:
        self.db_path = db_path
        self.folder = folder
        self._clock = clock
        self._tell = tell
        self._last: dt.datetime | None = None
        self.pending = False  # notes changed since the last backup

    def take(self) -> Path:
        """A backup now (or the newest, when it holds the same), then rotation.

        Raises:
            OSError, sqlite3.Error: it could not be written; nothing was left behind.
        """
        now = self._clock()
        held = backups.content_of(self.db_path)
        newest = next(
            (b for b in backups.list_backups(self.folder) if b.kind == backups.AUTO), None
        )
        same = newest is not None and (newest.content or backups.content_of(newest.path)) == held
        if newest is not None and held is not None and same:
            self._last, self.pending = now, False
            return newest.path
        path = backups.make_backup(self.db_path, self.folder, backups.AUTO, now=now, content=held)
        backups.rotate(self.folder)
        self._last, self.pending = now, False
        return path

    def describe_failure(self, exc: BaseException) -> str:
        """The one line for a backup that could not be written."""
        return f"no backup of your notes could be written ({_why(exc)}); free some space"

    def take_or_tell(self) -> Path | None:
        """A backup now; if it cannot be written, `tell` why and go on (None)."""
        try:
            return self.take()
        except (OSError, sqlite3.Error) as exc:
            self._tell(self.describe_failure(exc))
            return None

    def changed(self) -> None:
        """After each committed change: a backup once the last is 30 minutes old."""
        self.pending = True
        now = self._clock()
        if self._last is None:
            self._last = now
        elif now - self._last >= BACKUP_INTERVAL:
            self.take_or_tell()

    def if_due(self) -> Path | None:
        """A backup if notes changed and the last one is 30 minutes old (for an idle timer)."""
        due = self._last is None or self._clock() - self._last >= BACKUP_INTERVAL
        return self.take_or_tell() if self.pending and due else None
