"""The user-side Whoosh index of notes, in the user data folder, kept in step with every save.

It is derived data: when it is missing, damaged or out of step with the
database (say the app was killed between a save and its index update) it is
rebuilt from the database on open.
"""

from __future__ import annotations

import gc
import shutil
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.highlight import ContextFragmenter, HtmlFormatter
from whoosh.qparser import OrGroup, QueryParser

from ijref.userdata.entities import Note, NoteHit
from ijref.userdata.paths import private_dir

__all__ = ["NotesIndex"]


# Whoosh's default token pattern keeps `*` inside words, so Markdown's `**bold**`
# would be indexed as one token with its stars; notes are Markdown, so split on them.
_WORDS = r"\w+(\.?\w+)*"


# Bump when the schema or analyser changes: an index under an older name is not
# found, so it is rebuilt.
INDEX_NAME = "notes_v1"


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
        "text": note.text,
        "updated": note.updated_at.isoformat(),
    }


class NotesIndex:
    """Open with `open_or_rebuild`; `put`/`remove` after each committed change; `search`."""

    def __init__(self, folder: Path, ix: Any) -> None:
        self.folder = folder
        self._ix = ix
        self.stale = False

    @classmethod
    def open_or_rebuild(cls, folder: Path, notes: Iterable[Note]) -> NotesIndex:
        """Open the index in `folder`, rebuilding it from `notes` unless it matches them exactly."""
        notes = list(notes)
        wanted = {str(n.id): n.updated_at.isoformat() for n in notes}
        # Whoosh leaves files open when it fails on a damaged index; they are closed
        # here, quietly, as the failed attempt is dropped.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            try:
                ix = index.open_dir(str(folder), indexname=INDEX_NAME)
                with ix.searcher() as s:
                    have = {f["note_id"]: f["updated"] for f in s.all_stored_fields()}
                if have == wanted:
                    return cls(folder, ix)
            except Exception:  # any damage to derived data means: rebuild it
                pass
            gc.collect()
        return cls.rebuild(folder, notes)

    @classmethod
    def rebuild(cls, folder: Path, notes: Iterable[Note]) -> NotesIndex:
        """A fresh index of `notes` in `folder` (whatever was there is derived data)."""
        shutil.rmtree(folder, ignore_errors=True)
        private_dir(folder)
        ix = index.create_in(str(folder), _schema(), indexname=INDEX_NAME)
        writer = ix.writer()
        for note in notes:
            writer.add_document(**_doc(note))
        writer.commit()
        return cls(folder, ix)

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
        # rebuilt on next open.
        try:
            writer = self._ix.writer(timeout=2.0)
            change(writer)
            writer.commit()
        except Exception:
            self.stale = True

    def search(self, text: str, limit: int = 20) -> list[NoteHit]:
        """Notes matching `text`, best first, with highlighted fragments (HTML-escaped)."""
        if not text.strip():
            return []
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
