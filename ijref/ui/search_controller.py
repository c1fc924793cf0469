"""Search as you type: debounce, one query at a time off the GUI thread, stale answers dropped."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any, Protocol

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from ijref.ui.workers import TaskRunner

__all__ = ["SearchController", "SearchRequest", "Searcher"]

DEBOUNCE_MS = 150
LIMIT = 100
# Filters the results panel offers; any the service does not take are applied here.
FILTER_NAMES = ("kind", "sector", "year", "country")
# Flags asked of services that know them: the last word may be unfinished; count facets.
TYPING_FLAGS = ("as_you_type", "facets")


class Searcher(Protocol):
    """What the controller needs of `ijref.search.service.SearchService`."""

    def search(self, text: str, *args: Any, **kwargs: Any) -> Any: ...


@dataclass(frozen=True)
class SearchRequest:
    """Query text and the facet filters chosen (name → value)."""

    text: str
    filters: dict[str, str] = field(default_factory=dict)


def _local_filter(results: Any, filters: dict[str, str]) -> Any:
    """Apply the year filter the service did not take, on the hits' dates."""
    from dataclasses import replace

    year = filters.get("year")
    if not year:
        return results
    hits = tuple(h for h in results.hits if str(getattr(h, "date", "")).startswith(year))
    return replace(results, hits=hits, total=len(hits))


class SearchController(QObject):
    """Turns keystrokes into searches; emits `resultsReady(seq, request, results)`.

    Each request gets a sequence number; only the newest one's results are
    emitted (`dropped` counts the rest), so a slow early query can never
    overwrite the answer to what the person typed last. Queries run one at a
    time in a pool of one thread: a Whoosh searcher is not shared across threads.
    """

    resultsReady = Signal(int, object, object)
    failed = Signal(str)
    cleared = Signal()

    def __init__(self, parent: QObject | None = None, delay_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self._service: Searcher | None = None
        self._accepted: frozenset[str] = frozenset()
        self._flags: dict[str, bool] = {}
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
        return self._service is not None

    def set_service(self, service: Searcher) -> None:
        """Start answering; a query typed while the index was opening runs now."""
        self._service = service
        params = inspect.signature(service.search).parameters
        self._accepted = frozenset(n for n in FILTER_NAMES if n in params)
        self._flags = {n: True for n in TYPING_FLAGS if n in params}
        if self._request.text.strip():
            self._timer.start(0)

    def request(self, text: str, filters: dict[str, str] | None = None) -> int:
        """Ask for `text` with `filters`; returns the request's sequence number."""
        self.seq += 1
        self._request = SearchRequest(text, dict(filters or {}))
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
        service, request, seq = self._service, self._request, self.seq
        if service is None or not request.text.strip():
            return
        given: dict[str, Any] = {
            k: v for k, v in request.filters.items() if v and k in self._accepted
        }
        given.update(self._flags)
        rest = {k: v for k, v in request.filters.items() if v and k not in self._accepted}

        def work() -> Any:
            return _local_filter(service.search(request.text, limit=LIMIT, **given), rest)

        self._runner.run(
            work,
            lambda results: self._deliver(seq, request, results),
            lambda message: self._fail(seq, message),
        )

    def _deliver(self, seq: int, request: SearchRequest, results: Any) -> None:
        if seq != self.seq:
            self.dropped += 1
            return
        self.resultsReady.emit(seq, request, results)

    def _fail(self, seq: int, message: str) -> None:
        if seq == self.seq:
            self.failed.emit(message)
