"""Putting the timeline in the main window, once the full catalog is open.

`app.py` calls `host_timeline(window)`; the window's `add_view` wires
`recordActivated` and `selectRecord` like every hosted view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtWidgets import QWidget

from ijref.ui.timeline.panel import TimelinePanel

__all__ = ["host_timeline"]

TAB_TITLE = "Timeline"


class _Host(Protocol):
    """What the timeline needs of a window (the main window has all of it)."""

    servicesReady: Any  # Signal(Services)
    services: Any  # Services | None

    def add_view(self, widget: QWidget, title: str) -> int: ...


def host_timeline(window: _Host, today: Callable[[], dt.date] = dt.date.today) -> None:
    """Add the timeline tab when the window's services are ready (at once if
    they already are). The records come from the catalog the services opened."""

    def build(services: Any) -> None:
        catalog = services.catalog
        panel = TimelinePanel(catalog.records(), catalog.sectors(), today())
        window.add_view(panel, TAB_TITLE)

    if window.services is not None:
        build(window.services)
    else:
        window.servicesReady.connect(build)
