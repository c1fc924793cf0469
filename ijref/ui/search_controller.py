"""Search as you type: debounce, one query at a time off the GUI thread, stale answers dropped.

The user's notes are searched in the same worker, right after the catalog, so
one answer carries both and neither can be stale against the other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from ijref.search.results import Results
from ijref.search.window import Searcher, SearchRequest, window_search
from ijref.ui.workers import TaskRunner

__all__ = ["NOTE_KIND", "NoteSearcher", "SearchController", "SearchRequest", "Searcher"]

DEBOUNCE_MS = 150
# The kind a note hit carries, and the kind filter that asks for notes only.
NOTE_KIND = "note"
# Notes shown among the records; with the kind filter set to notes, up to NOTES_LIMIT.
NOTES_AMONG_RECORDS = 5
NOTES_LIMIT = 50

# `UserStore.search_notes`: text, limit → note hits (`note_id`, `record_id`, `title`, …).
NoteSearcher = Callable[[str, int], Sequence[Any]]


def _search_notes(notes: NoteSearcher, text: str, limit: int) -> tuple[Any, ...]:
    """Note hits for `text`; none if the notes index cannot answer now.

    The GUI thread may be saving a note (and so rewriting the notes index) while
    this runs; Whoosh segments are immutable files, but one being merged away can
    vanish under a reader, so one retry covers that. Notes never cost the records.
    """
    for _attempt in range(2):
        try:
            return tuple(notes(text, limit))
        except Exception:  # derived data; the store rebuilds it on next open
            continue
    return ()


class SearchController(QObject):
    """Turns keystrokes into searches; emits `answered(seq, request, results, notes)`.

    `searching(seq)` says the debounce has fired and the search of `seq` starts.
    `resultsReady(seq, request, results)` carries the catalog's part alone, for
    views that show records only. Notes are searched when `set_notes` gave a
    searcher and no facet filter is chosen (notes have no sector or year); the
    kind filter `note` asks for notes only.

    Each request gets a sequence number; only the newest one's results are
    emitted (`dropped` counts the rest), so a slow early query can never
    overwrite the answer to what the person typed last. Queries run one at a
    time in a pool of one thread: a Whoosh searcher is not shared across threads.
    """

    searching = Signal(int)
    resultsReady = Signal(int, object, object)
    answered = Signal(int, object, object, object)
    failed = Signal(str)
    cleared = Signal()

    def __init__(self, parent: QObject | None = None, delay_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self._service: Searcher | None = None
        self._notes: NoteSearcher | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._runner = TaskRunner(self._pool, self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._start)
        self._request = SearchRequest("")
        self.seq = 0
        self.dropped = 0

    @property
    def ready(self) -> bool:
        return self._service is not None or self._notes is not None

    def set_notes(self, notes: NoteSearcher | None) -> None:
        """Search the user's notes too, asking again for the text shown (None: stop).

        `notes` is called in the search worker, one call at a time, never on the GUI thread.
        """
        self._notes = notes
        if notes is not None and self._request.text.strip():
            self.request(self._request.text, self._request.filters, correct=self._request.correct)

    def set_service(self, service: Searcher) -> None:
        """Start answering; a query typed while the index was opening runs now."""
        self._service = service
        if self._request.text.strip():
            self._timer.start(0)

    def request(
        self, text: str, filters: Mapping[str, str] | None = None, *, correct: bool = True
    ) -> int:
        """Ask for `text` with `filters`; returns the request's sequence number.

        `correct=False` searches the words as typed (after "search instead for …").
        """
        self.seq += 1
        self._request = SearchRequest(text, dict(filters or {}), correct)
        if not text.strip():
            self._timer.stop()
            self.cleared.emit()
        else:
            self._timer.start()
        return self.seq

    def wait_for_idle(self, msecs: int = 5000) -> bool:
        """Block until running queries finish (for shutdown)."""
        return self._pool.waitForDone(msecs)

    def _start(self) -> None:
        service, notes, request, seq = self._service, self._notes, self._request, self.seq
        if (service is None and notes is None) or not request.text.strip():
            return
        self.searching.emit(seq)
        chosen = {k: v for k, v in request.filters.items() if v}
        notes_only = chosen.get("kind") == NOTE_KIND
        if notes_only or chosen:
            note_limit = NOTES_LIMIT if notes_only and set(chosen) == {"kind"} else 0
        else:
            note_limit = NOTES_AMONG_RECORDS

        def work() -> tuple[Results, tuple[Any, ...]]:
            if service is None or notes_only:
                # the catalog's part when it was not asked (notes only, or no index)
                results = Results((), 0)
            else:
                results = window_search(service, request)
            found = _search_notes(notes, request.text, note_limit) if notes and note_limit else ()
            return results, found

        self._runner.run(
            work,
            lambda answer: self._deliver(seq, request, *answer),
            lambda message: self._fail(seq, message),
        )

    def _deliver(self, seq: int, request: SearchRequest, results: Any, notes: Any) -> None:
        if seq != self.seq:
            self.dropped += 1
            return
        self.resultsReady.emit(seq, request, results)
        self.answered.emit(seq, request, results, notes)

    def _fail(self, seq: int, message: str) -> None:
        if seq == self.seq:
            self.failed.emit(message)
