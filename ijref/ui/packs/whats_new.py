"""The What's new view: what the data update in use changed, each record a link."""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ijref.packs.diff import Changes
from ijref.ui.detail.browser import SafeBrowser
from ijref.ui.detail.render import esc
from ijref.ui.packs.render import render_changes

__all__ = ["WhatsNewView"]


class WhatsNewView(QWidget):
    """A page of changes; clicking a record opens it (`recordActivated`)."""

    recordActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WhatsNew")
        self.setAccessibleName("What's new")
        self.browser = SafeBrowser(self)
        self.browser.setAccessibleName("What's new in your data")
        self.browser.anchorClicked.connect(self._on_anchor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.changes: Changes | None = None

    def show_changes(self, changes: Changes | None, about: str) -> None:
        """Show `changes`, or `about` alone when no data update is in use."""
        self.changes = changes
        if changes is None:
            self.browser.setHtml(f"<h2>What's new in your data</h2><p>{esc(about)}</p>")
        else:
            self.browser.setHtml(render_changes(changes, about))

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == "record":
            self.recordActivated.emit(url.path())
