"""Writing a briefing: PDF (`QPdfWriter`), an editable ODF text document (`odf`), Markdown.

Every file is written whole or not at all and readable by its owner only, as
the notes export is: a briefing carries the user's confidential notes. A PDF
is refused, in one line, when no installed font can show a script its text
uses (it would print as empty boxes); ODF and Markdown leave the fonts to the
reader's machine.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF
from PySide6.QtGui import (
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)

from ijref.briefing.document import BriefingDocument
from ijref.briefing.markdown import to_markdown
from ijref.domain.errors import UserFacingError
from ijref.ui.briefing.fonts import require_fonts
from ijref.ui.briefing.odf import odf_bytes
from ijref.ui.briefing.paging import paint_pages
from ijref.ui.briefing.pdftext import add_actual_text
from ijref.ui.briefing.recorder import TextRecorder
from ijref.ui.briefing.textdoc import TextBriefing, build_text_document
from ijref.userdata.paths import write_private

__all__ = ["FORMATS", "export", "paginate", "pdf_bytes", "prepare_device"]

FORMATS = {".pdf": "PDF", ".odt": "OpenDocument text", ".md": "Markdown"}
RESOLUTION = 300
MARGINS_MM = QMarginsF(18, 14, 18, 14)


def prepare_device(device: QPagedPaintDevice) -> None:
    """A4 with the briefing's margins (a printer's own choice of paper stays)."""
    device.setPageMargins(MARGINS_MM, QPageLayout.Unit.Millimeter)


def paginate(doc: BriefingDocument, device: QPagedPaintDevice) -> TextBriefing:
    """The briefing laid out for the pages of `device`."""
    return build_text_document(doc, device)


def _paint(tb: TextBriefing, device: QPagedPaintDevice, new_page: object) -> None:
    painter = QPainter()
    if not painter.begin(device):
        raise UserFacingError("the briefing could not be drawn on its pages; try again")
    try:
        paint_pages(tb, painter, new_page)  # type: ignore[arg-type]
    finally:
        painter.end()


def pdf_bytes(doc: BriefingDocument) -> bytes:
    """The briefing as a PDF, with fonts embedded and the real text of every line."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    prepare_device(writer)
    writer.setTitle(doc.cover.title)
    writer.setCreator("ijref")
    tb = paginate(doc, writer)
    recorder = TextRecorder(writer)
    _paint(tb, recorder, recorder.new_page)  # type: ignore[arg-type]
    _paint(tb, writer, writer.newPage)
    buffer.close()
    data = bytes(buffer.data().data())
    return add_actual_text(data, recorder.pages).data


def export(doc: BriefingDocument, dest: Path) -> Path:
    """Write the briefing to `dest`, in the format its suffix names (.pdf, .odt, .md).

    Raises:
        UserFacingError: an unknown suffix, a script no installed font can show
            (PDF), or a file that cannot be written; one line with the fix.
    """
    suffix = dest.suffix.lower()
    if suffix not in FORMATS:
        raise UserFacingError(
            f"{dest.name}: a briefing is written as .pdf, .odt or .md; choose one of those names"
        )
    if suffix == ".pdf":
        require_fonts(doc)
        data = pdf_bytes(doc)
    elif suffix == ".odt":
        data = odf_bytes(doc)
    else:
        data = to_markdown(doc).encode("utf-8")
    return write_private(dest, data)
