"""Export files: versioned JSON (lossless, for moving to another machine) and Markdown.

An import file is untrusted: it is size-checked, parsed, and validated as a
whole (pydantic) before anything is written; a bad file is refused with one line
saying why, and the merge runs in one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ijref.domain.errors import UserFacingError
from ijref.domain.records import ID_PATTERN
from ijref.userdata.briefings import CONTROL as _CONTROL
from ijref.userdata.briefings import one_line
from ijref.userdata.entities import Bookmark, Briefing, ImportReport, Note
from ijref.userdata.models import (
    BookmarkRow,
    BookmarkTagRow,
    BriefingItemRow,
    BriefingNoteRow,
    BriefingRow,
    NoteRow,
)
from ijref.userdata.paths import read_regular, write_private

__all__ = [
    "FORMAT",
    "READABLE",
    "VERSION",
    "ExportFile",
    "merge",
    "read_json",
    "write_json",
    "write_markdown",
]

FORMAT = "ijref-userdata"
# 2 added briefings; files of version 1 (notes and bookmarks only) still import.
VERSION = 2
READABLE = (1, 2)
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_NOTE_CHARS = 1_000_000
MAX_ITEMS = 100_000

RecordId = Annotated[str, StringConstraints(pattern=ID_PATTERN.pattern, max_length=200)]
Uuid = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"),
]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=100)]


def _in_utc(value: dt.datetime) -> dt.datetime:
    """The time in UTC; a time that has none (before year 1, after 9999) is refused."""
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError("is out of range once in UTC") from None


When = Annotated[AwareDatetime, Field(strict=False), AfterValidator(_in_utc)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class NoteIn(_Strict):
    uuid: Uuid
    record_id: RecordId | None
    text: Annotated[str, StringConstraints(max_length=MAX_NOTE_CHARS)]
    created_at: When
    updated_at: When


class BookmarkIn(_Strict):
    record_id: RecordId
    created_at: When
    tags: Annotated[list[Tag], Field(max_length=100)] = []


class BriefingItemIn(_Strict):
    record_id: RecordId
    notes: Literal["all", "none", "chosen"]
    note_uuids: Annotated[list[Uuid], Field(max_length=10_000)] = []


class BriefingIn(_Strict):
    uuid: Uuid
    title: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    meeting: Annotated[str, StringConstraints(max_length=2000)] = ""
    meeting_date: Annotated[dt.date | None, Field(strict=False)] = None
    handling: Annotated[str, StringConstraints(max_length=200)] = ""
    created_at: When
    updated_at: When
    items: Annotated[list[BriefingItemIn], Field(max_length=2000)] = []


class ExportFile(_Strict):
    format: Literal["ijref-userdata"]
    version: Literal[1, 2]
    exported_at: When
    notes: Annotated[list[NoteIn], Field(max_length=MAX_ITEMS)]
    bookmarks: Annotated[list[BookmarkIn], Field(max_length=MAX_ITEMS)]
    briefings: Annotated[list[BriefingIn], Field(max_length=MAX_ITEMS)] = []


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _write_private(dest: Path, text: str) -> Path:
    """Write `text` atomically to `dest`, owner-only: an export holds confidential notes."""
    return write_private(dest, text.encode("utf-8"))


def _briefing_json(b: Briefing) -> dict[str, object]:
    return {
        "uuid": b.uuid,
        "title": b.title,
        "meeting": b.meeting,
        "meeting_date": b.meeting_date.isoformat() if b.meeting_date else None,
        "handling": b.handling,
        "created_at": _iso(b.created_at),
        "updated_at": _iso(b.updated_at),
        "items": [
            {"record_id": i.record_id, "notes": i.notes, "note_uuids": list(i.note_uuids)}
            for i in b.items
        ],
    }


def write_json(
    dest: Path,
    notes: Sequence[Note],
    bookmarks: Sequence[Bookmark],
    now: dt.datetime,
    briefings: Sequence[Briefing] = (),
) -> Path:
    """Write the versioned JSON export."""
    data = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _iso(now),
        "notes": [
            {
                "uuid": n.uuid,
                "record_id": n.record_id,
                "text": n.text,
                "created_at": _iso(n.created_at),
                "updated_at": _iso(n.updated_at),
            }
            for n in sorted(notes, key=lambda n: (n.created_at, n.uuid))
        ],
        "bookmarks": [
            {"record_id": b.record_id, "created_at": _iso(b.created_at), "tags": list(b.tags)}
            for b in sorted(bookmarks, key=lambda b: b.record_id)
        ],
        "briefings": [
            _briefing_json(b) for b in sorted(briefings, key=lambda b: (b.created_at, b.uuid))
        ],
    }
    return _write_private(dest, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    return f"{where}: {err['msg']}"


def read_json(source: Path) -> ExportFile:
    """Parse and validate an export file.

    Raises:
        UserFacingError: missing, too big, not JSON (e.g. truncated), another
            format or version, or any invalid field; nothing has been changed.
    """
    raw = read_regular(source, MAX_FILE_BYTES)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise UserFacingError(
            f"{source.name} is not a complete ijref export (not valid JSON, perhaps truncated); "
            "export it again"
        ) from None
    except RecursionError:
        raise UserFacingError(
            f"{source.name} is nested too deeply to be an ijref export; choose another file"
        ) from None
    except ValueError:  # e.g. a number of thousands of digits
        raise UserFacingError(
            f"{source.name} holds a number too long to read, so it is no ijref export; "
            "choose another file"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UserFacingError(f"{source.name} is not an ijref notes export; choose another file")
    if data.get("version") not in READABLE:
        raise UserFacingError(
            f"{source.name} is export version {str(data.get('version'))[:20]!r}, this ijref reads "
            f"versions {READABLE[0]} to {READABLE[-1]}; use the ijref that wrote it, or a newer one"
        )
    try:
        return ExportFile.model_validate(data)
    except ValidationError as exc:
        raise UserFacingError(
            f"{source.name} was refused, nothing imported ({_first_error(exc)[:160]}); "
            "export it again from ijref"
        ) from None


def merge(s: Session, data: ExportFile) -> tuple[ImportReport, list[NoteRow]]:
    """Merge `data` into the database in the session's transaction.

    A note is matched on its uuid: new → added; newer than ours → updated; else
    skipped (ours is kept). A bookmark is matched on its record id; new tags are
    added to an existing one. Returns the report and the note rows written.
    """
    uuids = [n.uuid for n in data.notes]
    if len(set(uuids)) != len(uuids):
        raise UserFacingError("the file lists a note twice; nothing imported; export it again")
    added = updated = skipped = 0
    cleaned_notes = 0
    touched: list[NoteRow] = []
    existing = {r.uuid: r for r in s.scalars(select(NoteRow).where(NoteRow.uuid.in_(uuids)))}
    for n in data.notes:
        text = _CONTROL.sub("", n.text)
        cleaned_notes += text != n.text
        row = existing.get(n.uuid)
        if row is None:
            row = NoteRow(
                uuid=n.uuid,
                record_id=n.record_id,
                text=text,
                created_at=n.created_at,
                updated_at=n.updated_at,
            )
            s.add(row)
            added += 1
        elif n.updated_at > row.updated_at and (row.text, row.record_id) != (text, n.record_id):
            row.text, row.record_id, row.updated_at = text, n.record_id, n.updated_at
            updated += 1
        else:
            skipped += 1
            continue
        touched.append(row)
    for b in data.bookmarks:
        mark = s.get(BookmarkRow, b.record_id)
        tags = {one_line(t) for t in b.tags} - {""}
        if mark is None:
            s.add(BookmarkRow(record_id=b.record_id, created_at=b.created_at))
            s.flush()
            s.add_all(BookmarkTagRow(record_id=b.record_id, tag=t) for t in sorted(tags))
            added += 1
            continue
        have = set(
            s.scalars(select(BookmarkTagRow.tag).where(BookmarkTagRow.record_id == b.record_id))
        )
        if tags - have:
            s.add_all(BookmarkTagRow(record_id=b.record_id, tag=t) for t in sorted(tags - have))
            updated += 1
        else:
            skipped += 1
    s.flush()
    b_added, b_updated, b_skipped = _merge_briefings(s, data.briefings)
    added, updated, skipped = added + b_added, updated + b_updated, skipped + b_skipped
    cleaned = (f"removed control characters from {cleaned_notes} note(s)",) if cleaned_notes else ()
    return ImportReport(added, updated, skipped, cleaned), touched


def _free_title(s: Session, wanted: str, uuid: str) -> str:
    """`wanted`, or `wanted (2)`, `(3)`… when another briefing already has that title."""
    taken = {
        t.casefold() for t in s.scalars(select(BriefingRow.title).where(BriefingRow.uuid != uuid))
    }
    title, n = wanted, 1
    while title.casefold() in taken:
        n += 1
        title = f"{wanted[:190]} ({n})"
    return title


def _write_items(s: Session, briefing_id: int, b: BriefingIn) -> None:
    s.execute(delete(BriefingItemRow).where(BriefingItemRow.briefing_id == briefing_id))
    s.flush()
    seen: set[str] = set()
    for item in b.items:
        if item.record_id in seen:
            continue  # a record listed twice goes in once, at its first place
        seen.add(item.record_id)
        s.add(
            BriefingItemRow(
                briefing_id=briefing_id,
                record_id=item.record_id,
                position=len(seen) - 1,
                notes=item.notes,
            )
        )
        s.flush()
        if item.notes == "chosen":
            s.add_all(
                BriefingNoteRow(briefing_id=briefing_id, record_id=item.record_id, note_uuid=u)
                for u in sorted(set(item.note_uuids))
            )
    s.flush()


def _merge_briefings(s: Session, briefings: Sequence[BriefingIn]) -> tuple[int, int, int]:
    """Briefings matched on uuid: new → added; newer than ours → replaced whole; else kept."""
    uuids = [b.uuid for b in briefings]
    if len(set(uuids)) != len(uuids):
        raise UserFacingError("the file lists a briefing twice; nothing imported; export it again")
    added = updated = skipped = 0
    for b in briefings:
        title = one_line(b.title)
        if not title:
            raise UserFacingError("the file holds a briefing without a title; nothing imported")
        row = s.scalar(select(BriefingRow).where(BriefingRow.uuid == b.uuid))
        if row is not None and b.updated_at <= row.updated_at:
            skipped += 1
            continue
        fields = {
            "title": _free_title(s, title, b.uuid),
            "meeting": one_line(b.meeting),
            "meeting_date": b.meeting_date.isoformat() if b.meeting_date else None,
            "handling": one_line(b.handling),
            "updated_at": b.updated_at,
        }
        if row is None:
            row = BriefingRow(uuid=b.uuid, created_at=b.created_at, **fields)
            s.add(row)
            added += 1
        else:
            for name, value in fields.items():
                setattr(row, name, value)
            updated += 1
        s.flush()
        _write_items(s, row.id, b)
    return added, updated, skipped


def write_markdown(
    dest: Path, notes: Sequence[Note], bookmarks: Sequence[Bookmark], titles: dict[str, str]
) -> Path:
    """Write every bookmark and note as one Markdown document, grouped by record."""

    def heading(record_id: str | None) -> str:
        if record_id is None:
            return "Free-standing notes"
        title = titles.get(record_id)
        return (
            f"{title} (`{record_id}`)" if title else f"`{record_id}` (record not in this catalog)"
        )

    def day(value: dt.datetime) -> str:
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")

    lines = ["# ijref notes and bookmarks", ""]
    if bookmarks:
        lines += ["## Bookmarks", ""]
        for b in sorted(bookmarks, key=lambda b: b.created_at, reverse=True):
            tags = f" — tags: {', '.join(b.tags)}" if b.tags else ""
            lines.append(f"- {heading(b.record_id)}, added {day(b.created_at)}{tags}")
        lines.append("")
    groups: dict[str | None, list[Note]] = {}
    for n in sorted(notes, key=lambda n: n.created_at):
        groups.setdefault(n.record_id, []).append(n)
    if groups:
        lines += ["## Notes", ""]
    for record_id in sorted(groups, key=lambda r: (r is None, heading(r).lower())):
        lines += [f"### {heading(record_id)}", ""]
        for n in groups[record_id]:
            lines += [
                f"*Written {day(n.created_at)}, last changed {day(n.updated_at)}*",
                "",
                n.text.rstrip(),
                "",
                "---",
                "",
            ]
    return _write_private(dest, "\n".join(lines))
