"""Running a function off the GUI thread and getting its result back through a signal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

__all__ = ["Job", "run_in_pool"]


class Job(QObject):
    """The GUI-thread end of one background call: `done(result)` or `failed(message)`.

    The object lives in the thread that created it, so its signals arrive there
    (queued) even though the work ran elsewhere.
    """

    done = Signal(object)
    failed = Signal(str)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], job: Job) -> None:
        super().__init__()
        self._fn = fn
        self._job = job

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # reported to the GUI thread; never lost in a worker
            self._job.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self._job.done.emit(result)


def run_in_pool(pool: QThreadPool, fn: Callable[[], Any], parent: QObject) -> Job:
    """Run `fn()` in `pool`; connect to the returned job's signals (it is deleted after)."""
    job = Job(parent)
    job.done.connect(job.deleteLater)
    job.failed.connect(job.deleteLater)
    pool.start(_Task(fn, job))
    return job
