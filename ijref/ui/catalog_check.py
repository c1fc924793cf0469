"""Checking the catalog against its build's content hash, in the background after the first paint.

Reading every record back takes a moment, so it runs in a worker once the
window's services are ready; when the content is not what the build wrote
(say, a title edited in the SQLite file) a lasting notice in the status bar
says so, with the reason and the fix in its tooltip. Nothing is shown when all
is well.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, Signal

from ijref.ui.workers import TaskRunner

if TYPE_CHECKING:
    from ijref.ui.host import WindowHost
    from ijref.ui.services import Services

__all__ = ["NOTICE", "CatalogCheck"]

NOTICE = "Catalog changed since its build"


class CatalogCheck(QObject):
    """Checks the catalog of each `servicesReady` of the window `host`.

    Signals:
        finished(str): the one-line problem, or "" when the catalog is as built.
    """

    finished = Signal(str)

    def __init__(self, host: WindowHost) -> None:
        super().__init__(host.window())
        self.host = host
        self._runner = TaskRunner(QThreadPool.globalInstance(), self)
        host.servicesReady.connect(self.start)

    def start(self, services: Services) -> None:
        from ijref.catalog.verify import content_problem

        catalog = services.catalog
        self._runner.run(lambda: content_problem(catalog) or "", self._done, self._done)

    def _done(self, problem: str) -> None:
        if problem:
            self.host.show_lasting_notice(NOTICE, problem)
        self.finished.emit(problem)
