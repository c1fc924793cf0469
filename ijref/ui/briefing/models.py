"""The records of one briefing as a list model: in the briefing's order, reorderable by drag."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ijref.ui.icons import icon

if TYPE_CHECKING:
    from ijref.userdata.briefings import BriefingBook
    from ijref.userdata.entities import Briefing, BriefingItem

__all__ = ["RECORD_ID_ROLE", "BriefingItemsModel"]

RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 30
Index = QModelIndex | QPersistentModelIndex
NOTES_LABEL = {"all": "all notes", "none": "no notes", "chosen": "{n} chosen note(s)"}


def _italic() -> QFont:
    font = QFont()
    font.setItalic(True)
    return font


class BriefingItemsModel(QAbstractListModel):
    """The records of the briefing shown, each with its title and which notes go in.

    Moving rows (a drag in the view, or `moveRows`) saves the new order at once.
    A record that is no longer in the catalog is shown by its id, in italics.

    Args:
        book: the user's briefings.
        titles: record id → title, from the catalog.
        failed: called with a one-line message when a change could not be saved.
    """

    def __init__(
        self,
        book: BriefingBook,
        titles: Mapping[str, str],
        failed: Callable[[str], object],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._book = book
        self._titles = titles
        self._failed = failed
        self.briefing: Briefing | None = None

    # ---------------------------------------------------------------- content
    def show_briefing(self, briefing: Briefing | None) -> None:
        self.beginResetModel()
        self.briefing = briefing
        self.endResetModel()

    @property
    def _items(self) -> tuple[BriefingItem, ...]:
        return self.briefing.items if self.briefing is not None else ()

    def record_id(self, row: int) -> str:
        return self._items[row].record_id

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._items):
            return None
        item = self._items[index.row()]
        title = self._titles.get(item.record_id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            name = title or f"{item.record_id} (no longer in the catalog)"
            return f"{index.row() + 1}. {name}"
        if role == Qt.ItemDataRole.ToolTipRole:
            notes = NOTES_LABEL[item.notes].format(n=len(item.note_uuids))
            return f"{item.record_id} — {notes}"
        if role == Qt.ItemDataRole.DecorationRole:
            return icon(item.record_id.split("/", 1)[0])
        if role == Qt.ItemDataRole.FontRole and title is None:
            return _italic()
        if role == RECORD_ID_ROLE:
            return item.record_id
        return None

    # ------------------------------------------------------------ reordering
    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def moveRows(
        self,
        source_parent: Index,
        source_row: int,
        count: int,
        destination_parent: Index,
        destination_child: int,
    ) -> bool:
        """Move `count` rows to before `destination_child`, and save the order."""
        n = len(self._items)
        if (
            self.briefing is None
            or source_parent.isValid()
            or destination_parent.isValid()
            or count < 1
            or source_row < 0
            or source_row + count > n
            or not 0 <= destination_child <= n
            or source_row <= destination_child <= source_row + count
        ):
            return False
        ids = [i.record_id for i in self._items]
        moving = ids[source_row : source_row + count]
        rest = ids[:source_row] + ids[source_row + count :]
        at = destination_child if destination_child < source_row else destination_child - count
        order = rest[:at] + moving + rest[at:]
        from ijref.domain.errors import UserFacingError

        try:
            saved = self._book.reorder(self.briefing.id, order)
        except UserFacingError as exc:
            self._failed(str(exc))
            return False
        self.beginMoveRows(
            QModelIndex(), source_row, source_row + count - 1, QModelIndex(), destination_child
        )
        self.briefing = saved
        self.endMoveRows()
        # Every row's number changed with the order.
        self.dataChanged.emit(self.index(0), self.index(n - 1))
        return True
