"""The timeline joins a window as a tab once the catalog is open."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ijref.app import build_catalog as build
from ijref.catalog.store import Catalog
from ijref.ui.host import NO_LINKS, RecordLinks
from ijref.ui.timeline.hosting import host_timeline
from ijref.ui.timeline.panel import TimelinePanel

FIXTURES = Path(__file__).parent / "fixtures" / "records"


class FakeWindow(QWidget):
    """Only what `host_timeline` uses of a host."""

    servicesReady = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.services = None
        self.views: list[tuple[QWidget, str, RecordLinks, bool]] = []

    def add_view(
        self,
        widget: QWidget,
        title: str,
        links: RecordLinks = NO_LINKS,
        *,
        wide: bool = False,
        focus: QWidget | None = None,
    ) -> int:
        self.views.append((widget, title, links, wide))
        return len(self.views) - 1


def test_the_timeline_tab_arrives_with_the_services(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    build(FIXTURES, tmp_path / "build")
    catalog = Catalog.open(tmp_path / "build")
    window = FakeWindow()
    host_timeline(window, today=lambda: dt.date(2018, 6, 1))
    assert window.views == []  # nothing before the catalog is open
    window.servicesReady.emit(SimpleNamespace(catalog=catalog))
    qtbot.waitUntil(lambda: window.views != [])  # the records load in a worker
    ((panel, title, links, wide),) = window.views
    qtbot.addWidget(panel)
    assert title == "Timeline" and isinstance(panel, TimelinePanel)
    assert wide  # the timeline gets the whole width while shown
    assert links.follows == panel.selectRecord
    assert panel.cursorDate() == dt.date(2018, 6, 1)
    assert "agreement/dgh-jogmec-mou-2007" in panel.in_force_ids()
    catalog.close()
