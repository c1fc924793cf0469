"""Item models of bookmarks and notes, filled from the user store (no widgets here)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

if TYPE_CHECKING:
    from ijref.userdata.entities import Bookmark, Note
    from ijref.userdata.store import UserStore

__all__ = ["ID_ROLE", "SORT_ROLE", "BookmarksModel", "NotesModel"]

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
ORPHAN = "(no longer in the catalog)"
Index = QModelIndex | QPersistentModelIndex


def _italic() -> QFont:
    font = QFont()
    font.setItalic(True)
    return font


class _RowsModel(QAbstractTableModel):
    """A flat table over `self._rows`, one column per entry of `HEADERS`."""

    HEADERS: tuple[str, ...] = ()
    _rows: list[Any]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


class BookmarksModel(_RowsModel):
    """Columns: title, the record's date, when it was bookmarked, tags."""

    HEADERS = ("Title", "Date", "Added", "Tags")

    def __init__(
        self,
        store: UserStore,
        titles: Mapping[str, str],
        dates: Mapping[str, str] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._titles = titles
        self._dates = dates or {}
        self._rows: list[Bookmark] = []
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._rows = self._store.bookmarks()
        self.endResetModel()

    def record_id(self, row: int) -> str:
        return self._rows[row].record_id

    def _orphan(self, b: Bookmark) -> bool:
        return b.record_id not in self._titles

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        b = self._rows[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return b.record_id
        if role == Qt.ItemDataRole.FontRole and self._orphan(b):
            return _italic()
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{b.record_id} {ORPHAN}" if self._orphan(b) else b.record_id
        if role == SORT_ROLE:
            return (
                self._titles.get(b.record_id, b.record_id).casefold(),
                self._dates.get(b.record_id, ""),
                b.created_at.isoformat(),
                " ".join(b.tags),
            )[col]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                title = self._titles.get(b.record_id)
                return title if title else f"{b.record_id} {ORPHAN}"
            if col == 1:
                return self._dates.get(b.record_id, "")
            if col == 2:
                return b.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
            return ", ".join(b.tags)
        return None


class NotesModel(_RowsModel):
    """Columns: the note's first line, its record, when it was last changed; newest first."""

    HEADERS = ("Note", "Record", "Changed")

    def __init__(self, store: UserStore, titles: Mapping[str, str], parent: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self._titles = titles
        self._rows: list[Note] = []
        self._filter = ""
        self._search = ""
        self.refresh()

    def set_filter(self, text: str) -> None:
        """Keep only notes containing `text` (case-insensitive)."""
        self._filter = text.strip()
        self.refresh()

    def set_search(self, text: str) -> None:
        """Show the notes the notes index finds for `text`, best first ("" for all notes)."""
        self._search = text.strip()
        self.refresh()

    @property
    def searching(self) -> bool:
        return bool(self._search)

    def refresh(self) -> None:
        self.beginResetModel()
        if self._search:
            found = (self._store.note(h.note_id) for h in self._store.search_notes(self._search))
            needle = self._filter.casefold()
            self._rows = [n for n in found if n is not None and needle in n.text.casefold()]
        else:
            self._rows = self._store.notes(contains=self._filter)
        self.endResetModel()

    def note_id(self, row: int) -> int:
        return self._rows[row].id

    def _record_label(self, n: Note) -> str:
        if n.record_id is None:
            return "(free-standing)"
        return self._titles.get(n.record_id) or f"{n.record_id} {ORPHAN}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        n = self._rows[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return n.id
        orphan = n.record_id is not None and n.record_id not in self._titles
        if role == Qt.ItemDataRole.FontRole and orphan:
            return _italic()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return n.title
            if col == 1:
                return self._record_label(n)
            return n.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
        return None
