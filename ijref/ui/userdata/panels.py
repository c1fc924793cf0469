"""The Bookmarks panel and the Notes panel, ready to be put in docks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ijref.domain.errors import UserFacingError
from ijref.ui.userdata.models import ID_ROLE, SORT_ROLE, BookmarksModel, NotesModel

if TYPE_CHECKING:
    from ijref.userdata.store import UserStore

__all__ = ["BookmarksPanel", "NotesPanel"]


def _table(parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setTabKeyNavigation(False)  # Tab leaves the table instead of walking its cells
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    view.setWordWrap(False)
    return view


class BookmarksPanel(QWidget):
    """Every bookmark, sortable by title, record date and when added (newest first at start).

    Signals:
        recordActivated(str): the user opened a bookmarked record.
        failed(str): a change could not be saved, and why (one line).
    """

    recordActivated = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        store: UserStore,
        titles: Mapping[str, str],
        dates: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.model = BookmarksModel(store, titles, dates, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = _table(self)
        self.view.setAccessibleName("Bookmarks")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.view.activated.connect(self._activated)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.tags_button = QPushButton("Tags…", self)
        self.tags_button.clicked.connect(self.edit_tags_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.tags_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        """Reload from the store (after a bookmark was toggled elsewhere)."""
        self.model.refresh()

    def selected_record(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def remove_selected(self) -> None:
        record_id = self.selected_record()
        if record_id:
            self._write(lambda: self._store.remove_bookmark(record_id))
            self.refresh()

    def edit_tags_selected(self) -> None:
        """Ask for the selected bookmark's tags, comma-separated, and save them."""
        record_id = self.selected_record()
        if not record_id:
            return
        mark = self._store.bookmark(record_id)
        current = ", ".join(mark.tags) if mark else ""
        text, ok = QInputDialog.getText(
            self, "Tags", f"Tags for {record_id}, separated by commas:", text=current
        )
        if ok:
            self._write(lambda: self._store.set_tags(record_id, text.split(",")))
            self.refresh()

    def _write(self, change: Callable[[], object]) -> None:
        """Make a change; one that cannot be saved (a full disk) is said in `failed`."""
        try:
            change()
        except UserFacingError as exc:
            self.failed.emit(str(exc))

    def _activated(self, index: QModelIndex) -> None:
        self.recordActivated.emit(index.data(ID_ROLE))


class NotesPanel(QWidget):
    """Every note, newest first, with a filter box.

    Signals:
        noteActivated(int): the user opened a note.
        newNoteRequested(): the user asked for a new free-standing note.
    """

    noteActivated = Signal(int)
    newNoteRequested = Signal()

    def __init__(
        self, store: UserStore, titles: Mapping[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = NotesModel(store, titles, self)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter notes")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.model.set_filter)
        self.new_button = QPushButton("New note", self)
        self.new_button.clicked.connect(self.newNoteRequested)
        self.view = _table(self)
        self.view.setAccessibleName("Notes")
        self.view.setModel(self.model)
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)  # one click opens it, as in a mail list
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view)

    def refresh(self) -> None:
        """Reload from the store (connect the editor's `saved` signal here)."""
        self.model.refresh()

    def _activated(self, index: QModelIndex) -> None:
        self.noteActivated.emit(index.data(ID_ROLE))
