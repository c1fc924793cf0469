"""`UserStore`: the service over the user's bookmarks and notes.

Every change is its own transaction, committed (and fsynced) before the method
returns; the notes index is updated right after. Nothing here ever logs note text.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from ijref.domain.errors import UserFacingError
from ijref.domain.records import ID_PATTERN
from ijref.userdata import backups, schema
from ijref.userdata.briefings import BriefingBook, move_items
from ijref.userdata.database import make_engine
from ijref.userdata.entities import Bookmark, ImportReport, Note, NoteHit
from ijref.userdata.models import BookmarkRow, BookmarkTagRow, NoteRow, SeenChangeRow, utcnow
from ijref.userdata.noteindex import NotesIndex
from ijref.userdata.paths import BACKUP_DIR, DB_FILE, INDEX_DIR, private_dir, private_file

__all__ = ["BACKUP_INTERVAL", "UserDataDamagedError", "UserStore", "check_record_id"]

BACKUP_INTERVAL = dt.timedelta(minutes=30)
MAX_NOTE_CHARS = 1_000_000
MAX_TAG_CHARS = 100


class UserDataDamagedError(UserFacingError):
    """The user database fails its integrity check; it is left untouched.

    Attributes:
        path: the damaged database file.
        backup: the newest backup that passes its integrity check, if any.
    """

    def __init__(self, path: Path, backup: backups.Backup | None) -> None:
        self.path = path
        self.backup = backup
        fix = (
            f"restore the newest good backup ({backup.path.name}) with File ▸ Restore backup "
            "or `ijref backups restore`"
            if backup
            else "no good backup was found; move the file away to start afresh"
        )
        super().__init__(f"your notes database {path} is damaged; {fix}")


def check_record_id(record_id: str) -> str:
    """`record_id` if it has the form `kind/slug`.

    Raises:
        UserFacingError: it does not.
    """
    if not ID_PATTERN.fullmatch(record_id):
        raise UserFacingError(
            f"{record_id[:80]!r} is not a record id; ids look like agreement/isro-jaxa-mou-2016"
        )
    return record_id


def _check_text(text: str) -> str:
    if len(text) > MAX_NOTE_CHARS:
        raise UserFacingError(
            f"a note is limited to {MAX_NOTE_CHARS:,} characters; split it into several notes"
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # e.g. undecodable bytes from a terminal, which SQLite cannot store as text
        raise UserFacingError(
            "the note holds bytes that are not text; set the terminal to UTF-8 and retype it"
        ) from None
    return text


def _note(row: NoteRow) -> Note:
    return Note(row.id, row.uuid, row.record_id, row.text, row.created_at, row.updated_at)


def _clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    out = {t.strip()[:MAX_TAG_CHARS] for t in tags}
    return tuple(sorted(t for t in out if t))


class UserStore:
    """Bookmarks and notes in `data_dir/user.sqlite`, with backups and a notes index.

    Open with `UserStore.open(data_dir)`; close when done (or use `with`).
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        known_ids: frozenset[str] | None = None,
        auto_backup: bool = True,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.data_dir = data_dir
        self.db_path = data_dir / DB_FILE
        self.backup_dir = data_dir / BACKUP_DIR
        self.index_dir = data_dir / INDEX_DIR
        self.known_ids = known_ids
        self._auto_backup = auto_backup
        self._clock = clock
        self._changed_since_backup = False
        self._last_backup: dt.datetime | None = None
        self.migration_backup: Path | None = None
        self._engine: Engine
        self._index: NotesIndex
        self.briefings: BriefingBook
        self._start()

    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        known_ids: frozenset[str] | None = None,
        auto_backup: bool = True,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> UserStore:
        """Open (creating if needed) the user data in `data_dir`.

        Checks the database's integrity, takes a numbered backup and migrates if
        the schema is old, takes the start-up backup, and opens or rebuilds the
        notes index.

        Raises:
            UserDataDamagedError: the database fails `integrity_check`.
            UserFacingError: the folder cannot be written, or the schema is newer.
        """
        return cls(data_dir, known_ids=known_ids, auto_backup=auto_backup, clock=clock)

    def _start(self) -> None:
        try:
            private_dir(self.data_dir)
            private_dir(self.backup_dir)
        except OSError as exc:
            raise UserFacingError(
                f"cannot use {self.data_dir} for notes ({exc.strerror}); "
                "choose another folder with --data-dir"
            ) from None
        existed = self.db_path.is_file() and self.db_path.stat().st_size > 0
        if existed and not backups.integrity_ok(self.db_path):
            raise UserDataDamagedError(self.db_path, backups.newest_good_backup(self.backup_dir))
        private_file(self.db_path)
        self._engine = make_engine(self.db_path)
        self.briefings = BriefingBook(self._engine, self._clock, self._changed)
        try:
            self.migration_backup = schema.upgrade(
                self._engine, self.db_path, self.backup_dir, self._clock
            )
            if existed and self._auto_backup:
                self.backup_now()
            self._index = NotesIndex.open_or_rebuild(self.index_dir, self.notes())
        except BaseException:
            self._engine.dispose()  # leave no connection open on a file we did not take
            raise

    def close(self) -> None:
        """Take a last backup if notes changed since the previous one, and close."""
        if self._changed_since_backup and self._auto_backup:
            self.backup_now()
        self._engine.dispose()

    def __enter__(self) -> UserStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- backups
    def backup_now(self) -> Path:
        """An automatic backup now, then rotation of the old ones."""
        now = self._clock()
        path = backups.make_backup(self.db_path, self.backup_dir, backups.AUTO, now=now)
        backups.rotate(self.backup_dir)
        self._last_backup = now
        self._changed_since_backup = False
        return path

    def backup_if_due(self) -> Path | None:
        """A backup if notes changed and the last one is 30 minutes old (for an idle timer)."""
        due = self._last_backup is None or self._clock() - self._last_backup >= BACKUP_INTERVAL
        if self._changed_since_backup and self._auto_backup and due:
            return self.backup_now()
        return None

    def backup_to(self, dest: Path) -> Path:
        """A backup by hand, into a file the user chose."""
        backups.copy_database(self.db_path, dest)
        return dest

    def backups(self) -> list[backups.Backup]:
        """The backups in the backups folder, newest first."""
        return backups.list_backups(self.backup_dir)

    def restore(self, backup: Path) -> Path | None:
        """Replace the database with `backup` and reopen; the current file is kept beside it.

        Returns where the replaced file was kept.
        """
        self._engine.dispose()
        kept = backups.restore(self.db_path, backup, now=self._clock())
        self._start()
        return kept

    def _changed(self) -> None:
        """After each committed change: a backup every 30 minutes while notes change."""
        self._changed_since_backup = True
        if not self._auto_backup:
            return
        now = self._clock()
        if self._last_backup is None:
            self._last_backup = now
        elif now - self._last_backup >= BACKUP_INTERVAL:
            self.backup_now()

    # ------------------------------------------------------------------ notes
    def add_note(self, record_id: str | None, text: str) -> Note:
        """A new note on `record_id` (None: free-standing), committed before returning."""
        if record_id is not None:
            check_record_id(record_id)
        now = self._clock()
        row = NoteRow(
            uuid=str(uuidlib.uuid4()),
            record_id=record_id,
            text=_check_text(text),
            created_at=now,
            updated_at=now,
        )
        with Session(self._engine, expire_on_commit=False) as s, s.begin():
            s.add(row)
        note = _note(row)
        self._index.put(note)
        self._changed()
        return note

    def update_note(self, note_id: int, text: str) -> Note:
        """Replace a note's text; a save with unchanged text writes nothing.

        Raises:
            UserFacingError: there is no such note (deleted elsewhere).
        """
        _check_text(text)
        with Session(self._engine, expire_on_commit=False) as s, s.begin():
            row = s.get(NoteRow, note_id)
            if row is None:
                raise UserFacingError(f"note {note_id} no longer exists; copy its text elsewhere")
            if row.text == text:
                return _note(row)
            row.text = text
            row.updated_at = max(self._clock(), row.updated_at)
        note = _note(row)
        self._index.put(note)
        self._changed()
        return note

    def delete_note(self, note_id: int) -> None:
        """Delete a note; only ever called on the user's explicit request."""
        with Session(self._engine) as s, s.begin():
            s.execute(delete(NoteRow).where(NoteRow.id == note_id))
        self._index.remove(note_id)
        self._changed()

    def note(self, note_id: int) -> Note | None:
        with Session(self._engine) as s:
            row = s.get(NoteRow, note_id)
            return _note(row) if row else None

    def notes(self, record_id: str | None = None, contains: str = "") -> list[Note]:
        """Notes, newest first; only those on `record_id` if given; `contains` filters text."""
        query = select(NoteRow).order_by(NoteRow.updated_at.desc(), NoteRow.id.desc())
        if record_id is not None:
            query = query.where(NoteRow.record_id == record_id)
        if contains:
            needle = contains.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(
                NoteRow.text.ilike(f"%{needle}%", escape="\\")
                | NoteRow.record_id.ilike(f"%{needle}%", escape="\\")
            )
        with Session(self._engine) as s:
            return [_note(r) for r in s.scalars(query)]

    def note_count(self) -> int:
        with Session(self._engine) as s:
            return s.scalar(select(func.count()).select_from(NoteRow)) or 0

    def search_notes(self, text: str, limit: int = 20) -> list[NoteHit]:
        """Notes matching `text` in the user-side index, best first; hits say `kind="note"`."""
        return self._index.search(text, limit)

    # -------------------------------------------------------------- bookmarks
    def is_bookmarked(self, record_id: str) -> bool:
        with Session(self._engine) as s:
            return s.get(BookmarkRow, record_id) is not None

    def add_bookmark(self, record_id: str, tags: Iterable[str] = ()) -> Bookmark:
        """Bookmark `record_id` (adding `tags` if it already is)."""
        check_record_id(record_id)
        with Session(self._engine, expire_on_commit=False) as s, s.begin():
            row = s.get(BookmarkRow, record_id)
            if row is None:
                row = BookmarkRow(record_id=record_id, created_at=self._clock())
                s.add(row)
                s.flush()
            have = set(
                s.scalars(select(BookmarkTagRow.tag).where(BookmarkTagRow.record_id == record_id))
            )
            for tag in _clean_tags(tags):
                if tag not in have:
                    s.add(BookmarkTagRow(record_id=record_id, tag=tag))
        self._changed()
        return self.bookmark(record_id) or Bookmark(record_id, row.created_at)

    def remove_bookmark(self, record_id: str) -> bool:
        """Remove a bookmark; returns whether there was one."""
        with Session(self._engine) as s, s.begin():
            found = s.get(BookmarkRow, record_id)
            if found is not None:
                s.delete(found)
        self._changed()
        return found is not None

    def toggle_bookmark(self, record_id: str) -> bool:
        """Bookmark or unbookmark `record_id`; returns whether it is bookmarked now."""
        if self.remove_bookmark(record_id):
            return False
        self.add_bookmark(record_id)
        return True

    def set_tags(self, record_id: str, tags: Iterable[str]) -> Bookmark:
        """Replace a bookmark's tags (bookmarking the record if needed)."""
        self.add_bookmark(record_id)
        with Session(self._engine) as s, s.begin():
            s.execute(delete(BookmarkTagRow).where(BookmarkTagRow.record_id == record_id))
            s.add_all(BookmarkTagRow(record_id=record_id, tag=t) for t in _clean_tags(tags))
        self._changed()
        return self.bookmark(record_id) or Bookmark(record_id, self._clock())

    def bookmark(self, record_id: str) -> Bookmark | None:
        return next((b for b in self.bookmarks() if b.record_id == record_id), None)

    def bookmarks(self) -> list[Bookmark]:
        """Every bookmark, newest first."""
        with Session(self._engine) as s:
            tags: dict[str, list[str]] = {}
            for rid, tag in s.execute(
                select(BookmarkTagRow.record_id, BookmarkTagRow.tag).order_by(BookmarkTagRow.tag)
            ):
                tags.setdefault(rid, []).append(tag)
            rows = s.scalars(select(BookmarkRow).order_by(BookmarkRow.created_at.desc()))
            return [
                Bookmark(r.record_id, r.created_at, tuple(tags.get(r.record_id, ()))) for r in rows
            ]

    # ---------------------------------------------------------------- renames
    def follow_renames(self, renames: Mapping[str, str]) -> int:
        """Move notes, bookmarks and briefing items from each old record id to its new one,
        in one transaction.

        A data update may rename a record (`replaces` in its record file); the
        user's data follows it. A bookmark on both ids keeps the earlier date and
        every tag; a briefing holding both keeps the earlier place. Notes keep
        their dates: a rename is not an edit.

        Returns:
            How many notes, bookmarks and briefing items moved.
        """
        pairs = {
            check_record_id(old): check_record_id(new)
            for old, new in sorted(renames.items())
            if old != new
        }
        if not pairs:
            return 0
        moved: list[NoteRow] = []
        marks = 0
        with Session(self._engine, expire_on_commit=False) as s, s.begin():
            for old, new in pairs.items():
                rows = s.scalars(select(NoteRow).where(NoteRow.record_id == old)).all()
                for row in rows:
                    row.record_id = new
                moved.extend(rows)
                marks += self._move_bookmark(s, old, new)
                marks += move_items(s, old, new)
        if moved:
            self._index.put(*(_note(row) for row in moved))
        if moved or marks:
            self._changed()
        return len(moved) + marks

    @staticmethod
    def _move_bookmark(s: Session, old: str, new: str) -> int:
        row = s.get(BookmarkRow, old)
        if row is None:
            return 0
        tags = set(s.scalars(select(BookmarkTagRow.tag).where(BookmarkTagRow.record_id == old)))
        target = s.get(BookmarkRow, new)
        if target is None:
            s.add(BookmarkRow(record_id=new, created_at=row.created_at))
        else:
            target.created_at = min(target.created_at, row.created_at)
            tags -= set(
                s.scalars(select(BookmarkTagRow.tag).where(BookmarkTagRow.record_id == new))
            )
        s.execute(delete(BookmarkTagRow).where(BookmarkTagRow.record_id == old))
        s.delete(row)
        s.flush()
        s.add_all(BookmarkTagRow(record_id=new, tag=t) for t in sorted(tags))
        return 1

    # ---------------------------------------------------- data-update marks
    def seen_changes(self, data_version: str) -> frozenset[str]:
        """The records changed by the data update `data_version` that the user has opened."""
        with Session(self._engine) as s:
            rows = s.scalars(
                select(SeenChangeRow.record_id).where(SeenChangeRow.data_version == data_version)
            )
            return frozenset(rows)

    def mark_seen(self, data_version: str, record_id: str) -> None:
        """The user opened a record the data update `data_version` changed (it is no longer
        marked). Not a change to the user's notes: no backup is due for it."""
        check_record_id(record_id)
        with Session(self._engine) as s, s.begin():
            if s.get(SeenChangeRow, (data_version[:64], record_id)) is None:
                s.add(
                    SeenChangeRow(
                        data_version=data_version[:64], record_id=record_id, seen_at=self._clock()
                    )
                )

    # ---------------------------------------------------------------- orphans
    def is_orphan(self, record_id: str | None) -> bool:
        """True when `record_id` is not in the catalog (free-standing notes never are)."""
        return (
            record_id is not None and self.known_ids is not None and record_id not in self.known_ids
        )

    def orphaned_notes(self) -> list[Note]:
        """Notes whose record is no longer in the catalog: kept, listed, never deleted."""
        return [n for n in self.notes() if self.is_orphan(n.record_id)]

    def orphaned_bookmarks(self) -> list[Bookmark]:
        return [b for b in self.bookmarks() if self.is_orphan(b.record_id)]

    # ---------------------------------------------------------- export/import
    def export_json(self, dest: Path) -> Path:
        """Every note, bookmark and briefing to a versioned JSON file (see `transfer`)."""
        from ijref.userdata import transfer

        return transfer.write_json(
            dest, self.notes(), self.bookmarks(), self._clock(), self.briefings.briefings()
        )

    def export_markdown(self, dest: Path, titles: dict[str, str] | None = None) -> Path:
        """Every note and bookmark as Markdown, for reading and printing."""
        from ijref.userdata import transfer

        return transfer.write_markdown(dest, self.notes(), self.bookmarks(), titles or {})

    def import_json(self, source: Path) -> ImportReport:
        """Merge an export file in one transaction; refuses a bad file with nothing changed.

        Raises:
            UserFacingError: the file is not a valid export (one line saying why).
        """
        from ijref.userdata import transfer

        data = transfer.read_json(source)
        with Session(self._engine, expire_on_commit=False) as s, s.begin():
            report, touched = transfer.merge(s, data)
        self._index.put(*(_note(row) for row in touched))
        if report.added or report.updated:
            self._changed()
        return report
