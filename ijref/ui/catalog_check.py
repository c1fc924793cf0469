"""Checking the catalog against its build's content hash, in the background after the first paint.

Reading every record back takes a moment, so it runs in a worker once the
window's services are ready; when the content is not what the build wrote
(say, a title edited in the SQLite file) a lasting line in the status bar says
so, with the fix in its tooltip. Nothing is shown when all is well.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QLabel, QMainWindow

from ijref.ui.workers import TaskRunner

__all__ = ["NOTICE_NAME", "CatalogCheck"]

NOTICE_NAME = "catalogChanged"


class CatalogCheck(QObject):
    """Checks the catalog of each `servicesReady` of `window`.

    Signals:
        finished(str): the one-line problem, or "" when the catalog is as built.
    """

    finished = Signal(str)

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._runner = TaskRunner(QThreadPool.globalInstance(), self)
        window.servicesReady.connect(self.start)  # type: ignore[attr-defined]

    def start(self, services: Any) -> None:
        from ijref.catalog.verify import content_problem

        catalog = services.catalog
        self._runner.run(lambda: content_problem(catalog) or "", self._done, self._done)

    def _done(self, problem: str) -> None:
        if problem:
            self._say(problem)
        self.finished.emit(problem)

    def _say(self, problem: str) -> None:
        label = self.window.findChild(QLabel, NOTICE_NAME)
        if label is None:
            label = QLabel(self.window)
            label.setObjectName(NOTICE_NAME)
            label.setStyleSheet("color: #b00020")
            self.window.statusBar().addPermanentWidget(label)
        label.setText("Catalog changed since its build")
        label.setAccessibleName("Catalog changed since its build")
        label.setToolTip(problem)
        self.window.statusBar().showMessage(problem[:1].upper() + problem[1:])
