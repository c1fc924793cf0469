"""Putting the timeline in the main window, once the full catalog is open.

`app.py` calls `host_timeline(window)`; the window's `add_view` wires
`recordActivated` and `selectRecord` like every hosted view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QStatusBar, QWidget

from ijref.ui.timeline.panel import TimelinePanel
from ijref.ui.workers import TaskRunner

__all__ = ["host_timeline"]

TAB_TITLE = "Timeline"


class _Host(Protocol):
    """What the timeline needs of a window (the main window has all of it)."""

    servicesReady: Any  # Signal(Services)
    services: Any  # Services | None

    def add_view(self, widget: QWidget, title: str) -> int: ...

    def statusBar(self) -> QStatusBar: ...


def host_timeline(
    window: _Host, today: Callable[[], dt.date] = dt.date.today, *, in_worker: bool = True
) -> None:
    """Add the timeline tab when the window's services are ready (at once if
    they already are). The records come from the catalog the services opened."""

    runner = TaskRunner(QThreadPool.globalInstance(), window)  # type: ignore[arg-type]

    def add(loaded: tuple[list[Any], list[Any]]) -> None:
        records, sectors = loaded
        window.add_view(TimelinePanel(records, sectors, today()), TAB_TITLE)

    def failed(line: str) -> None:
        window.statusBar().showMessage(f"The timeline cannot be shown: {line}")

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
