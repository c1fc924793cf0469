"""What the user store hands out: plain frozen dataclasses, never live ORM rows.

Note text is kept out of `repr()` so it cannot reach a log or a crash report
by accident.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = ["Bookmark", "ImportReport", "Note", "NoteHit"]


@dataclass(frozen=True, slots=True)
class Note:
    """A Markdown note; `record_id` is None for a free-standing note."""

    id: int
    uuid: str
    record_id: str | None
    text: str = field(repr=False)
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def title(self) -> str:
        """The first non-empty line, without Markdown heading marks, for lists."""
        for raw in self.text.splitlines():
            line = raw.strip().lstrip("#").strip()
            if line:
                return line[:120]
        return "(empty note)"


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A bookmarked record with its tags."""

    record_id: str
    created_at: dt.datetime
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NoteHit:
    """A search hit on a note, to merge with catalog hits (`kind` tells them apart)."""

    note_id: int
    record_id: str | None
    title: str = field(repr=False)
    score: float
    highlights: str = field(default="", repr=False)
    kind: str = "note"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did, counted over notes and bookmarks."""

    added: int = 0
    updated: int = 0
    skipped: int = 0
    cleaned: tuple[str, ...] = ()

    def summary(self) -> str:
        """One line for the status bar or the terminal."""
        line = f"added {self.added}, updated {self.updated}, skipped {self.skipped}"
        if self.cleaned:
            line += "; " + "; ".join(self.cleaned)
        return line
