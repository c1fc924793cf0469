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
    task: QRunnable | None = None


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], job: Job) -> None:
        super().__init__()
        # Python owns the task (the job holds it), so neither side frees it under the other.
        self.setAutoDelete(False)
        self._fn = fn
        self._job = job

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # reported to the GUI thread; never lost in a worker
            self._job.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self._job.done.emit(result)


def run_in_pool(
    pool: QThreadPool,
    fn: Callable[[], Any],
    parent: QObject,
    on_done: Callable[[Any], object],
    on_failed: Callable[[str], object] | None = None,
) -> Job:
    """Run `fn()` in `pool`; `on_done(result)` or `on_failed(message)` run in this thread.

    The callbacks are connected before the work starts: a queued signal only
    reaches the connections that existed when it was emitted.
    """
    job = Job(parent)
    job.done.connect(on_done)
    if on_failed is not None:
        job.failed.connect(on_failed)
    job.done.connect(job.deleteLater)
    job.failed.connect(job.deleteLater)
    job.task = _Task(fn, job)
    pool.start(job.task)
    return job
