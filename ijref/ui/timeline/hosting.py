"""Putting the timeline in the main window, once the full catalog is open.

`app.py` calls `host_timeline(window)`; the timeline opens records and follows
the one shown through the host's record links, and takes the whole width of
the window while its tab is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThreadPool

from ijref.ui.host import RecordLinks, WindowHost
from ijref.ui.timeline.panel import TimelinePanel
from ijref.ui.workers import TaskRunner

__all__ = ["host_timeline"]

TAB_TITLE = "Timeline"


def host_timeline(
    window: WindowHost, today: Callable[[], dt.date] = dt.date.today, *, in_worker: bool = True
) -> None:
    """Add the timeline tab when the window's services are ready (at once if
    they already are). The records come from the catalog the services opened."""

    runner = TaskRunner(QThreadPool.globalInstance(), window.window())

    def add(loaded: tuple[list[Any], list[Any]]) -> None:
        records, sectors = loaded
        panel = TimelinePanel(records, sectors, today())
        links = RecordLinks(opens=panel.recordActivated, follows=panel.selectRecord)
        window.add_view(panel, TAB_TITLE, links, wide=True, focus=panel.canvas)

    def failed(line: str) -> None:
        window.show_message(f"The timeline cannot be shown: {line}")

    def build(services: Any) -> None:
        catalog = services.catalog
        load = lambda: (catalog.records(), catalog.sectors())  # noqa: E731
        if in_worker:  # reading every record takes longer than a frame
            runner.run(load, add, failed)
        else:  # a one-shot render (screenshot, self-test) wants the tab at once
            add(load())

    if window.services is not None:
        build(window.services)
    else:
        window.servicesReady.connect(build)
