"""A Markdown preview that shows note text as text and never loads anything."""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from ijref.domain.records import ID_PATTERN

__all__ = ["MarkdownPreview", "record_id_of"]

# GitHub Markdown, but raw HTML is shown as the text it is, never interpreted.
MARKDOWN_FLAGS = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)


def record_id_of(url: QUrl) -> str | None:
    """The record a link points at: `ijref:agreement/x` or a bare `agreement/x`."""
    if url.scheme() == "ijref":
        candidate = url.path()
    elif not url.scheme() and not url.host():
        candidate = url.toString()
    else:
        return None
    return candidate if ID_PATTERN.fullmatch(candidate) else None


class MarkdownPreview(QTextBrowser):
    """Rendered note text. Links to records emit `recordActivated`; nothing is ever fetched.

    Every resource the document asks for (images, style sheets) is refused here,
    whatever its scheme, and remembered in `refused` so a test can see it.
    """

    recordActivated = Signal(str)
    externalLinkClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.refused: list[str] = []
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)

    def show_markdown(self, text: str) -> None:
        self.document().setMarkdown(text, MARKDOWN_FLAGS)

    def loadResource(self, kind: int, url: QUrl | str) -> None:
        self.refused.append(url.toString() if isinstance(url, QUrl) else str(url))

    def _on_anchor(self, url: QUrl) -> None:
        record_id = record_id_of(url)
        if record_id:
            self.recordActivated.emit(record_id)
        else:
            # Shown to the user (status bar), never opened: the app stays offline.
            self.externalLinkClicked.emit(url.toString())
