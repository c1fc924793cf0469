"""The last line of defence: any unexpected exception becomes one line, its details a log entry.

The CLI's `main` and every background job in the app use `one_line`, so a
person never sees a traceback and a bug report still has one: the log file
in the user's log folder (platformdirs' `user_log_path`). The log holds the
exception's type, where it happened and the traceback's frames, never the
exception's message beyond its first 200 characters, nor any local values.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from pathlib import Path

from ijref.domain.errors import UserFacingError

__all__ = ["LOG_FILE", "log_path", "one_line"]

LOG_FILE = "ijref.log"
MAX_LOG_BYTES = 1_000_000


def log_path() -> Path:
    """The log file, in platformdirs' user log folder (on Linux, under $XDG_STATE_HOME)."""
    from platformdirs import user_log_path

    return user_log_path("ijref", appauthor=False) / LOG_FILE


def _write_log(exc: BaseException) -> Path | None:
    """Append the exception's traceback to the log (owner-only); None if that fails too."""
    path = log_path()
    frames = "".join(traceback.format_tb(exc.__traceback__))
    first = (str(exc).splitlines() or [""])[0][:200]
    entry = (
        f"--- {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')} "
        f"{type(exc).__module__}.{type(exc).__qualname__}: {first}\n{frames}"
    )
    try:
        from ijref.userdata.paths import private_dir, private_file

        private_dir(path.parent)
        private_file(path)
        if path.stat().st_size > MAX_LOG_BYTES:  # keep the newest entries, drop the oldest
            path.replace(path.with_name(LOG_FILE + ".1"))
            private_file(path)
        with path.open("a", encoding="utf-8", errors="replace") as fh:
            fh.write(entry)
    except OSError:
        return None
    return path


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f"{os.sep}ijref{os.sep}" in f.filename] or frames
    if not ours:
        return ""
    last = ours[-1]
    name = Path(last.filename).name
    return f" in {name}:{last.lineno}"


def one_line(exc: BaseException) -> str:
    """What went wrong, in one line for a person; unexpected errors are logged in full.

    A `UserFacingError` is its own message; an `OSError` names the file and the
    reason; anything else names its type and place, and where the details are.
    """
    if isinstance(exc, UserFacingError):
        return str(exc).replace("\n", " ")
    if isinstance(exc, OSError):
        reason = exc.strerror or (str(exc).splitlines() or [type(exc).__name__])[0][:160]
        if exc.filename:
            return f"cannot use {exc.filename} ({reason}); check the path and its permissions"
        return f"a file could not be used ({reason}); check the disk and try again"
    if isinstance(exc, MemoryError):
        return "ijref ran out of memory; close other programs and try again"
    logged = _write_log(exc)
    details = f"; details are in {logged}" if logged else ""
    return f"unexpected error ({type(exc).__name__}{_where(exc)}){details}; please report it"
