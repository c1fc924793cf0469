"""Running functions off the GUI thread and getting their results back through a signal.

The app's one way to run work in the background: searches, the index and the
catalog check run in a Qt thread pool; work on files the user names (import,
export) runs in a thread of its own that quitting does not wait for, so a
file that never answers (a network share, a device) cannot hang the app.
Every failure comes back as one line (`ijref.failures.one_line`).
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

__all__ = ["TaskRunner"]

Done = Callable[[Any], object]
Failed = Callable[[str], object]


class TaskRunner(QObject):
    """Runs callables in a thread pool; their callbacks run in this object's thread.

    One long-lived object carries every answer (`finished(token, ok, value)`),
    so nothing is created or deleted per task: a result is never lost to a
    connection made too late, nor delivered to an object already gone. If the
    runner is deleted while a task runs, the task's answer is dropped.
    """

    finished = Signal(int, bool, object)

    def __init__(self, pool: QThreadPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool
        self._tokens = itertools.count(1)
        self._callbacks: dict[int, tuple[Done, Failed]] = {}
        self.finished.connect(self._finish)

    @property
    def pending(self) -> int:
        """How many tasks have not answered yet."""
        return len(self._callbacks)

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Done,
        on_failed: Failed,
        *,
        abandon_on_quit: bool = False,
    ) -> int:
        """Run `fn()` in the background; then `on_done(result)` or `on_failed(line)` here.

        Args:
            abandon_on_quit: run it in a daemon thread instead of the pool, for
                work on the user's own files: the app does not wait for it on
                quitting (an import left unfinished changes nothing, as it
                commits in one transaction).
        """
        token = next(self._tokens)
        self._callbacks[token] = (on_done, on_failed)
        finished = self.finished

        def task() -> None:
            try:
                value, ok = fn(), True
            except Exception as exc:  # reported to the GUI thread; never lost in a worker
                from ijref.failures import one_line

                value, ok = one_line(exc), False
            with contextlib.suppress(RuntimeError):  # the runner was deleted while this ran
                finished.emit(token, ok, value)

        if abandon_on_quit:
            threading.Thread(target=task, name=f"ijref-task-{token}", daemon=True).start()
        else:
            self._pool.start(task)
        return token

    def _finish(self, token: int, ok: bool, value: object) -> None:
        on_done, on_failed = self._callbacks.pop(token, (None, None))
        if ok and on_done is not None:
            on_done(value)
        elif not ok and on_failed is not None:
            on_failed(str(value))
