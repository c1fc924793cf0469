"""A QTextBrowser that never loads anything and never follows a link by itself."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QImage, QKeyEvent
from PySide6.QtWidgets import QTextBrowser, QWidget

__all__ = ["SafeBrowser"]


def _is_history_key(e: QKeyEvent) -> bool:
    return e.modifiers() == Qt.KeyboardModifier.AltModifier and e.key() in (
        Qt.Key.Key_Left,
        Qt.Key.Key_Right,
    )


class SafeBrowser(QTextBrowser):
    """Rich text with links reported through `anchorClicked`, and no resource loading.

    Record text is escaped before it gets here; this is the second wall: should
    an `<img>` or stylesheet ever reach the document, nothing is fetched. The only
    images it shows are those the pane drew itself and put in `images` (a figure's
    sparkline), by name.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.refused: list[str] = []  # what the document asked for (for tests and debugging)
        self.images: dict[str, QImage] = {}

    def event(self, e: QEvent) -> bool:
        # QTextBrowser claims Alt+Left/Right for a history of its own; leave them to the
        # window's Back and Forward, which know about records.
        if (
            e.type() == QEvent.Type.ShortcutOverride
            and isinstance(e, QKeyEvent)
            and _is_history_key(e)
        ):
            e.ignore()
            return False
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if _is_history_key(e):
            e.ignore()
            return
        super().keyPressEvent(e)

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        key = name.toString() if isinstance(name, QUrl) else name
        if key in self.images:
            return self.images[key]
        self.refused.append(key)
        return None
