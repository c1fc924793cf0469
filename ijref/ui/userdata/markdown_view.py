"""A Markdown preview that shows note text as text and never loads anything."""

from __future__ import annotations

import re

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from ijref.domain.records import ID_PATTERN

__all__ = ["MarkdownPreview", "bounded", "record_id_of"]

# GitHub Markdown, but raw HTML is shown as the text it is, never interpreted.
MARKDOWN_FLAGS = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)

# Qt lays out a run of text with no break opportunity in time that grows with the
# square of its length (500,000 letters on one line: 87 s); the preview shows such
# runs cut short, and at most the first PREVIEW_CHARS characters of a note.
PREVIEW_CHARS = 100_000
PREVIEW_RUN_CHARS = 2_000
_LONG_RUN = re.compile(rf"\S{{{PREVIEW_RUN_CHARS + 1},}}")
CUT_NOTE = (
    "\n\n---\n\n*The preview shows part of this note: runs of more than "
    f"{PREVIEW_RUN_CHARS:,} characters without a space are cut, and it stops after "
    f"{PREVIEW_CHARS:,} characters. The note itself is kept whole.*"
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


def bounded(text: str) -> str:
    """`text` cut to what the preview renders, with a line saying so when anything was cut."""
    head = text[:PREVIEW_CHARS]
    shown, cuts = _LONG_RUN.subn(lambda run: run.group(0)[:PREVIEW_RUN_CHARS] + " …", head)
    if not cuts and len(head) == len(text):
        return text
    return shown + CUT_NOTE


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
        """Render `text` (a bounded part of it, see `bounded`)."""
        self.document().setMarkdown(bounded(text), MARKDOWN_FLAGS)

    def loadResource(self, kind: int, url: QUrl | str) -> None:
        self.refused.append(url.toString() if isinstance(url, QUrl) else str(url))

    def _on_anchor(self, url: QUrl) -> None:
        record_id = record_id_of(url)
        if record_id:
            self.recordActivated.emit(record_id)
        else:
            # Shown to the user (status bar), never opened: the app stays offline.
            self.externalLinkClicked.emit(url.toString())
