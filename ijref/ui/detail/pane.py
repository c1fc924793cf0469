"""The detail pane: a header (title and a tool area others add to) over the record page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ijref.ui.detail.browser import SafeBrowser
from ijref.ui.elided_label import ElidedLabel

if TYPE_CHECKING:
    from ijref.catalog.store import Catalog
    from ijref.ui.detail.data import PageData

__all__ = ["DetailPane", "ask_to_open"]

EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto"})


def ask_to_open(parent: QWidget, url: QUrl) -> bool:
    """Ask before handing an address to the system browser (the laptop is usually offline)."""
    answer = QMessageBox.question(
        parent,
        "Open outside ijref?",
        f"Open this address in your web browser?\n\n{url.toString()}\n\n"
        "ijref itself never goes online; without a network the page will not load.",
    )
    return answer == QMessageBox.StandardButton.Yes


class DetailPane(QWidget):
    """Shows one record; emits `recordActivated(id)` when a link to another is clicked.

    Others add buttons (a bookmark star, a notes button) with `add_tool`; they
    find the record shown in `current_id` and follow `recordShown(id)`.
    """

    recordActivated = Signal(str)
    recordShown = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        ask: Callable[[QWidget, QUrl], bool] = ask_to_open,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._ask = ask
        self._catalog: Catalog | None = None
        self._page: PageData | None = None
        self._pending: str | None = None
        self.current_id: str | None = None

        self.record_title = ""
        # Ends in "…" when the header row is short of room (a narrow pane, 150 %).
        self.caption = ElidedLabel("Choose a record in the tree, search, or press Ctrl+K", self)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caption.setAccessibleName("Record kind and id")
        self.tools = QToolBar("Record tools", self)
        self.tools.setAccessibleName("Record tools")
        # The title itself is the page's first heading, where it wraps like any text.
        header = QHBoxLayout()
        # "Is it still valid?" as of any day the user picks; today unless they do.
        self.as_of_label = QLabel("Status as of", self)
        self.as_of = QDateEdit(self)
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("d MMM yyyy")
        self.as_of.setAccessibleName("Agreement status as of")
        self.as_of.setToolTip("The day the agreement's status is worked out for")
        day = self._today()
        self.as_of.setDate(QDate(day.year, day.month, day.day))
        self.as_of_label.setBuddy(self.as_of)
        self.as_of.dateChanged.connect(self._as_of_changed)
        header.addWidget(self.caption, 1)
        header.addWidget(self.as_of_label)
        header.addWidget(self.as_of)
        header.addWidget(self.tools)
        self._show_as_of(False)
        self.header_layout = header

        self.browser = SafeBrowser(self)
        self.browser.setAccessibleName("Record details")
        self.browser.anchorClicked.connect(self._on_anchor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(header)
        layout.addWidget(self.browser, 1)

    def as_of_date(self) -> dt.date:
        """The day agreement status is worked out for (today unless the user picked one)."""
        d = self.as_of.date()
        return dt.date(d.year(), d.month(), d.day())

    def _show_as_of(self, visible: bool) -> None:
        self.as_of_label.setVisible(visible)
        self.as_of.setVisible(visible)

    def _as_of_changed(self, _date: QDate) -> None:
        if self._catalog is not None and self.current_id:
            self.show_record(self.current_id)

    def _show_message(self, title: str, caption: str, message: str) -> None:
        from ijref.ui.detail.render import esc

        self.record_title = title
        self._show_as_of(False)
        self.caption.setText(caption)
        self.browser.setHtml(f"<h2>{esc(title)}</h2><p>{esc(message)}</p>")

    # ------------------------------------------------------------ public
    def add_tool(self, widget: QWidget) -> None:
        """Put a widget (e.g. a bookmark star) in the header row, above the page."""
        self.tools.addWidget(widget)

    def set_catalog(self, catalog: Catalog) -> None:
        """Start rendering records; shows the one asked for while the catalog was opening."""
        self._catalog = catalog
        if self._pending:
            self.show_record(self._pending)

    def show_placeholder(self, record_id: str, title: str) -> None:
        """What to show before the catalog is open: the title, and that it is loading."""
        self._pending = record_id
        self.current_id = record_id
        self._show_message(title, record_id, "Opening the catalog…")

    def show_record(self, record_id: str) -> bool:
        """Show a record; False (and a message in the pane) when there is no such record."""
        if self._catalog is None:
            self.show_placeholder(record_id, record_id)
            return False
        from ijref.ui.detail.data import gather
        from ijref.ui.detail.render import render_page, sparkline_points
        from ijref.ui.detail.sparkline import sparkline

        self._pending = None
        page = gather(self._catalog, record_id, self.as_of_date())
        self._page = page
        if page is None:
            self.current_id = None
            self._show_message(
                "Record not found",
                record_id,
                f"There is no record {record_id} in this catalog; it may have been "
                "removed in a newer data version.",
            )
            return False
        self.current_id = record_id
        self.record_title = page.record.title
        self._show_as_of(page.record.kind.value == "agreement")
        self.caption.setText(f"{page.record.kind.value.capitalize()} · {record_id}")
        ratio = self.browser.devicePixelRatioF()
        colour = self.browser.palette().link().color()
        self.browser.images = {
            name: sparkline(points, colour, ratio=ratio)
            for name, points in sparkline_points(page).items()
        }
        self.browser.setHtml(render_page(page))
        self.recordShown.emit(record_id)
        return True

    def citation_text(self) -> str:
        """The record's title, id and citations as plain text, for the clipboard."""
        if self._page is None:
            return ""
        from ijref.ui.detail.render import citation_lines

        r = self._page.record
        return "\n".join([f"{r.title} [{r.id}]", *citation_lines(self._page)])

    # ------------------------------------------------------------ links
    def _on_anchor(self, url: QUrl) -> None:
        scheme = url.scheme()
        if scheme == "record":
            self.recordActivated.emit(url.path())
        elif scheme == "copy" and self._page is not None:
            from ijref.ui.detail.render import citation_lines

            lines = citation_lines(self._page)
            n = int(url.path().rsplit("/", 1)[-1] or 0)
            if 0 <= n < len(lines):
                QGuiApplication.clipboard().setText(lines[n])
        elif scheme in EXTERNAL_SCHEMES and self._ask(self, url):
            QDesktopServices.openUrl(url)
