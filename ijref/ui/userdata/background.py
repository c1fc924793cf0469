"""Running one slow job (export, import) off the GUI thread, with the result back as a signal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ijref.domain.errors import UserFacingError

__all__ = ["Job", "run_in_background"]


class Job(QObject):
    """Signals of one background job: `done(result)` or `failed(one-line reason)`."""

    done = Signal(object)
    failed = Signal(str)


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[], Any], job: Job) -> None:
        super().__init__()
        self._work = work
        self._job = job

    def run(self) -> None:
        try:
            result = self._work()
        except UserFacingError as exc:
            self._job.failed.emit(str(exc))
        except OSError as exc:
            self._job.failed.emit(f"{exc.strerror or exc}; check the file and try again")
        else:
            self._job.done.emit(result)


def run_in_background(
    work: Callable[[], Any],
    parent: QObject,
    done: Callable[[Any], object],
    failed: Callable[[str], object],
) -> Job:
    """Start `work` on the global thread pool; `done` or `failed` then runs in the GUI thread.

    The handlers are connected before the work starts, so a fast job cannot
    finish unheard; the job object lives in the GUI thread (child of `parent`).
    """
    job = Job(parent)
    job.done.connect(done)
    job.failed.connect(failed)
    QThreadPool.globalInstance().start(_Runnable(work, job))
    return job
