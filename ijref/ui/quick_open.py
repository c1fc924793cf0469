"""Quick-open (Ctrl+K): type part of a title, short name, acronym or id, press Enter."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QListView, QVBoxLayout, QWidget

from ijref.catalog.outline import OutlineRecord
from ijref.ui.icons import icon

__all__ = ["QuickOpenDialog", "RecordListModel", "RecordMatchProxy"]

ID_ROLE = Qt.ItemDataRole.UserRole + 20
_Index = QModelIndex | QPersistentModelIndex


class RecordListModel(QAbstractListModel):
    """Every record: icon, display name, and the full title and year beside it."""

    def __init__(self, records: tuple[OutlineRecord, ...], parent: Any = None) -> None:
        super().__init__(parent)
        self._records = records
        self._haystacks = [
            " ".join((r.title, r.short_name, r.id, *r.aliases)).casefold() for r in records
        ]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def haystack(self, row: int) -> str:
        return self._haystacks[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._records[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            extra = r.title if r.short_name and r.short_name != r.title else ""
            parts = [r.display_name, f"— {extra}" if extra else "", f"({r.year})" if r.year else ""]
            return " ".join(p for p in parts if p)
        if role == Qt.ItemDataRole.DecorationRole:
            return icon(r.kind)
        if role == Qt.ItemDataRole.ToolTipRole:
            return r.id
        if role == ID_ROLE:
            return r.id
        return None


class RecordMatchProxy(QSortFilterProxyModel):
    """Keeps records containing every word typed (in any of their names or the id)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_text(self, text: str) -> None:
        if not hasattr(self, "beginFilterChange"):  # Qt < 6.10; deprecated after
            self._words = text.casefold().split()
            self.invalidateRowsFilter()
            return
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, RecordListModel)
        hay = model.haystack(source_row)
        return all(w in hay for w in self._words)


class QuickOpenDialog(QDialog):
    """A filterable popup over every record; emits `recordChosen(id)` and closes."""

    recordChosen = Signal(str)

    def __init__(self, records: tuple[OutlineRecord, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Go to record")
        self.resize(560, 420)
        self.source = RecordListModel(records, self)
        self.proxy = RecordMatchProxy(self)
        self.proxy.setSourceModel(self.source)
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Title, acronym or id…")
        self.field.setAccessibleName("Record name")
        self.field.setClearButtonEnabled(True)
        self.list = QListView(self)
        self.list.setAccessibleName("Matching records")
        self.list.setModel(self.proxy)
        self.list.activated.connect(self._choose)
        self.field.textChanged.connect(self._filter)
        self.field.returnPressed.connect(lambda: self._choose(self.list.currentIndex()))
        self.field.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.list, 1)
        self._filter("")

    def open_fresh(self) -> None:
        """Show with an empty field, focused."""
        self.field.clear()
        self.show()
        self.raise_()
        self.activateWindow()
        self.field.setFocus()

    def _filter(self, text: str) -> None:
        self.proxy.set_text(text)
        if self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up/Down in the field move through the list, so hands stay on the keyboard.
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (
                Qt.Key.Key_Down,
                Qt.Key.Key_Up,
                Qt.Key.Key_PageDown,
                Qt.Key.Key_PageUp,
            ):
                self.list.keyPressEvent(event)
                return True
        return super().eventFilter(watched, event)

    def _choose(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        record_id = index.data(ID_ROLE)
        if record_id:
            self.accept()
            self.recordChosen.emit(str(record_id))
