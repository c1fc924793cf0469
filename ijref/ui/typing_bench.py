"""The typing benchmark: the real window, offscreen, typed into a character at a time.

For each keystroke whose debounce fires, the time from the debounce firing
(`SearchController.searching`) to the results list painting the answer is
measured: the search in the worker, the answer crossing to the GUI thread, the
model reset and the paint. The baseline, in the same run, is the search alone:
each of those keystrokes' queries asked of the service directly, as the
window's worker asks it (`window_search`), with no window (after the window's
pass, so with its caches warm). `ijref bench typing` prints what this returns.
"""

from __future__ import annotations

import math
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QEventLoop,
    QMessageLogContext,
    QObject,
    QSettings,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ijref.catalog.outline import read_outline
from ijref.search.window import SearchRequest, window_search
from ijref.ui.main_window import MainWindow
from ijref.ui.services import Services

__all__ = ["measure_typing"]

WIDTH, HEIGHT = 1366, 768
# A keystroke's answer not painted within this long counts as lost (and ends the run).
TIMEOUT_MS = 10_000


class _Painted(QObject):
    """Notes the first paint of the results list after each answer."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.fired: dict[int, float] = {}
        self.painted: dict[int, float] = {}
        self._waiting: int | None = None
        self.loop = QEventLoop(self)
        window.search.searching.connect(self._fired)
        window.search.answered.connect(self._answered)
        window.results.list.viewport().installEventFilter(self)

    def _fired(self, seq: int) -> None:
        self.fired[seq] = time.perf_counter()

    def _answered(self, seq: int, *_: Any) -> None:
        self._waiting = seq

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._waiting is not None:
            self.painted[self._waiting] = time.perf_counter()
            self._waiting = None
            # after this paint has finished, hand control back to the typist
            QTimer.singleShot(0, self.loop.quit)
        return False


# What the offscreen platform says it cannot do: noise, not news.
_OFFSCREEN_NOISE = ("This plugin does not support",)


def _quiet_offscreen(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if not message.startswith(_OFFSCREEN_NOISE):
        print(message, file=sys.stderr)


def _pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _figures(times: Sequence[float]) -> dict[str, float]:
    return {
        "p50_ms": round(_pct(times, 0.5), 2),
        "p95_ms": round(_pct(times, 0.95), 2),
        "max_ms": round(max(times), 2),
    }


def measure_typing(build_root: Path, services: Services, queries: Sequence[str]) -> dict[str, Any]:
    """Type each query into a window over the build in `build_root` (its `services`
    open), a character at a time; the debounce-fired → painted times in milliseconds."""
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    previous = qInstallMessageHandler(_quiet_offscreen)
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(read_outline(build_root), settings)
        try:
            window.set_services(services)
            window.resize(WIDTH, HEIGHT)
            window.show()
            QTest.qWaitForWindowExposed(window)
            probe = _Painted(window)
            typed: dict[int, str] = {}
            timer = QTimer()
            timer.setSingleShot(True)
            timer.timeout.connect(probe.loop.quit)
            for query in queries:
                window.search_field.clear()
                for ch in query:
                    seq_before = window.search.seq
                    QTest.keyClicks(window.search_field, ch)
                    if not window.search_field.text().strip() or ch.isspace():
                        continue  # a space changes no results: nothing to wait for
                    seq = window.search.seq
                    if seq == seq_before:
                        continue
                    typed[seq] = window.search_field.text()
                    timer.start(TIMEOUT_MS)
                    while seq not in probe.painted and timer.isActive():
                        probe.loop.exec()
                    if seq not in probe.painted:
                        raise TimeoutError(f"no results painted for {query!r} in {TIMEOUT_MS} ms")
            times = [
                (probe.painted[s] - probe.fired[s]) * 1000
                for s in probe.painted
                if s in probe.fired
            ]
        finally:
            window.close()
            window.search.wait_for_idle()
            qInstallMessageHandler(previous)
    service = services.search
    alone: list[float] = []
    if service is not None:
        for text in typed.values():
            t = time.perf_counter()
            window_search(service, SearchRequest(text))
            alone.append((time.perf_counter() - t) * 1000)
    return {
        "keystrokes": len(times),
        "queries": len(queries),
        **_figures(times),
        "search_alone": _figures(alone) if alone else {},
    }
