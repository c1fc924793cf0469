"""Installing a pack in a child process (`ijref pack install --progress`), as the app does.

Checking, validating and indexing a pack is pure-Python work; in a thread of
the app it would hold the interpreter lock for long stretches and the window
would stop answering. A child process does the work, printing one JSON line
per step; the parent reads them (waiting on a pipe, which holds no lock) and
hears the result, or the one line that refused the pack.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ijref.packs.errors import PackError

__all__ = ["InstallProcess", "Installed", "ijref_command"]

Progress = Callable[[str, float], None]


# The window comes first: on a laptop's two cores the install yields to it.
if sys.platform == "win32":
    _BELOW_NORMAL = subprocess.BELOW_NORMAL_PRIORITY_CLASS
else:
    _BELOW_NORMAL = 0
_NICENESS = 10


def _lower_priority(pid: int) -> None:
    if sys.platform != "win32":  # Windows starts it below normal (_BELOW_NORMAL)
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid, _NICENESS)


def ijref_command() -> list[str]:
    """How to run this ijref's command line: the frozen app itself, or `python -m ijref`."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "ijref"]


@dataclass(frozen=True, slots=True)
class Installed:
    """What the child reported: the version installed, what changed, the renamed ids."""

    version: int
    previous_version: int
    summary: str
    renames: dict[str, str] = field(default_factory=dict)


class InstallProcess:
    """One install in a child process; `run` blocks (call it in a worker), `cancel` stops it."""

    def __init__(
        self,
        pack: Path,
        *,
        shipped_root: Path,
        data_dir: Path,
        ijref: Sequence[str] | None = None,
    ) -> None:
        """`ijref` runs the command line (default: `ijref_command()`, this ijref's own)."""
        self.command = [
            *(ijref if ijref is not None else ijref_command()),
            "--build-dir",
            str(shipped_root),
            "--data-dir",
            str(data_dir),
            "pack",
            "install",
            str(pack),
            "--progress",
            "--no-follow",
        ]
        self._proc: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()
        self.cancelled = False

    def cancel(self) -> None:
        """Stop the child; the data in use stays as it was (the install swaps in last)."""
        with self._lock:
            self.cancelled = True
            if self._proc is not None and self._proc.poll() is None:
                self._proc.terminate()

    def _stopped(self) -> bool:
        with self._lock:
            return self.cancelled

    def run(self, progress: Progress) -> Installed:
        """Run the install, reporting each step.

        Raises:
            PackError: the pack was refused, or the child failed (one line saying why).
        """
        result: dict[str, object] = {}
        with tempfile.TemporaryFile() as errors:
            with self._lock:
                if self.cancelled:
                    raise PackError("the install was cancelled; your data is as it was")
                proc = subprocess.Popen(
                    self.command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=errors,
                    text=True,
                    encoding="utf-8",
                    creationflags=_BELOW_NORMAL,
                )
                _lower_priority(proc.pid)
                self._proc = proc
            with proc:
                assert proc.stdout is not None
                for line in proc.stdout:
                    try:
                        said = json.loads(line)
                    except ValueError:
                        continue
                    if "stage" in said:
                        progress(str(said["stage"]), float(said["fraction"]))
                    elif "result" in said:
                        result = said["result"]
            code = proc.returncode
            errors.seek(0)
            told = errors.read().decode("utf-8", "replace").strip()
        stopped = self._stopped()
        if stopped and (code != 0 or not result):  # after a late cancel, it was done
            raise PackError("the install was cancelled; your data is as it was")
        if code != 0 or not result:
            last = told.splitlines()[-1] if told else f"the install stopped (exit {code})"
            raise PackError(last.removeprefix("ijref: "))
        renames = result.get("renames")
        return Installed(
            version=int(str(result["version"])),
            previous_version=int(str(result["previous_version"])),
            summary=str(result["summary"]),
            renames=dict(renames) if isinstance(renames, dict) else {},
        )
