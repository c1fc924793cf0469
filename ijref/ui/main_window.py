"""A first main window: the sector tree (the app issue replaces this)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QMainWindow, QTreeView


class MainWindow(QMainWindow):
    def __init__(self, build_root: Path) -> None:
        super().__init__()
        from ijref.catalog.store import Catalog

        self.setWindowTitle("ijref")
        self.catalog = Catalog.open(build_root)
        model = QStandardItemModel(self)
        for sector in self.catalog.sectors():
            item = QStandardItem(sector.title)
            for r in self.catalog.summaries(sector=sector.id):
                item.appendRow(QStandardItem(r.display_name))
            model.appendRow(item)
        tree = QTreeView(self)
        tree.setModel(model)
        self.setCentralWidget(tree)
