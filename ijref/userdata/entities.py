"""What the user store hands out: plain frozen dataclasses, never live ORM rows.

Note text is kept out of `repr()` so it cannot reach a log or a crash report
by accident.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ijref.domain.text import clean_label
from ijref.userdata.note_plain import plain_text

__all__ = [
    "NOTES_CHOICES",
    "Bookmark",
    "Briefing",
    "BriefingItem",
    "ImportReport",
    "Note",
    "NoteHit",
]

# How much of a note's start `Note.title` looks at for its first line.
TITLE_SCAN_CHARS = 4000

# Which of a record's notes go into a briefing: every one, none, or those chosen.
NOTES_CHOICES = ("all", "none", "chosen")


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
        """The first non-empty line as a reader sees it (no Markdown syntax), for lists."""
        # Only the start is looked at: a list must not scan a note of a million characters.
        for raw in self.text[:TITLE_SCAN_CHARS].splitlines():
            line = plain_text(clean_label(raw[:TITLE_SCAN_CHARS])).strip()
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
class BriefingItem:
    """A record in a briefing and which of its notes go in.

    Attributes:
        notes: `all` (every note on the record when the briefing is made),
            `none`, or `chosen` (those in `note_uuids`).
    """

    record_id: str
    notes: str = "all"
    note_uuids: tuple[str, ...] = ()

    def includes(self, note: Note) -> bool:
        """Whether `note` (on this item's record) goes into the briefing."""
        if self.notes == "all":
            return True
        return self.notes == "chosen" and note.uuid in self.note_uuids


@dataclass(frozen=True, slots=True)
class Briefing:
    """A named briefing for a meeting: records in order, each with its chosen notes.

    Attributes:
        handling: the line printed on every page, e.g. "RESTRICTED — for internal use".
        meeting_date: the day agreement status is worked out for (None: not set yet).
    """

    id: int
    uuid: str
    title: str
    meeting: str
    meeting_date: dt.date | None
    handling: str
    items: tuple[BriefingItem, ...]
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def record_ids(self) -> tuple[str, ...]:
        return tuple(i.record_id for i in self.items)

    def item(self, record_id: str) -> BriefingItem | None:
        return next((i for i in self.items if i.record_id == record_id), None)


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
