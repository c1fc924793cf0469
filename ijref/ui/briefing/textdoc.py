"""The briefing as a QTextDocument: laid out in pages, notes rendered, contents numbered.

The same document feeds the PDF, the printer, the preview and the ODF writer.
It never loads anything from a network: the only resources it will load are
images in the user's own files (regular files, not too big).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QSizeF, QUrl
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QImage,
    QPagedPaintDevice,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from ijref.briefing.document import BriefingDocument
from ijref.briefing.markdown import is_local_image, nest_headings, offline_markdown
from ijref.ui.briefing.html import SOURCES_ANCHOR, STYLE, Layout, to_html
from ijref.ui.userdata.markdown_view import MARKDOWN_FLAGS

__all__ = [
    "BODY_POINTS",
    "Geometry",
    "OfflineTextDocument",
    "TextBriefing",
    "body_font",
    "build_text_document",
]

BODY_POINTS = 10.0
MAX_IMAGE_BYTES = 20 * 1024 * 1024
HEADING_GAP_PX = 5


class OfflineTextDocument(QTextDocument):
    """A text document that loads only images from the user's own files.

    Anything else it is asked for (a web address, a style sheet, a device or a
    pipe posing as an image) is refused and remembered in `refused`.
    """

    def __init__(self) -> None:
        super().__init__()
        self.refused: list[str] = []

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        url = name if isinstance(name, QUrl) else QUrl(name)
        text = url.toString()
        if kind == QTextDocument.ResourceType.ImageResource.value and is_local_image(text):
            path = Path(url.toLocalFile() if url.isLocalFile() else text)
            try:
                ok = path.is_file() and path.stat().st_size <= MAX_IMAGE_BYTES
            except OSError:
                ok = False
            image = QImage(str(path)) if ok else QImage()
            if not image.isNull():
                return image
        self.refused.append(text)
        # An empty picture, not None: given nothing, Qt would open the file itself
        # (and a pipe posing as an image would hang the export).
        blank = QImage(1, 1, QImage.Format.Format_ARGB32)
        blank.fill(0)
        return blank


@dataclass(frozen=True, slots=True)
class Geometry:
    """Where things go on a page, in the device's pixels, from the printable area's corner.

    The body (the document) sits between a header band and a footer band.
    """

    width: float
    height: float
    band: float

    @property
    def body_top(self) -> float:
        return self.band

    @property
    def body_height(self) -> float:
        return self.height - 2 * self.band

    @classmethod
    def of(cls, device: QPagedPaintDevice) -> Geometry:
        rect = device.pageLayout().paintRectPixels(device.logicalDpiX())
        band = device.logicalDpiY() * 0.42  # about 10.7 mm: a line of small text and a gap
        return cls(float(rect.width()), float(rect.height()), band)


def body_font() -> QFont:
    """The platform's general font at the briefing's body size."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    font.setPointSizeF(BODY_POINTS)
    return font


def _links_as_text(doc: QTextDocument) -> None:
    """Every link made plain text with its address after it: a briefing follows no link."""
    found: list[tuple[int, int, str, str]] = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isAnchor() and fmt.anchorHref():
                found.append(
                    (fragment.position(), fragment.length(), fragment.text(), fmt.anchorHref())
                )
            it += 1
        block = block.next()
    for start, length, text, href in reversed(found):
        cursor = QTextCursor(doc)
        cursor.setPosition(start)
        cursor.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
        plain = QTextCharFormat(cursor.charFormat())
        plain.setAnchor(False)
        plain.setAnchorHref("")
        plain.setFontUnderline(False)
        plain.clearProperty(QTextFormat.Property.ForegroundBrush)
        cursor.setCharFormat(plain)
        target = href.removeprefix("ijref:")
        if target != text:
            cursor.clearSelection()
            cursor.insertText(f" ({target})", plain)


def restyle_text(
    doc: QTextDocument, change: Callable[[QTextBlock, QTextCharFormat], QTextCharFormat | None]
) -> None:
    """Give each run of text the format `change` returns for it (None: leave it)."""
    found: list[tuple[int, int, QTextCharFormat]] = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = change(block, fragment.charFormat())
            if fmt is not None:
                found.append((fragment.position(), fragment.length(), fmt))
            it += 1
        block = block.next()
    # Formats are set after the walk: setting one can merge fragments under it.
    cursor = QTextCursor(doc)
    for start, length, fmt in found:
        cursor.setPosition(start)
        cursor.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(fmt)


def _headings_at_body_size(doc: QTextDocument) -> None:
    """A note's headings in bold at the body's size, with a little room above.

    A note's headings land at levels 4 to 6 once nested under the record's, and
    Qt sizes levels 5 and 6 *below* body text (its Markdown reader and its HTML
    reader both do); in print they would read as footnotes. So they leave as
    level 4, which the briefing's style sheet sets at the body's size.
    """
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0:
            spaced = block.blockFormat()
            spaced.setHeadingLevel(min(spaced.headingLevel(), 4))
            spaced.setTopMargin(HEADING_GAP_PX * 2)  # halved with the rest in note_html
            QTextCursor(block).setBlockFormat(spaced)
        block = block.next()

    def bold(block: QTextBlock, fmt: QTextCharFormat) -> QTextCharFormat | None:
        if block.blockFormat().headingLevel() == 0:
            return None
        heading = QTextCharFormat(fmt)
        heading.clearProperty(QTextFormat.Property.FontSizeAdjustment)
        heading.setFontWeight(QFont.Weight.Bold)
        return heading

    restyle_text(doc, bold)


_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S)
_PX = re.compile(r"(\d+(?:\.\d+)?)px")


def note_html(markdown: str) -> str:
    """A note rendered from Markdown (no raw HTML, links as text) as HTML to embed.

    Its headings sit under the record's; remote images are already text.
    """
    note = OfflineTextDocument()
    note.setMarkdown(nest_headings(offline_markdown(markdown), 3), MARKDOWN_FLAGS)
    _links_as_text(note)
    _headings_at_body_size(note)
    found = _BODY.search(note.toHtml())
    body = found[1] if found else ""
    # Qt's Markdown spaces paragraphs 6 px apart; half that suits a printed note.
    return _PX.sub(lambda m: f"{float(m[1]) / 2:g}px", body)


def _relayout(doc: QTextDocument) -> None:
    """Lay the whole document out now: Qt may lay out lazily, and a page painted
    before its lines are laid out would miss them."""
    doc.setPageSize(doc.pageSize())


def _entry_pages(
    doc: QTextDocument, briefing: BriefingDocument, page_height: float
) -> dict[int, int]:
    """The page (from 1) each entry's heading is on (key 0: the sources).

    Only first-level headings are looked at: each entry's, the sources', the cover's.
    """
    wanted = {e.anchor: e.number for e in briefing.entries} | {SOURCES_ANCHOR: 0}
    layout = doc.documentLayout()
    pages: dict[int, int] = {}
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() == 1:
            it = block.begin()
            while not it.atEnd():
                for name in it.fragment().charFormat().anchorNames():
                    if name in wanted:
                        top = layout.blockBoundingRect(block).top()
                        line = block.layout().lineAt(0)
                        if line.isValid():
                            top += line.y()
                        pages[wanted[name]] = int(top // page_height) + 1
                it += 1
        block = block.next()
    return pages


@dataclass
class TextBriefing:
    """A laid-out briefing: its text document, page geometry and where each entry starts."""

    doc: OfflineTextDocument
    geometry: Geometry
    entry_pages: dict[int, int]
    briefing: BriefingDocument

    @property
    def page_count(self) -> int:
        return self.doc.pageCount()


def build_text_document(
    briefing: BriefingDocument,
    device: QPagedPaintDevice | None = None,
    geometry: Geometry | None = None,
) -> TextBriefing:
    """The briefing laid out for `device`'s pages (or, without one, for an editable export).

    Laid out twice: once to learn where each entry starts, once with those page
    numbers in the contents (checked; a third time should a number have moved
    a line, which it should never: each sits alone in a cell).
    """
    doc = OfflineTextDocument()
    if device is not None:
        doc.documentLayout().setPaintDevice(device)
    doc.setDefaultFont(body_font())
    doc.setDocumentMargin(0)
    doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, briefing.cover.title)
    geometry = geometry or (Geometry.of(device) if device is not None else None)
    notes = {
        (e.number, n): note_html(note.markdown)
        for e in briefing.entries
        for n, note in enumerate(e.notes)
    }
    at = Layout(notes, banded=geometry is not None)
    doc.setDefaultStyleSheet(STYLE)
    if geometry is not None:
        doc.setPageSize(QSizeF(geometry.width, geometry.body_height))
    pages: dict[int, int] = {}
    for _ in range(3):
        doc.setHtml(to_html(briefing, replace(at, pages=pages)))
        if geometry is None:
            break
        _relayout(doc)
        found = _entry_pages(doc, briefing, geometry.body_height)
        if found == pages:
            break
        pages = found
    return TextBriefing(doc, geometry or Geometry(0, 0, 0), pages, briefing)
