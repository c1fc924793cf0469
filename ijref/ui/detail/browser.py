"""A QTextBrowser that never loads anything and never follows a link by itself."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTextBrowser, QWidget

__all__ = ["SafeBrowser"]


class SafeBrowser(QTextBrowser):
    """Rich text with links reported through `anchorClicked`, and no resource loading.

    Record text is escaped before it gets here; this is the second wall: should
    an `<img>` or stylesheet ever reach the document, nothing is fetched.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.refused: list[str] = []  # what the document asked for (for tests and debugging)

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        self.refused.append(name.toString() if isinstance(name, QUrl) else name)
        return None
