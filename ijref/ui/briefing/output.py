"""Making a briefing from the app: preview, print (the platform's dialog), export to a file.

The document is gathered from the catalog and the notes when asked for, so it
always holds the notes as they are now. A file is written off the GUI thread
(`ijref.ui.workers.TaskRunner`); the status bar says where it went, or why not,
in one line. Before a PDF or a print, a script with no installed font is said
in one line instead of printing empty boxes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ijref.domain.errors import UserFacingError
from ijref.ui.workers import TaskRunner

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from ijref.briefing.document import BriefingDocument
    from ijref.catalog.store import Catalog
    from ijref.userdata.store import UserStore

__all__ = ["BriefingOutput"]

FILTERS = "PDF (*.pdf);;OpenDocument text, editable (*.odt);;Markdown (*.md)"
SUFFIX_OF_FILTER = {"PDF": ".pdf", "OpenDocument": ".odt", "Markdown": ".md"}


@dataclass(frozen=True, slots=True)
class _Outcome:
    path: Path | None
    error: str = ""


def _file_name(title: str) -> str:
    """A file name from a briefing's title: its words, safe on every platform."""
    words = re.sub(r"[^\w\s-]", "", title, flags=re.UNICODE).split()
    return "-".join(words)[:80] or "briefing"


class BriefingOutput(QObject):
    """Preview, print and export the briefings of one window.

    Signals:
        exported(str): the file written.
        message(str): one line for the status bar (done, or why not).
    """

    exported = Signal(str)
    message = Signal(str)

    def __init__(
        self,
        parent: QWidget,
        store: UserStore,
        catalog: Catalog,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._store = store
        self._catalog = catalog
        self._today = today
        self._runner = TaskRunner(QThreadPool.globalInstance(), self)
        self._previews: dict[QWidget, QPrinter] = {}

    @property
    def pending(self) -> int:
        return self._runner.pending

    def document(self, briefing_id: int) -> BriefingDocument:
        """The briefing as it is now: records from the catalog, notes from the store.

        Raises:
            UserFacingError: the briefing was deleted meanwhile.
        """
        from ijref.briefing.build import build_document

        briefing = self._store.briefings.get(briefing_id)
        if briefing is None:
            raise UserFacingError("this briefing no longer exists; it was deleted")
        info = self._catalog.info
        return build_document(
            briefing,
            self._catalog,
            self._store,
            data_version=info.data_version,
            data_as_of=info.as_of,
            today=self._today(),
        )

    def _fonts_missing(self, doc: BriefingDocument) -> bool:
        """Say, in one line, that a script has no font; True when so."""
        from ijref.ui.briefing.fonts import missing_fonts, missing_fonts_message

        missing = missing_fonts(doc.texts())
        if missing:
            line = missing_fonts_message(missing)
            self.message.emit(line[:1].upper() + line[1:])
            QMessageBox.warning(self._parent, "Fonts missing", line[:1].upper() + line[1:])
        return bool(missing)

    # ------------------------------------------------------------------ export
    def ask_export(self, briefing_id: int) -> None:
        """Ask where to save, then export there in the background."""
        briefing = self._store.briefings.get(briefing_id)
        if briefing is None:
            return
        start = str(Path.home() / f"{_file_name(briefing.title)}.pdf")
        chosen, kind = QFileDialog.getSaveFileName(self._parent, "Export briefing", start, FILTERS)
        if not chosen:
            return
        dest = Path(chosen)
        if dest.suffix.lower() not in (".pdf", ".odt", ".md"):
            wanted = next((s for k, s in SUFFIX_OF_FILTER.items() if kind.startswith(k)), ".pdf")
            dest = dest.with_name(dest.name + wanted)
        self.export_to(briefing_id, dest)

    def export_to(self, briefing_id: int, dest: Path) -> int | None:
        """Export to `dest` (.pdf, .odt or .md) off the GUI thread; None if refused at once."""
        try:
            doc = self.document(briefing_id)
        except UserFacingError as exc:
            self.message.emit(str(exc))
            return None
        if dest.suffix.lower() == ".pdf" and self._fonts_missing(doc):
            return None
        self.message.emit(f"Exporting “{doc.cover.title}” to {dest.name}…")

        def work() -> _Outcome:
            from ijref.ui.briefing.export import export

            try:
                return _Outcome(export(doc, dest))
            except UserFacingError as exc:
                return _Outcome(None, str(exc))

        return self._runner.run(work, self._exported, self._failed)

    def _exported(self, outcome: _Outcome) -> None:
        if outcome.path is None:
            self._failed(outcome.error)
            return
        self.message.emit(f"Exported the briefing to {outcome.path}")
        self.exported.emit(str(outcome.path))

    def _failed(self, reason: str) -> None:
        self.message.emit(f"The briefing was not exported: {reason}")

    # --------------------------------------------------------- preview, print
    def paint(self, doc: BriefingDocument, printer: QPrinter) -> None:
        """Lay the briefing out for `printer`'s pages and print it there."""
        from PySide6.QtGui import QPainter

        from ijref.ui.briefing.export import paginate, prepare_device
        from ijref.ui.briefing.paging import paint_pages

        prepare_device(printer)
        laid = paginate(doc, printer)
        painter = QPainter()
        if not painter.begin(printer):
            self.message.emit("The printer could not be used; check it and try again")
            return
        try:
            paint_pages(laid, painter, printer.newPage)
        finally:
            painter.end()

    def _printer(self) -> QPrinter:
        from PySide6.QtGui import QPageSize
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        return printer

    def preview(self, briefing_id: int) -> QWidget | None:
        """The briefing's pages as they will print, in a window that can print them."""
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        try:
            doc = self.document(briefing_id)
        except UserFacingError as exc:
            self.message.emit(str(exc))
            return None
        printer = self._printer()
        dialog = QPrintPreviewDialog(printer, self._parent)
        # The dialog does not own its printer: keep it as long as the dialog lives.
        self._previews[dialog] = printer
        dialog.finished.connect(lambda _code: self._previews.pop(dialog, None))
        dialog.setWindowTitle(f"Preview — {doc.cover.title}")
        dialog.paintRequested.connect(lambda shown: self.paint(doc, shown))
        dialog.resize(900, 700)
        dialog.open()
        return dialog

    def print_(self, briefing_id: int) -> None:
        """Print through the platform's print dialog."""
        from PySide6.QtPrintSupport import QPrintDialog

        try:
            doc = self.document(briefing_id)
        except UserFacingError as exc:
            self.message.emit(str(exc))
            return
        if self._fonts_missing(doc):
            return
        printer = self._printer()
        printer.setDocName(doc.cover.title)
        dialog = QPrintDialog(printer, self._parent)
        dialog.setWindowTitle(f"Print “{doc.cover.title}”")
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.paint(doc, printer)
            self.message.emit(
                f"Sent “{doc.cover.title}” to {printer.printerName() or 'the printer'}"
            )
