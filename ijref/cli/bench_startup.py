"""`ijref bench startup`: process start → first paint with the tree filled, against a bare window.

Each run spawns `python -m ijref` offscreen with `IJREF_STARTUP_PROBE=1`: the app
prints `time.monotonic()` at the first paint of its filled sector tree and exits.
In the same run, a bare PySide6 window is started and shown the same way, so the
ratio says what ijref adds on this machine, today. `time.monotonic()` is one
clock for every process on the machine, so the parent's start time and the
child's paint time can be subtracted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence

from ijref.domain.errors import UserFacingError

__all__ = ["register_bench"]

TAG = "IJREF_FIRST_PAINT"  # the same as ijref.app.FIRST_PAINT_TAG (not imported: no Qt here)
PROBE_ENV = "IJREF_STARTUP_PROBE"
GOAL_RATIO = 2.5
TIMEOUT_S = 60

BARE_WINDOW = f"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QTreeView

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, lambda: (print("{TAG}", time.monotonic(), 1, flush=True),
                                          app.quit()))
        return False

app = QApplication(sys.argv[:1])
window = QMainWindow()
tree = QTreeView(window)
window.setCentralWidget(tree)
window.statusBar().addPermanentWidget(QLabel("bare"))
watcher = FirstPaint()
tree.viewport().installEventFilter(watcher)
window.resize(1280, 800)
window.show()
app.exec()
"""


def _one(command: Sequence[str], env: dict[str, str]) -> float:
    """Milliseconds from spawning `command` to the first-paint line it prints."""
    start = time.monotonic()
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired:
        raise UserFacingError(
            f"the app did not paint within {TIMEOUT_S} s; run `ijref` to see what is wrong"
        ) from None
    for line in done.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == TAG:
            if int(parts[2]) <= 0:
                raise UserFacingError("the app painted an empty tree; run `ijref build` first")
            return (float(parts[1]) - start) * 1000
    last = (done.stderr.strip().splitlines() or ["no output"])[-1]
    raise UserFacingError(f"the app exited without painting ({last}); fix that, then rerun")


def _stats(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 1),
        "min": round(min(values), 1),
        "max": round(max(values), 1),
    }


def _run(args: argparse.Namespace) -> int:
    if args.runs < 1:
        raise UserFacingError("--runs must be at least 1")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{PROBE_ENV: "1"})
    app = [sys.executable, "-m", "ijref"]
    if args.build_dir:
        app += ["--build-dir", str(args.build_dir)]
    bare = [sys.executable, "-c", BARE_WINDOW]
    _one(app, env)  # warm the file cache once, so run 1 is not the only cold one
    _one(bare, env)
    ijref_ms: list[float] = []
    bare_ms: list[float] = []
    for _ in range(args.runs):  # interleaved, so both see the same machine load
        ijref_ms.append(_one(app, env))
        bare_ms.append(_one(bare, env))
    result = {
        "runs": args.runs,
        "ijref_ms": _stats(ijref_ms),
        "bare_ms": _stats(bare_ms),
        "ratio": round(statistics.median(ijref_ms) / statistics.median(bare_ms), 2),
    }
    if args.json:
        print(json.dumps(result))
    else:
        i, b = result["ijref_ms"], result["bare_ms"]
        assert isinstance(i, dict) and isinstance(b, dict)
        print(f"startup to first paint, {args.runs} run(s), offscreen")
        print(f"  ijref: median {i['median']} ms (min {i['min']}, max {i['max']})")
        print(f"  bare PySide6 window: median {b['median']} ms (min {b['min']}, max {b['max']})")
        verdict = "meets" if float(str(result["ratio"])) <= GOAL_RATIO else "misses"
        print(f"  ratio {result['ratio']} ({verdict} the goal of ≤ {GOAL_RATIO})")
    return 0


def register_bench(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "startup", help="process start to first paint with the tree filled, vs a bare window"
    )
    p.add_argument("--runs", type=int, default=5, help="runs of each (default 5)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=_run)
