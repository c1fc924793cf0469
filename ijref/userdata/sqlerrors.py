"""Reading SQLite's errors: damage to the file, or a disk that cannot be used right now.

The two call for different answers: a damaged file is kept and a backup is
offered; a full, read-only or busy disk is told in one line and tried again,
and must never be taken for damage (that would offer to replace good notes).
"""

from __future__ import annotations

import sqlite3

__all__ = ["is_damage", "reason"]

_DAMAGE = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
_REASONS = (
    ("SQLITE_FULL", "the disk is full"),
    ("SQLITE_READONLY", "the notes file or its folder is read-only"),
    ("SQLITE_BUSY", "another ijref is writing your notes and did not finish in time"),
    ("SQLITE_LOCKED", "another ijref is writing your notes and did not finish in time"),
    ("SQLITE_CANTOPEN", "the notes file cannot be opened (a full disk or a missing folder)"),
    ("SQLITE_PERM", "the notes file may not be changed (permissions)"),
    ("SQLITE_IOERR", "the disk could not be written or read (a full disk, or a failing one)"),
)


def _name(exc: BaseException) -> str:
    return str(getattr(exc, "sqlite_errorname", "") or "")


def is_damage(exc: BaseException) -> bool:
    """True when SQLite says the file itself is damaged or not a database."""
    return _name(exc).startswith(_DAMAGE) or "malformed" in str(exc)


def reason(exc: BaseException) -> str:
    """What went wrong, in a few words for a person; never the SQL or its values."""
    name = _name(exc)
    for prefix, words in _REASONS:
        if name.startswith(prefix):
            return words
    if is_damage(exc):
        return "the notes file is damaged"
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if isinstance(exc, sqlite3.Error) or name:
        return text[:120]
    return type(exc).__name__
