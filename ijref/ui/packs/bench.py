"""A data-pack install through the window, timing how long the GUI thread goes unanswered.

The window (offscreen) installs a prepared pack with File ▸ Install data
update… as a user would; meanwhile a 5 ms timer on the GUI thread records when
it runs and asks the window to repaint. The longest gap between two ticks is
the longest the window could not answer during the install. The same window
and timer, idle for as long before the install, are the baseline.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from ijref.catalog.outline import read_outline
from ijref.packs.bench import PreparedPack
from ijref.packs.keys import trust_key
from ijref.ui.main_window import MainWindow
from ijref.ui.packs.updates import DataUpdates

__all__ = ["TICK_MS", "install_in_window"]

TICK_MS = 5
IDLE_S = 3.0


def install_in_window(prepared: PreparedPack, data_dir: Path) -> dict[str, Any]:
    """Install `prepared` through a window; seconds taken and GUI-thread gaps in ms."""
    app = QApplication.instance() or QApplication([])
    trust_key(data_dir, prepared.key)
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(read_outline(prepared.shipped), settings)
        window.resize(1366, 768)
        window.show()
        updates = DataUpdates(window, shipped_root=prepared.shipped, data_dir=data_dir)
        gaps: list[float] = []
        last = time.perf_counter()
        done: list[str] = []

        def tick() -> None:
            nonlocal last
            now = time.perf_counter()
            gaps.append((now - last) * 1000.0)
            last = now
            window.update()

        def finish(message: str, _whats_new: bool = False) -> None:
            done.append(message)
            app.quit()

        updates.dataChanged.connect(finish)
        timer = QTimer()
        timer.setInterval(TICK_MS)
        timer.timeout.connect(tick)
        # the baseline: the same window and timer, idle
        last = time.perf_counter()
        timer.start()
        QTimer.singleShot(int(IDLE_S * 1000), app.quit)
        app.exec()
        idle, gaps = gaps, []
        start = time.perf_counter()
        updates.install(prepared.pack)
        last = time.perf_counter()
        # a refusal opens a message box instead: stop after a generous limit
        QTimer.singleShot(600_000, app.quit)
        app.exec()
        timer.stop()
        seconds = time.perf_counter() - start
        window.close()
    if not done:
        raise RuntimeError("the install did not finish in the window")
    return {
        "install_s": round(seconds, 2),
        "ticks": len(gaps),
        **_gaps("gap", gaps),
        **_gaps("idle_gap", idle),
        "message": done[0],
    }


def _gaps(name: str, gaps: list[float]) -> dict[str, float]:
    if not gaps:
        return {f"{name}_median_ms": 0.0, f"{name}_p99_ms": 0.0, f"{name}_max_ms": 0.0}
    ordered = sorted(gaps)
    return {
        f"{name}_median_ms": round(statistics.median(gaps), 2),
        f"{name}_p99_ms": round(ordered[int(0.99 * (len(ordered) - 1))], 2),
        f"{name}_max_ms": round(ordered[-1], 2),
    }
