"""The user-side Whoosh index of notes, in the user data folder, kept in step with every save.

It is derived data: when it is missing, damaged or out of step with the
database (say the app was killed between a save and its index update) it is
rebuilt from the database on open.

Whoosh unpickles an index's table of contents as it opens it, so an index is
opened only when no one but this user can change it (ijref makes its folder
0700): one that others could write (made under umask 000 by an older ijref,
or put there by someone else in a shared data folder) or a symbolic link is
never opened, and the notes are indexed afresh instead.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import stat
import time
import uuid as uuidlib
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.highlight import ContextFragmenter, HtmlFormatter
from whoosh.qparser import OrGroup, QueryParser

from ijref.userdata.entities import Note, NoteHit
from ijref.userdata.note_plain import plain_text
from ijref.userdata.paths import private_dir

__all__ = ["NotesIndex"]


# Whoosh's default token pattern keeps `*` inside words, so Markdown's `**bold**`
# would be indexed as one token with its stars; notes are Markdown, so split on them.
_WORDS = r"\w+(\.?\w+)*"


# Bump when the schema or analyser changes: an index under an older name is not
# found, so it is rebuilt.
INDEX_NAME = "notes_v2"
WRITE_TIMEOUT_S = 2.0
# Only the start of a very long note is indexed: indexing runs with each save, and
# a pasted half-million characters would take seconds every time.
MAX_INDEXED_CHARS = 100_000
# The start of a note is indexed as the text a reader sees (no Markdown syntax in
# snippets); reading Markdown costs about 2.5 ms per 1,000 characters, so a very
# long note's remainder is indexed as written.
PLAIN_CHARS = 20_000
# A folder `notes-index.new-…`/`.old-…` this old belongs to no running process.
LEFTOVER_AGE_S = 600
_POSIX = hasattr(os, "getuid")


def _schema() -> Schema:
    return Schema(
        note_id=ID(stored=True, unique=True),
        record_id=ID(stored=True),
        title=STORED(),
        text=TEXT(stored=True, analyzer=StemmingAnalyzer(expression=_WORDS)),
        updated=STORED(),
    )


def _doc(note: Note) -> dict[str, Any]:
    return {
        "note_id": str(note.id),
        "record_id": note.record_id or "",
        "title": note.title,
        "text": _indexed_text(note.text),
        "updated": note.updated_at.isoformat(),
    }


def _indexed_text(text: str) -> str:
    text = text[:MAX_INDEXED_CHARS]
    return plain_text(text[:PLAIN_CHARS]) + text[PLAIN_CHARS:]


class NotesIndex:
    """Open with `open_or_rebuild`; `put`/`remove` after each committed change; `search`.

    Several ijref processes may share the folder (two windows, a window and a
    script): an index out of step is brought up to date in place, under Whoosh's
    own write lock, and a missing or damaged one is built in a folder of its own
    and swapped in, so no process ever deletes files another is using. When
    the folder cannot be written at all (a full disk) the index is kept in memory.
    """

    def __init__(self, folder: Path, ix: Any, *, stale: bool = False) -> None:
        self.folder = folder
        self._ix = ix
        self.stale = stale

    @classmethod
    def open_or_rebuild(
        cls, folder: Path, notes: Iterable[Note], *, writable: bool = True
    ) -> NotesIndex:
        """Open the index in `folder` and bring it in step with `notes`, or build it anew.

        With `writable` False (the notes are read-only for now) nothing is written
        to the folder: an index out of step is built in memory instead.
        """
        notes = list(notes)
        wanted = {str(n.id): n.updated_at.isoformat() for n in notes}
        _clean_leftovers(folder)
        # Whoosh leaves files open when it fails on a damaged index; they are closed
        # here, quietly, as the failed attempt is dropped.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            try:
                ix = _open_private(folder)
                with ix.searcher() as s:
                    have = {f["note_id"]: f["updated"] for f in s.all_stored_fields()}
            except Exception:  # any damage to derived data means: rebuild it
                ix = None
                gc.collect()
        if ix is not None and have == wanted:
            return cls(folder, ix)
        if not writable:
            return cls.in_memory(folder, notes)
        if ix is not None:
            return cls._catch_up(folder, ix, notes, have, wanted)
        return cls.rebuild(folder, notes)

    @classmethod
    def _catch_up(
        cls,
        folder: Path,
        ix: Any,
        notes: list[Note],
        have: dict[str, str],
        wanted: dict[str, str],
    ) -> NotesIndex:
        """Put in what another process (or a kill) left out, and take out what is gone."""
        try:
            writer = ix.writer(timeout=WRITE_TIMEOUT_S)
        except Exception:  # another ijref is writing it: search what is there
            return cls(folder, ix, stale=True)
        try:
            for note_id in have.keys() - wanted.keys():
                writer.delete_by_term("note_id", note_id)
            for note in notes:
                if have.get(str(note.id)) != wanted[str(note.id)]:
                    writer.update_document(**_doc(note))
            writer.commit()
        except Exception:
            with contextlib.suppress(Exception):
                writer.cancel()
            return cls(folder, ix, stale=True)
        return cls(folder, ix)

    @classmethod
    def rebuild(cls, folder: Path, notes: Iterable[Note]) -> NotesIndex:
        """A fresh index of `notes`, built aside and swapped in for whatever `folder` held."""
        notes = list(notes)
        tag = f"{os.getpid()}-{uuidlib.uuid4().hex[:8]}"
        fresh = folder.with_name(f"{folder.name}.new-{tag}")
        try:
            private_dir(fresh)
            ix = index.create_in(str(fresh), _schema(), indexname=INDEX_NAME)
            writer = ix.writer()
            for note in notes:
                writer.add_document(**_doc(note))
            writer.commit()
            ix.close()
            old = folder.with_name(f"{folder.name}.old-{tag}")
            with contextlib.suppress(FileNotFoundError):
                folder.rename(old)
            try:
                fresh.rename(folder)
            except OSError:  # another ijref swapped its own in meanwhile: use that one
                shutil.rmtree(fresh, ignore_errors=True)
            _remove(old)
            return cls(folder, _open_private(folder))
        except Exception:  # no room, a race lost, a folder not ours: searched in memory
            shutil.rmtree(fresh, ignore_errors=True)
            return cls.in_memory(folder, notes)

    @classmethod
    def in_memory(cls, folder: Path, notes: Iterable[Note]) -> NotesIndex:
        """An index of `notes` in memory, rebuilt in `folder` on a later open."""
        ix = RamStorage().create_index(_schema(), indexname=INDEX_NAME)
        writer = ix.writer()
        for note in notes:
            writer.add_document(**_doc(note))
        writer.commit()
        return cls(folder, ix, stale=True)

    def put(self, *notes: Note) -> None:
        """Add or replace notes, in one index commit."""

        def change(writer: Any) -> None:
            for note in notes:
                writer.update_document(**_doc(note))

        if notes:
            self._write(change)

    def remove(self, note_id: int) -> None:
        self._write(lambda w: w.delete_by_term("note_id", str(note_id)))

    def _write(self, change: Any) -> None:
        # The database is the truth: if the index cannot be written now (another
        # ijref holds its lock, a full disk), the save stands and the index is
        # brought in step on the next open.
        try:
            writer = self._ix.writer(timeout=WRITE_TIMEOUT_S)
            try:
                change(writer)
                writer.commit()
            except BaseException:
                writer.cancel()
                raise
        except Exception:
            self.stale = True

    def search(self, text: str, limit: int = 20) -> list[NoteHit]:
        """Notes matching `text`, best first, with highlighted fragments (HTML-escaped).

        Never raises: an index another process is replacing right now finds
        nothing this once.
        """
        if not text.strip():
            return []
        try:
            return self._search(text, limit)
        except Exception:
            self.stale = True
            return []

    def _search(self, text: str, limit: int) -> list[NoteHit]:
        query = QueryParser("text", self._ix.schema, group=OrGroup).parse(text)
        with self._ix.searcher() as s:
            results = s.search(query, limit=limit)
            results.fragmenter = ContextFragmenter(maxchars=160, surround=40)
            results.formatter = HtmlFormatter(tagname="b", between=" … ")
            return [
                NoteHit(
                    note_id=int(h["note_id"]),
                    record_id=h["record_id"] or None,
                    title=h["title"],
                    score=float(h.score),
                    highlights=h.highlights("text") or "",
                )
                for h in results
            ]


def _open_private(folder: Path) -> Any:
    """Open the index in `folder` if no one but this user can change what is in it.

    The folder must be a real folder (no link) of this user's that others cannot
    write; if others can look into it (0755, say), each of its files must be
    this user's and not writable by others either.

    Raises:
        PermissionError: it is a link, someone else's, or open to others: not opened.
    """
    st = os.lstat(folder)
    if not stat.S_ISDIR(st.st_mode) or not _mine_unwritable(st):
        raise PermissionError(f"{folder} is not a folder only this user can change")
    if _POSIX and st.st_mode & 0o011:
        for path in folder.iterdir():
            if not _mine_unwritable(os.lstat(path)):  # a link is 0777: refused too
                raise PermissionError(f"{path} could be changed by someone else")
    return index.open_dir(str(folder), indexname=INDEX_NAME)


def _mine_unwritable(st: os.stat_result) -> bool:
    """Whether the file or folder `st` is this user's and no one else may write it."""
    return not _POSIX or (st.st_uid == os.getuid() and not st.st_mode & 0o022)


def _remove(path: Path) -> None:
    """Remove a folder swapped out of the way, or the link that stood in for one."""
    if path.is_symlink():
        with contextlib.suppress(OSError):
            path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def _clean_leftovers(folder: Path) -> None:
    """Remove half-built or swapped-out index folders that a killed process left behind."""
    cutoff = time.time() - LEFTOVER_AGE_S
    for path in folder.parent.glob(f"{folder.name}.*-*"):
        with contextlib.suppress(OSError):
            if path.is_dir() and path.stat().st_mtime < cutoff:
                shutil.rmtree(path, ignore_errors=True)
