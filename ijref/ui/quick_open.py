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
        self.records = records
        self._haystacks = [
            " ".join((r.title, r.short_name, r.id, *r.aliases)).casefold() for r in records
        ]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def haystack(self, row: int) -> str:
        return self._haystacks[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.records[index.row()]
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


def _rank(record: OutlineRecord, text: str) -> int:
    """0 an exact short name or alias, 1 a title or name starting with the text, 2 the rest."""
    names = [n.casefold() for n in (record.short_name, *record.aliases) if n]
    if text in names:
        return 0
    if any(n.startswith(text) for n in (record.title.casefold(), *names)):
        return 1
    return 2


class RecordMatchProxy(QSortFilterProxyModel):
    """Keeps records containing every word typed (in any of their names or the id),
    the closest matches first: an exact acronym, then names starting with the text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._ranks: list[int] = []

    def set_text(self, text: str) -> None:
        model = self.sourceModel()
        assert isinstance(model, RecordListModel)
        self._words = text.casefold().split()
        needle = " ".join(self._words)
        self._ranks = [_rank(r, needle) if needle else 0 for r in model.records]
        self.invalidate()  # filter and order both depend on the text
        self.sort(0)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, RecordListModel)
        hay = model.haystack(source_row)
        return all(w in hay for w in self._words)

    def lessThan(self, left: _Index, right: _Index) -> bool:
        a, b = left.row(), right.row()
        ranks = self._ranks
        if ranks and ranks[a] != ranks[b]:
            return ranks[a] < ranks[b]
        return a < b  # the source is in name order


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
