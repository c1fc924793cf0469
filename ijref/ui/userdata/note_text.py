"""The note editor's text box: it wraps at words, or anywhere once a note has a huge unbroken run.

Qt finds line breaks in a run of text with no break opportunity (a pasted
blob, 500,000 letters on one line) in time that grows with the square of its
length when it wraps "at word boundaries, or anywhere if it must"; wrapping
anywhere lays the same run out in linear time. Ordinary prose keeps the usual
wrapping.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QPlainTextEdit

__all__ = ["LONG_RUN_CHARS", "NoteText"]

LONG_RUN_CHARS = 1000
_LONG_RUN = re.compile(rf"\S{{{LONG_RUN_CHARS}}}")
_PROSE = QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
_ANYWHERE = QTextOption.WrapMode.WrapAnywhere


class NoteText(QPlainTextEdit):
    """A plain-text editor that picks its wrapping for the text it is given or pasted."""

    def fit_wrapping(self, text: str) -> None:
        """Wrap anywhere if `text` has a run of `LONG_RUN_CHARS` letters without a space."""
        mode = _ANYWHERE if _LONG_RUN.search(text) else _PROSE
        if self.wordWrapMode() != mode:
            self.setWordWrapMode(mode)

    def insertFromMimeData(self, source: QMimeData) -> None:
        # Before the paste is laid out: afterwards the slow layout has been paid for.
        if source.hasText() and _LONG_RUN.search(source.text()):
            self.setWordWrapMode(_ANYWHERE)
        super().insertFromMimeData(source)
