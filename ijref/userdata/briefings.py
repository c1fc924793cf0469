"""`BriefingBook`: the user's named briefings, in the same database as their notes.

A briefing is a title, the meeting it is for and its date, a handling line, and
an ordered list of records, each with the notes that go in. Every change is its
own transaction, committed before the method returns. Records are kept by id,
so a record that leaves the catalog stays in the briefing (marked when shown).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid as uuidlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from ijref.domain.errors import UserFacingError
from ijref.domain.records import ID_PATTERN
from ijref.domain.text import clean_label
from ijref.userdata.entities import NOTES_CHOICES, Briefing, BriefingItem
from ijref.userdata.models import BriefingItemRow, BriefingNoteRow, BriefingRow

__all__ = [
    "CONTROL",
    "MAX_HANDLING_CHARS",
    "MAX_TITLE_CHARS",
    "AddReport",
    "BriefingBook",
    "move_items",
    "one_line",
    "parse_day",
    "records_text",
]

MAX_TITLE_CHARS = 200
MAX_HANDLING_CHARS = 200
MAX_MEETING_CHARS = 2000
MAX_ITEMS = 2000


@dataclass(frozen=True, slots=True)
class AddReport:
    """What `add_records` did: the ids added, and those already in the briefing."""

    added: tuple[str, ...]
    already: tuple[str, ...]

    def summary(self, title: str) -> str:
        line = f"added {records_text(len(self.added))} to “{title}”"
        if self.already:
            line += f"; {len(self.already)} already in it"
        return line


def records_text(count: int) -> str:
    """`1 record`, `3 records`: a count as a person writes it."""
    return f"{count} record" if count == 1 else f"{count} records"


def parse_day(text: str) -> dt.date:
    """A meeting date typed as `YYYY-MM-DD`.

    Raises:
        UserFacingError: anything else, in one line with the expected form.
    """
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UserFacingError(
            f"{text[:40]!r} is not a date; write the meeting date as YYYY-MM-DD, e.g. 2018-06-01"
        ) from None


# C0 controls other than tab and newlines, DEL, and bidi overrides that can disguise text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """`text` on one line: control and bidi characters dropped, white space made one space."""
    return clean_label(text)


def _clean_line(text: str, limit: int, what: str) -> str:
    line = one_line(text)
    if len(line) > limit:
        raise UserFacingError(f"the {what} is limited to {limit} characters; shorten it")
    return line


def _check_title(title: str) -> str:
    line = _clean_line(title, MAX_TITLE_CHARS, "briefing's title")
    if not line:
        raise UserFacingError("a briefing needs a title, e.g. “JAXA call, June 2018”")
    return line


def _check_ids(record_ids: Iterable[str]) -> list[str]:
    out: list[str] = []
    for rid in record_ids:
        if not ID_PATTERN.fullmatch(rid):
            raise UserFacingError(
                f"{rid[:80]!r} is not a record id; ids look like agreement/isro-jaxa-mou-2016"
            )
        if rid not in out:
            out.append(rid)
    return out


class _Unset:
    pass


UNSET = _Unset()


class BriefingBook:
    """The briefings in the user database on `engine`.

    Args:
        engine: the user store's engine (its schema has the briefing tables).
        clock: now, in UTC.
        changed: called after each committed change (the store's backup timer).
    """

    def __init__(
        self, engine: Engine, clock: Callable[[], dt.datetime], changed: Callable[[], None]
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._changed = changed

    # ---------------------------------------------------------------- reading
    def briefings(self) -> list[Briefing]:
        """Every briefing, most recently changed first."""
        with Session(self._engine) as s:
            rows = s.scalars(
                select(BriefingRow).order_by(BriefingRow.updated_at.desc(), BriefingRow.id.desc())
            ).all()
            return [self._load(s, r) for r in rows]

    def get(self, briefing_id: int) -> Briefing | None:
        with Session(self._engine) as s:
            row = s.get(BriefingRow, briefing_id)
            return self._load(s, row) if row is not None else None

    def find(self, title: str) -> Briefing | None:
        """The briefing called `title` (case and spacing aside), if there is one."""
        wanted = one_line(title).casefold()
        with Session(self._engine) as s:
            for row in s.scalars(select(BriefingRow)):
                if row.title.casefold() == wanted:
                    return self._load(s, row)
        return None

    def named(self, title: str) -> Briefing:
        """The briefing called `title`.

        Raises:
            UserFacingError: there is none, naming the ones there are.
        """
        found = self.find(title)
        if found is None:
            names = ", ".join(f"“{b.title}”" for b in self.briefings()[:5])
            hint = f"yours: {names}" if names else "create one with `ijref brief create NAME`"
            raise UserFacingError(f"there is no briefing “{title[:80]}”; {hint}")
        return found

    def count(self) -> int:
        with Session(self._engine) as s:
            return s.scalar(select(func.count()).select_from(BriefingRow)) or 0

    @staticmethod
    def _load(s: Session, row: BriefingRow) -> Briefing:
        chosen: dict[str, list[str]] = {}
        for rid, note_uuid in s.execute(
            select(BriefingNoteRow.record_id, BriefingNoteRow.note_uuid)
            .where(BriefingNoteRow.briefing_id == row.id)
            .order_by(BriefingNoteRow.note_uuid)
        ):
            chosen.setdefault(rid, []).append(note_uuid)
        items = s.scalars(
            select(BriefingItemRow)
            .where(BriefingItemRow.briefing_id == row.id)
            .order_by(BriefingItemRow.position)
        )
        return Briefing(
            id=row.id,
            uuid=row.uuid,
            title=row.title,
            meeting=row.meeting,
            meeting_date=dt.date.fromisoformat(row.meeting_date) if row.meeting_date else None,
            handling=row.handling,
            items=tuple(
                BriefingItem(i.record_id, i.notes, tuple(chosen.get(i.record_id, ())))
                for i in items
            ),
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    # ---------------------------------------------------------------- writing
    def _row(self, s: Session, briefing_id: int) -> BriefingRow:
        row = s.get(BriefingRow, briefing_id)
        if row is None:
            raise UserFacingError(f"briefing {briefing_id} no longer exists; it was deleted")
        return row

    def _title_free(self, s: Session, title: str, but: int | None = None) -> None:
        for other_id, other in s.execute(select(BriefingRow.id, BriefingRow.title)):
            if other_id != but and other.casefold() == title.casefold():
                raise UserFacingError(
                    f"there is already a briefing “{other}”; choose another title"
                )

    def _touch(self, row: BriefingRow) -> None:
        row.updated_at = max(self._clock(), row.updated_at)

    def _done(self, briefing_id: int) -> Briefing:
        self._changed()
        found = self.get(briefing_id)
        assert found is not None  # just committed in this thread
        return found

    def create(
        self,
        title: str,
        meeting: str = "",
        meeting_date: dt.date | None = None,
        handling: str = "",
    ) -> Briefing:
        """A new, empty briefing.

        Raises:
            UserFacingError: no title, too long, or a briefing of that title exists.
        """
        clean = _check_title(title)
        now = self._clock()
        row = BriefingRow(
            uuid=str(uuidlib.uuid4()),
            title=clean,
            meeting=_clean_line(meeting, MAX_MEETING_CHARS, "meeting"),
            meeting_date=meeting_date.isoformat() if meeting_date else None,
            handling=_clean_line(handling, MAX_HANDLING_CHARS, "handling line"),
            created_at=now,
            updated_at=now,
        )
        with Session(self._engine, expire_on_commit=False) as s, s.begin():
            self._title_free(s, clean)
            s.add(row)
        return self._done(row.id)

    def update(
        self,
        briefing_id: int,
        *,
        title: str | None = None,
        meeting: str | None = None,
        meeting_date: dt.date | _Unset | None = UNSET,
        handling: str | None = None,
    ) -> Briefing:
        """Change the title (rename), meeting, date or handling line; others stay."""
        with Session(self._engine) as s, s.begin():
            row = self._row(s, briefing_id)
            if title is not None:
                clean = _check_title(title)
                self._title_free(s, clean, but=briefing_id)
                row.title = clean
            if meeting is not None:
                row.meeting = _clean_line(meeting, MAX_MEETING_CHARS, "meeting")
            if not isinstance(meeting_date, _Unset):
                row.meeting_date = meeting_date.isoformat() if meeting_date else None
            if handling is not None:
                row.handling = _clean_line(handling, MAX_HANDLING_CHARS, "handling line")
            self._touch(row)
        return self._done(briefing_id)

    def delete(self, briefing_id: int) -> None:
        """Delete a briefing (its records and notes stay where they are)."""
        with Session(self._engine) as s, s.begin():
            s.execute(delete(BriefingRow).where(BriefingRow.id == briefing_id))
        self._changed()

    def add_records(
        self, briefing_id: int, record_ids: Sequence[str], notes: str = "all"
    ) -> tuple[Briefing, AddReport]:
        """Append records (in the order given) that are not in the briefing yet.

        Raises:
            UserFacingError: a malformed id, an unknown notes choice, or too many records.
        """
        if notes not in ("all", "none"):
            raise UserFacingError(f"notes must be “all” or “none”, not {notes[:20]!r}")
        ids = _check_ids(record_ids)
        with Session(self._engine) as s, s.begin():
            row = self._row(s, briefing_id)
            have = set(
                s.scalars(
                    select(BriefingItemRow.record_id).where(
                        BriefingItemRow.briefing_id == briefing_id
                    )
                )
            )
            new = [rid for rid in ids if rid not in have]
            if len(have) + len(new) > MAX_ITEMS:
                raise UserFacingError(
                    f"a briefing holds at most {MAX_ITEMS} records; make a second briefing"
                )
            last = s.scalar(
                select(func.max(BriefingItemRow.position)).where(
                    BriefingItemRow.briefing_id == briefing_id
                )
            )
            start = -1 if last is None else last
            s.add_all(
                BriefingItemRow(
                    briefing_id=briefing_id, record_id=rid, position=start + 1 + n, notes=notes
                )
                for n, rid in enumerate(new)
            )
            if new:
                self._touch(row)
        report = AddReport(tuple(new), tuple(rid for rid in ids if rid in have))
        return self._done(briefing_id), report

    def remove_records(self, briefing_id: int, record_ids: Iterable[str]) -> Briefing:
        """Take records out of the briefing (the records and their notes are untouched)."""
        gone = list(record_ids)
        with Session(self._engine) as s, s.begin():
            row = self._row(s, briefing_id)
            s.execute(
                delete(BriefingItemRow).where(
                    BriefingItemRow.briefing_id == briefing_id,
                    BriefingItemRow.record_id.in_(gone),
                )
            )
            self._touch(row)
        return self._done(briefing_id)

    def reorder(self, briefing_id: int, record_ids: Sequence[str]) -> Briefing:
        """Put the briefing's records in the order given (the same records, reordered).

        Raises:
            UserFacingError: the ids are not exactly the briefing's records (it
                changed meanwhile, e.g. in another window).
        """
        with Session(self._engine) as s, s.begin():
            row = self._row(s, briefing_id)
            items = {
                i.record_id: i
                for i in s.scalars(
                    select(BriefingItemRow).where(BriefingItemRow.briefing_id == briefing_id)
                )
            }
            if sorted(items) != sorted(record_ids) or len(set(record_ids)) != len(record_ids):
                raise UserFacingError(
                    "the briefing changed while it was being reordered; reopen it and try again"
                )
            for position, rid in enumerate(record_ids):
                items[rid].position = position
            self._touch(row)
        return self._done(briefing_id)

    def set_notes(
        self, briefing_id: int, record_id: str, notes: str, note_uuids: Iterable[str] = ()
    ) -> Briefing:
        """Choose which of a record's notes go in: `all`, `none`, or `chosen` (`note_uuids`).

        Raises:
            UserFacingError: the record is not in the briefing, or an unknown choice.
        """
        if notes not in NOTES_CHOICES:
            raise UserFacingError(f"notes must be one of {', '.join(NOTES_CHOICES)}")
        chosen = sorted(set(note_uuids)) if notes == "chosen" else []
        with Session(self._engine) as s, s.begin():
            row = self._row(s, briefing_id)
            item = s.get(BriefingItemRow, (briefing_id, record_id))
            if item is None:
                raise UserFacingError(f"{record_id} is not in “{row.title}”; add it first")
            item.notes = notes
            s.execute(
                delete(BriefingNoteRow).where(
                    BriefingNoteRow.briefing_id == briefing_id,
                    BriefingNoteRow.record_id == record_id,
                )
            )
            s.add_all(
                BriefingNoteRow(briefing_id=briefing_id, record_id=record_id, note_uuid=u)
                for u in chosen
            )
            self._touch(row)
        return self._done(briefing_id)


def move_items(s: Session, old: str, new: str) -> int:
    """Move every briefing's item `old` to the record id `new` (a data update renamed it),
    in the caller's transaction; returns how many briefings it was in.

    A briefing holding both keeps the earlier place and every chosen note.
    """
    items = s.scalars(select(BriefingItemRow).where(BriefingItemRow.record_id == old)).all()
    for item in items:
        chosen = set(
            s.scalars(
                select(BriefingNoteRow.note_uuid).where(
                    BriefingNoteRow.briefing_id == item.briefing_id,
                    BriefingNoteRow.record_id == old,
                )
            )
        )
        target = s.get(BriefingItemRow, (item.briefing_id, new))
        if target is None:
            s.add(
                BriefingItemRow(
                    briefing_id=item.briefing_id,
                    record_id=new,
                    position=item.position,
                    notes=item.notes,
                )
            )
        else:
            target.position = min(target.position, item.position)
            chosen -= set(
                s.scalars(
                    select(BriefingNoteRow.note_uuid).where(
                        BriefingNoteRow.briefing_id == item.briefing_id,
                        BriefingNoteRow.record_id == new,
                    )
                )
            )
        s.flush()
        s.add_all(
            BriefingNoteRow(briefing_id=item.briefing_id, record_id=new, note_uuid=u)
            for u in sorted(chosen)
        )
        s.execute(
            delete(BriefingNoteRow).where(
                BriefingNoteRow.briefing_id == item.briefing_id, BriefingNoteRow.record_id == old
            )
        )
        s.delete(item)
        s.flush()
    return len(items)
