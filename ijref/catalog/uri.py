"""The read-only SQLite URI, shared by the SQLAlchemy store and the light outline reader."""

from __future__ import annotations

from pathlib import Path

__all__ = ["readonly_uri"]


def readonly_uri(path: Path) -> str:
    """A SQLite URI that opens `path` read-only from a read-only folder.

    `immutable=1` stops SQLite from creating a journal or taking locks; the path
    goes through `Path.as_uri()` so spaces and `#` survive.
    """
    return path.resolve().as_uri() + "?mode=ro&immutable=1"
