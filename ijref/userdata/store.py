"""`UserStore`: the service over the user's bookmarks and notes.

Every change is its own transaction, committed (and fsynced) before the method
returns; the notes index is updated right after. Nothing here ever logs note text.

Nothing is lost to a failing disk either: a save that cannot be written raises
`NotSavedError` (one line, the reason) and changes nothing; a backup that
cannot be written stops nothing and is reported in `notices`; a database that
cannot be opened for writing at all (a full disk) is opened read-only, and each
save tries again to open it for writing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import uuid as uuidlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ijref.domain.errors import UserFacingError
from ijref.domain.records import ID_PATTERN
from ijref.domain.text import clean_label
from ijref.userdata import backups, schema, sqlerrors
from ijref.userdata.autobackup import BACKUP_INTERVAL, AutoBackups
from ijref.userdata.briefings import BriefingBook, move_items
from ijref.userdata.database import make_engine
from ijref.userdata.entities import Bookmark, ImportReport, Note, NoteHit
from ijref.userdata.models import BookmarkRow, BookmarkTagRow, NoteRow, SeenChangeRow, utcnow
from ijref.userdata.noteindex import NotesIndex
from ijref.userdata.paths import (
    BACKUP_DIR,
    DB_FILE,
    INDEX_DIR,
    exposure,
    private_dir,
    private_file,
)
from ijref.userdata.startcheck import UserDataDamagedError, examine, wal_is_empty

__all__ = [
    "BACKUP_INTERVAL",
    "NotSavedError",
    "UserDataDamagedError",
    "UserStore",
    "check_record_id",
]

MAX_NOTE_CHARS = 1_000_000
MAX_TAG_CHARS = 100


class NotSavedError(UserFacingError):
    """A change could not be written; nothing was changed. `reason` is a few words."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"not saved: {reason}; free some space or fix the disk, then save again")


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
    out = {clean_label(t)[:MAX_TAG_CHARS] for t in tags}
    return tuple(sorted(t for t in out if t))


def _orig(exc: DBAPIError) -> BaseException:
    """The sqlite3 error under SQLAlchemy's wrapper (which quotes the SQL)."""
    return exc.orig or exc


def _cannot_read_now(exc: BaseException) -> bool:
    """A failure of the disk (full, I/O, locked), not of what the file holds."""
    orig = _orig(exc) if isinstance(exc, DBAPIError) else exc
    return (
        isinstance(orig, sqlite3.Error)
        and bool(getattr(orig, "sqlite_errorname", ""))
        and not sqlerrors.is_damage(orig)
    )


def _unreadable_reason(exc: BaseException) -> str:
    if isinstance(exc, UnicodeError) or "decode" in str(exc):
        return "a note's text is no longer valid text"
    if isinstance(exc, ValueError):
        return "a date in it can no longer be read"
    return "part of it can no longer be read"


class UserStore:
    """Bookmarks and notes in `data_dir/user.sqlite`, with backups and a notes index.

    Open with `UserStore.open(data_dir)`; close when done (or use `with`).

    Attributes:
        notices: one-line warnings about things that did not stop the work (a
            backup that could not be written, a folder others can read), for the
            status bar or the terminal.
        read_only: why the notes could only be opened for reading ("" when they
            can be written).
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
        self.migration_backup: Path | None = None
        self.notices: list[str] = []
        self._auto = AutoBackups(self.db_path, self.backup_dir, clock, self._tell)
        self.read_only = ""
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

        Checks the database (an empty file, a damaged log, SQLite's integrity
        check, then every note read back), takes a numbered backup and migrates
        if the schema is old, opens or rebuilds the notes index, and only then
        takes the start-up backup, unless the newest backup already holds the same.

        Raises:
            UserDataDamagedError: the database is damaged (it is left as it is).
            UserFacingError: the folder cannot be used, the schema is newer, or
                the file cannot be opened even for reading.
        """
        return cls(data_dir, known_ids=known_ids, auto_backup=auto_backup, clock=clock)

    def _start(self) -> None:
        try:
            private_dir(self.data_dir)
            private_dir(self.backup_dir)
        except OSError as exc:
            raise UserFacingError(
                f"cannot use {self.data_dir} for notes ({exc.strerror or exc}); "
                "choose another folder with --data-dir"
            ) from None
        warning = exposure(self.data_dir)
        if warning:
            self._tell(warning)
        for folder in (self.backup_dir, self.data_dir):
            backups.clean_partials(folder)
        found = examine(self.db_path, self.backup_dir, self._clock())
        if not found.existed:
            try:
                private_file(self.db_path)
            except OSError as exc:
                raise UserFacingError(
                    f"cannot create {self.db_path} ({exc.strerror or exc}); "
                    "choose another folder with --data-dir"
                ) from None
        self.read_only = ""
        if found.unreadable:
            self._open_read_only(found.unreadable)
        else:
            self._engine = make_engine(self.db_path)
            try:
                self.migration_backup = schema.upgrade(
                    self._engine, self.db_path, self.backup_dir, self._clock
                )
            except DBAPIError as exc:
                self._engine.dispose()
                if not _cannot_read_now(exc):
                    raise self._damaged(sqlerrors.reason(_orig(exc))) from None
                self._open_read_only(sqlerrors.reason(_orig(exc)))
            except BaseException:
                self._engine.dispose()
                raise
        self.briefings = BriefingBook(self._engine, self._clock, self._changed)
        try:
            notes = self._read_back()
            self._index = NotesIndex.open_or_rebuild(
                self.index_dir, notes, writable=not self.read_only
            )
        except BaseException:
            self._engine.dispose()  # leave no connection open on a file we did not take
            raise
        if found.existed and self._auto_backup and not self.read_only:
            self._auto.take_or_tell()

    def _tell(self, line: str) -> None:
        if line not in self.notices:
            self.notices.append(line)

    def _damaged(self, reason: str) -> UserDataDamagedError:
        return UserDataDamagedError(
            self.db_path, backups.newest_good_backup(self.backup_dir), reason
        )

    def _open_read_only(self, reason: str) -> None:
        """Open the file for reading only (say, on a full disk), when all of it is in the file."""
        if not wal_is_empty(self.db_path):
            raise UserFacingError(
                f"your notes in {self.data_dir} cannot be opened ({reason}); "
                "free some space or fix the disk, then start again"
            )
        self._engine = make_engine(self.db_path, read_only=True)
        try:
            with self._engine.connect() as conn:
                revision = schema.current_revision(conn)
                problem = conn.exec_driver_sql("PRAGMA quick_check").scalar()
        except DBAPIError as exc:
            self._engine.dispose()
            if sqlerrors.is_damage(_orig(exc)):
                raise self._damaged(sqlerrors.reason(_orig(exc))) from None
            raise UserFacingError(
                f"your notes in {self.data_dir} cannot be read ({sqlerrors.reason(_orig(exc))}); "
                "check the disk"
            ) from None
        if problem != "ok":
            self._engine.dispose()
            raise self._damaged("SQLite's integrity check fails")
        if revision != schema.HEAD:
            self._engine.dispose()
            raise UserFacingError(
                f"your notes need updating for this ijref, but {reason}; "
                "free some space, then start again"
            )
        self.read_only = reason
        self._tell(f"your notes are read-only for now: {reason}; free some space")

    def _read_back(self) -> list[Note]:
        """Every note and bookmark read back once: damage SQLite does not see shows here."""
        try:
            notes = self.notes()
            self.bookmarks()
        except DBAPIError as exc:
            if _cannot_read_now(exc):
                raise UserFacingError(
                    f"your notes in {self.data_dir} cannot be read "
                    f"({sqlerrors.reason(_orig(exc))}); check the disk"
                ) from None
            raise self._damaged(_unreadable_reason(_orig(exc))) from None
        except (ValueError, UnicodeError) as exc:
            raise self._damaged(_unreadable_reason(exc)) from None
        return notes

    def _ensure_writable(self) -> None:
        """Leave read-only mode once the disk lets the file be opened for writing again."""
        if not self.read_only:
            return
        engine = make_engine(self.db_path)
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT count(*) FROM notes"))
        except DBAPIError as exc:
            engine.dispose()
            raise NotSavedError(sqlerrors.reason(_orig(exc))) from None
        self._engine.dispose()
        self._engine = engine
        self.briefings = BriefingBook(self._engine, self._clock, self._changed)
        self.read_only = ""
        self._index = NotesIndex.open_or_rebuild(self.index_dir, self.notes())

    @contextlib.contextmanager
    def _writing(self) -> Iterator[Session]:
        """A session whose transaction commits on leaving; a disk failure is `NotSavedError`."""
        self._ensure_writable()
        try:
            with Session(self._engine, expire_on_commit=False) as s, s.begin():
                yield s
        except DBAPIError as exc:
            raise NotSavedError(sqlerrors.reason(_orig(exc))) from None

    def close(self) -> None:
        """Take a last backup if notes changed since the previous one, and close."""
        if self._auto.pending and self._auto_backup:
            self._auto.take_or_tell()
        self._engine.dispose()

    def __enter__(self) -> UserStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- backups
    def backup_now(self) -> Path:
        """An automatic backup now (unless the newest holds the same), then rotation.

        Raises:
            UserFacingError: it cannot be written (one line with the reason).
        """
        try:
            return self._auto.take()
        except (OSError, sqlite3.Error) as exc:
            raise UserFacingError(self._auto.describe_failure(exc)) from None

    def backup_if_due(self) -> Path | None:
        """A backup if notes changed and the last one is 30 minutes old (for an idle timer)."""
        return self._auto.if_due() if self._auto_backup else None

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

        Raises:
            UserFacingError: `backup` is damaged, not ijref notes, or from a newer
                ijref; nothing has been changed.
        """
        problem = backups.restorable_problem(backup)
        if problem:
            raise UserFacingError(problem)
        self._engine.dispose()
        kept = backups.restore(self.db_path, backup, now=self._clock())
        self._start()
        return kept

    def _changed(self) -> None:
        """After each committed change: a backup every 30 minutes while notes change."""
        if self._auto_backup:
            self._auto.changed()

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
        with self._writing() as s:
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
        with self._writing() as s:
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
        with self._writing() as s:
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
        with self._writing() as s:
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
        with self._writing() as s:
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
        with self._writing() as s:
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
        with self._writing() as s:
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
        with self._writing() as s:
            report, touched = transfer.merge(s, data)
        self._index.put(*(_note(row) for row in touched))
        if report.added or report.updated:
            self._changed()
        return report
