"""The left panel: a filter box over the sector tree."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QHeaderView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from ijref.catalog.outline import Outline
from ijref.ui.tree_labels import LabelDelegate
from ijref.ui.tree_model import RECORD_ID_ROLE, SectorTreeModel

__all__ = ["SectorPanel"]


class SectorPanel(QWidget):
    """Emits `recordActivated(id)` when a record or sector row becomes current."""

    recordActivated = Signal(str)

    def __init__(self, outline: Outline, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SectorTreeModel(outline, self)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter the tree…")
        self.filter.setAccessibleName("Filter the sector tree")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.tree = QTreeView(self)
        self.tree.setAccessibleName("Sectors and records")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        # Siblings that share a long start ("ISRO–JAXA …") stay told apart when cut.
        self.tree.setItemDelegate(LabelDelegate(self.tree))
        self.tree.setIndentation(14)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        # Enter (and a double click, which also activates) opens or closes a sector or group.
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.activated.connect(self._toggle)
        self._following = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)
        if text.strip():
            self.tree.expandAll()

    def _toggle(self, index: QModelIndex) -> None:
        if self.model.hasChildren(index):
            self.tree.setExpanded(index, not self.tree.isExpanded(index))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        record_id = current.data(RECORD_ID_ROLE)
        if record_id and not self._following:
            self.recordActivated.emit(str(record_id))

    def selectRecord(self, record_id: str) -> None:
        """Follow a selection made elsewhere, unless the current row already shows it."""
        if self.tree.currentIndex().data(RECORD_ID_ROLE) == record_id:
            return
        index = self.model.index_of(record_id)
        if not index.isValid():
            return
        self._following = True
        try:
            parent = index.parent()
            while parent.isValid():
                self.tree.expand(parent)
                parent = parent.parent()
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        finally:
            self._following = False
