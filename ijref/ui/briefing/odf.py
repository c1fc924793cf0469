"""The briefing as an OpenDocument text (.odt) that LibreOffice and Word lay out as printed.

Qt's ODF writer (`QTextDocumentWriter`) writes two things other programs read
differently from Qt, so the document is adjusted before it is written:

- widths given as percentages (every table of the briefing) come out as that
  many *points* (a full-width table 100 pt wide, columns "32%", which ODF does
  not allow), so tables get fixed widths in points across the page's text;
- a table cell's `valign='top'` also lands on its text, as a raised position
  (`style:text-position="100%"`) that LibreOffice draws as tiny superscript.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import (
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
    QTextDocumentWriter,
    QTextFormat,
    QTextFrame,
    QTextLength,
    QTextTable,
)

from ijref.briefing.document import BriefingDocument
from ijref.domain.errors import UserFacingError
from ijref.ui.briefing.textdoc import build_text_document, restyle_text

__all__ = ["TEXT_WIDTH_PT", "odf_bytes"]

# The text's width on an A4 or Letter page with 2 cm margins (LibreOffice's
# default page, which the written document leaves in place): 17 cm.
TEXT_WIDTH_PT = 17 / 2.54 * 72

_RAISED = (
    QTextCharFormat.VerticalAlignment.AlignTop,
    QTextCharFormat.VerticalAlignment.AlignBottom,
)


def odf_bytes(doc: BriefingDocument) -> bytes:
    """The briefing as the bytes of an .odt file."""
    text = build_text_document(doc).doc
    for table in _tables(text.rootFrame()):
        _fix_widths(table)
    _level_text(text)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QTextDocumentWriter(buffer, QByteArray(b"odf"))
    if not writer.write(text):
        raise UserFacingError(
            "the briefing could not be written as an OpenDocument; try .pdf or .md"
        )
    buffer.close()
    return bytes(data.data())


def _tables(frame: QTextFrame) -> Iterator[QTextTable]:
    for child in frame.childFrames():
        if isinstance(child, QTextTable):
            yield child
        yield from _tables(child)


def _points(length: QTextLength, of: float) -> float | None:
    if length.type() == QTextLength.Type.PercentageLength:
        return of * length.rawValue() / 100
    if length.type() == QTextLength.Type.FixedLength:
        return length.rawValue()
    return None


def _fix_widths(table: QTextTable) -> None:
    """The table's width and its columns' in points (what the writer writes as points)."""
    fmt = table.format()
    width = _points(fmt.width(), TEXT_WIDTH_PT) or TEXT_WIDTH_PT
    asked = list(fmt.columnWidthConstraints())
    asked += [QTextLength()] * (table.columns() - len(asked))
    fixed = [_points(c, width) for c in asked]
    free = [n for n, w in enumerate(fixed) if w is None]
    rest = max(0.0, width - sum(w for w in fixed if w is not None))
    columns = [w if w is not None else rest / len(free) for w in fixed]
    fmt.setWidth(QTextLength(QTextLength.Type.FixedLength, width))
    fmt.setColumnWidthConstraints([QTextLength(QTextLength.Type.FixedLength, w) for w in columns])
    table.setFormat(fmt)


def _level_text(doc: QTextDocument) -> None:
    """Text raised or lowered only because its cell is top- or bottom-aligned, levelled."""

    def level(_block: QTextBlock, fmt: QTextCharFormat) -> QTextCharFormat | None:
        if fmt.verticalAlignment() not in _RAISED:
            return None
        levelled = QTextCharFormat(fmt)
        levelled.clearProperty(QTextFormat.Property.TextVerticalAlignment)
        return levelled

    restyle_text(doc, level)
