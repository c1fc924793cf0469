"""The Briefings panel: pick a briefing, order its records, choose their notes, make it.

Everything a person changes here is saved at once (the user store commits each
change). Making the document (preview, export, print) is asked for through
signals; `output.BriefingOutput` answers them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ijref.domain.errors import UserFacingError
from ijref.ui.briefing.dialogs import DetailsDialog, NotesDialog
from ijref.ui.briefing.models import RECORD_ID_ROLE, BriefingItemsModel
from ijref.userdata.briefings import records_text

if TYPE_CHECKING:
    from ijref.briefing.build import CatalogReader
    from ijref.userdata.entities import Briefing
    from ijref.userdata.store import UserStore

__all__ = ["BriefingsPanel"]

T = TypeVar("T")


class BriefingsPanel(QWidget):
    """A briefing's records in order, with the buttons to shape it and make it.

    Signals:
        recordActivated(str): the user opened a record of the briefing.
        message(str): one line for the status bar.
        exportRequested(int), previewRequested(int), printRequested(int): make
            the briefing with this id.
    """

    recordActivated = Signal(str)
    message = Signal(str)
    exportRequested = Signal(int)
    previewRequested = Signal(int)
    printRequested = Signal(int)

    def __init__(
        self,
        store: UserStore,
        titles: Mapping[str, str],
        catalog: CatalogReader,
        sector_order: Sequence[str],
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self._titles = titles
        self._catalog = catalog
        self._sectors = list(sector_order)
        self._today = today

        self.chooser = QComboBox(self)
        self.chooser.setAccessibleName("Briefing")
        self.chooser.setToolTip("The briefing shown; records you add go into it")
        self.chooser.currentIndexChanged.connect(self._chosen)
        self.new_button = QToolButton(self)
        self.new_button.setText("New…")
        self.new_button.setToolTip("A new briefing for a meeting")
        self.new_button.clicked.connect(self.new_briefing)
        self.more_button = QToolButton(self)
        self.more_button.setText("⋯")
        self.more_button.setAccessibleName("More briefing actions")
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more = QMenu(self.more_button)
        self.details_action = more.addAction("Details (title, meeting, date)…", self.edit_details)
        self.delete_action = more.addAction("Delete this briefing…", self.delete_briefing)
        self.more_button.setMenu(more)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.info.setAccessibleName("Briefing details")

        self.model = BriefingItemsModel(store.briefings, titles, self.message.emit, self)
        self.view = QListView(self)
        self.view.setAccessibleName("Records in the briefing")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDropIndicatorShown(True)
        self.view.setWordWrap(True)
        self.view.setUniformItemSizes(False)
        self.view.activated.connect(self._activated)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)

        self.sort_button = QPushButton("Sort", self)
        sort = QMenu(self.sort_button)
        sort.addAction("By date, oldest first", self.sort_by_date)
        sort.addAction("By sector, then date", self.sort_by_sector)
        self.sort_button.setMenu(sort)
        self.notes_button = QPushButton("Notes…", self)
        self.notes_button.setToolTip("Choose which of the record's notes go in")
        self.notes_button.clicked.connect(self.choose_notes)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setToolTip("Take the selected records out of the briefing (Delete)")
        self.remove_button.clicked.connect(self.remove_selected)
        self.preview_button = QPushButton("Preview", self)
        self.preview_button.clicked.connect(lambda: self._ask(self.previewRequested))
        self.export_button = QPushButton("Export…", self)
        self.export_button.setToolTip("Save as PDF, an editable document (.odt) or Markdown")
        self.export_button.clicked.connect(lambda: self._ask(self.exportRequested))
        self.print_button = QPushButton("Print…", self)
        self.print_button.clicked.connect(lambda: self._ask(self.printRequested))

        # Keyboard: Delete removes, Ctrl+Up/Down move the selected record.
        for keys, slot in (
            (QKeySequence.StandardKey.Delete, self.remove_selected),
            (QKeySequence("Ctrl+Up"), lambda: self.move_selected(-1)),
            (QKeySequence("Ctrl+Down"), lambda: self.move_selected(1)),
        ):
            action = QAction(self.view)
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.view.addAction(action)

        top = QHBoxLayout()
        top.addWidget(self.chooser, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.more_button)
        buttons = QGridLayout()
        for n, button in enumerate(
            (
                self.sort_button,
                self.notes_button,
                self.remove_button,
                self.preview_button,
                self.export_button,
                self.print_button,
            )
        ):
            buttons.addWidget(button, n // 3, n % 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.info)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.refresh()

    # ------------------------------------------------------------------ state
    def current(self) -> Briefing | None:
        return self.model.briefing

    def refresh(self, select: int | None = None) -> None:
        """Reload the briefings (after an import or a restore); keep or pick one shown."""
        shown = self.current()
        keep = select if select is not None else (shown.id if shown is not None else None)
        briefings = self.store.briefings.briefings()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for b in briefings:
            self.chooser.addItem(b.title, b.id)
        found = self.chooser.findData(keep) if keep is not None else -1
        self.chooser.setCurrentIndex(found if found >= 0 else (0 if briefings else -1))
        self.chooser.blockSignals(False)
        self._chosen()

    def _chosen(self, _index: int = 0) -> None:
        briefing_id = self.chooser.currentData()
        self._show(self.store.briefings.get(briefing_id) if briefing_id is not None else None)

    def _show(self, briefing: Briefing | None) -> None:
        self.model.show_briefing(briefing)
        has = briefing is not None
        for widget in (
            self.more_button,
            self.sort_button,
            self.notes_button,
            self.remove_button,
            self.preview_button,
            self.export_button,
            self.print_button,
        ):
            widget.setEnabled(has)
        if briefing is None:
            self.info.setText("No briefing yet: New… starts one, or add a record (Ctrl+Shift+B).")
            return
        when = f"{briefing.meeting_date:%-d %b %Y}" if briefing.meeting_date else "no date set"
        parts = [briefing.meeting or "", f"meeting {when}", briefing.handling]
        count = len(briefing.items)
        parts.append(records_text(count))
        self.info.setText(" · ".join(p for p in parts if p))

    def _saved(self, briefing: Briefing) -> None:
        if self.chooser.currentData() != briefing.id:
            self.refresh(select=briefing.id)
        else:
            self.chooser.setItemText(self.chooser.currentIndex(), briefing.title)
            self._show(briefing)

    def _try(self, work: Callable[[], T]) -> T | None:
        try:
            return work()
        except UserFacingError as exc:
            self.message.emit(str(exc))
            return None

    # -------------------------------------------------------------- briefings
    def new_briefing(self) -> Briefing | None:
        """Ask for a title and meeting, and start a briefing."""
        dialog = DetailsDialog(self, None, self._today())
        if dialog.exec() != DetailsDialog.DialogCode.Accepted:
            return None
        d = dialog.details()
        made = self._try(
            lambda: self.store.briefings.create(d.title, d.meeting, d.meeting_date, d.handling)
        )
        if made is not None:
            self.refresh(select=made.id)
            self.message.emit(f"New briefing “{made.title}”")
        return made

    def edit_details(self) -> None:
        briefing = self.current()
        if briefing is None:
            return
        dialog = DetailsDialog(self, briefing, self._today())
        if dialog.exec() != DetailsDialog.DialogCode.Accepted:
            return
        d = dialog.details()
        saved = self._try(
            lambda: self.store.briefings.update(
                briefing.id,
                title=d.title,
                meeting=d.meeting,
                meeting_date=d.meeting_date,
                handling=d.handling,
            )
        )
        if saved is not None:
            self._saved(saved)

    def delete_briefing(self) -> None:
        briefing = self.current()
        if briefing is None:
            return
        answer = QMessageBox.question(
            self,
            "Delete briefing",
            f"Delete the briefing “{briefing.title}”? Its records and your notes stay.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.store.briefings.delete(briefing.id)
            self.refresh()
            self.message.emit(f"Deleted the briefing “{briefing.title}”")

    # ---------------------------------------------------------------- records
    def add_records(self, record_ids: Sequence[str]) -> Briefing | None:
        """Add records to the briefing shown (starting one first if there is none)."""
        ids = [rid for rid in dict.fromkeys(record_ids) if rid]
        if not ids:
            self.message.emit("Nothing to add: choose records first")
            return None
        briefing = self.current() or self.new_briefing()
        if briefing is None:
            return None
        result = self._try(lambda: self.store.briefings.add_records(briefing.id, ids))
        if result is None:
            return None
        saved, report = result
        self._saved(saved)
        self.message.emit(report.summary(saved.title))
        return saved

    def selected_ids(self) -> list[str]:
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        return [self.model.record_id(r) for r in rows]

    def remove_selected(self) -> None:
        briefing = self.current()
        ids = self.selected_ids()
        if briefing is None or not ids:
            return
        saved = self._try(lambda: self.store.briefings.remove_records(briefing.id, ids))
        if saved is not None:
            self._saved(saved)
            self.message.emit(f"Removed {records_text(len(ids))} from “{briefing.title}”")

    def move_selected(self, step: int) -> None:
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        if len(rows) != 1:
            return
        row = rows[0]
        target = row - 1 if step < 0 else row + 2
        if self.model.moveRows(QModelIndex(), row, 1, QModelIndex(), target):
            self.view.setCurrentIndex(self.model.index(row + step))

    def _reorder(self, order: list[str], how: str) -> None:
        briefing = self.current()
        if briefing is None:
            return
        saved = self._try(lambda: self.store.briefings.reorder(briefing.id, order))
        if saved is not None:
            self._saved(saved)
            self.message.emit(f"Sorted “{briefing.title}” {how}")

    def sort_by_date(self) -> None:
        from ijref.briefing.build import order_by_date

        briefing = self.current()
        if briefing is not None:
            self._reorder(order_by_date(briefing.record_ids, self._catalog), "by date")

    def sort_by_sector(self) -> None:
        from ijref.briefing.build import order_by_sector

        briefing = self.current()
        if briefing is not None:
            order = order_by_sector(briefing.record_ids, self._catalog, self._sectors)
            self._reorder(order, "by sector")

    def choose_notes(self) -> None:
        briefing = self.current()
        ids = self.selected_ids()
        if briefing is None or len(ids) != 1:
            self.message.emit("Choose one record in the briefing to pick its notes")
            return
        item = briefing.item(ids[0])
        if item is None:
            return
        title = self._titles.get(item.record_id, item.record_id)
        dialog = NotesDialog(self, title, item, self.store.notes(item.record_id))
        if dialog.exec() != NotesDialog.DialogCode.Accepted:
            return
        mode, uuids = dialog.choice()
        saved = self._try(
            lambda: self.store.briefings.set_notes(briefing.id, item.record_id, mode, uuids)
        )
        if saved is not None:
            self._saved(saved)

    # ------------------------------------------------------------------ misc
    def _ask(self, signal: SignalInstance) -> None:
        briefing = self.current()
        if briefing is not None:
            signal.emit(briefing.id)

    def _activated(self, index: QModelIndex) -> None:
        record_id = index.data(RECORD_ID_ROLE)
        if record_id:
            self.recordActivated.emit(record_id)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        menu = QMenu(self)
        if index.isValid():
            menu.addAction("Open", lambda: self._activated(index))
            menu.addAction("Notes…", self.choose_notes)
            menu.addAction("Move up", lambda: self.move_selected(-1))
            menu.addAction("Move down", lambda: self.move_selected(1))
            menu.addAction("Remove from briefing", self.remove_selected)
        menu.addAction("Sort by date", self.sort_by_date)
        menu.addAction("Sort by sector", self.sort_by_sector)
        menu.exec(self.view.viewport().mapToGlobal(pos))
