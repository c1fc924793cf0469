"""Dialogs of the Briefings panel: a briefing's details, and which notes of a record go in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from ijref.userdata.entities import Briefing, BriefingItem, Note

__all__ = ["HANDLING_LINES", "Details", "DetailsDialog", "NotesDialog"]

# Lines people commonly print on a briefing; any other can be typed.
HANDLING_LINES = (
    "",
    "RESTRICTED — for internal use",
    "CONFIDENTIAL",
    "For official use only",
    "Draft — not for circulation",
)


class Details:
    """What the details dialog returns."""

    def __init__(
        self, title: str, meeting: str, meeting_date: dt.date | None, handling: str
    ) -> None:
        self.title = title
        self.meeting = meeting
        self.meeting_date = meeting_date
        self.handling = handling


class DetailsDialog(QDialog):
    """Title, meeting, meeting date (or none yet) and handling line of a briefing."""

    def __init__(self, parent: QWidget | None, briefing: Briefing | None, today: dt.date) -> None:
        super().__init__(parent)
        self.setWindowTitle("Briefing details" if briefing else "New briefing")
        self.title = QLineEdit(briefing.title if briefing else "", self)
        self.title.setPlaceholderText("e.g. JAXA call, June 2018")
        self.title.setAccessibleName("Briefing title")
        self.meeting = QLineEdit(briefing.meeting if briefing else "", self)
        self.meeting.setPlaceholderText("e.g. ISRO–JAXA review, Tokyo")
        self.meeting.setAccessibleName("Meeting")
        self.dated = QCheckBox("Meeting date:", self)
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMM yyyy")
        self.date.setAccessibleName("Meeting date")
        day = (briefing.meeting_date if briefing else None) or today
        self.date.setDate(QDate(day.year, day.month, day.day))
        self.dated.setChecked(bool(briefing and briefing.meeting_date) or briefing is None)
        self.date.setEnabled(self.dated.isChecked())
        self.dated.toggled.connect(self.date.setEnabled)
        self.handling = QComboBox(self)
        self.handling.setEditable(True)
        self.handling.addItems(list(HANDLING_LINES))
        self.handling.setAccessibleName("Handling line")
        self.handling.setCurrentText(briefing.handling if briefing else "")
        hint = QLabel("Agreement status is worked out for the meeting date.", self)
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Title:", self.title)
        form.addRow("&Meeting:", self.meeting)
        row = QHBoxLayout()
        row.addWidget(self.date, 1)
        form.addRow(self.dated, row)
        form.addRow("&Handling line:", self.handling)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.title.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        self.ok.setEnabled(bool(self.title.text().strip()))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def details(self) -> Details:
        d = self.date.date()
        day = dt.date(d.year(), d.month(), d.day()) if self.dated.isChecked() else None
        return Details(self.title.text(), self.meeting.text(), day, self.handling.currentText())


class NotesDialog(QDialog):
    """Which of a record's notes go into the briefing: all, none, or the ones ticked."""

    def __init__(
        self, parent: QWidget | None, title: str, item: BriefingItem, notes: Sequence[Note]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Notes in the briefing")
        self.all = QRadioButton("&All notes on this record (also ones written later)", self)
        self.none = QRadioButton("&No notes", self)
        self.chosen = QRadioButton("&These notes:", self)
        group = QButtonGroup(self)
        for button in (self.all, self.none, self.chosen):
            group.addButton(button)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Notes on the record")
        for note in notes:
            row = QListWidgetItem(f"{note.title} — {note.updated_at:%-d %b %Y}")
            row.setData(Qt.ItemDataRole.UserRole, note.uuid)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            picked = item.notes == "all" or (
                item.notes == "chosen" and note.uuid in item.note_uuids
            )
            row.setCheckState(Qt.CheckState.Checked if picked else Qt.CheckState.Unchecked)
            self.list.addItem(row)
        {"all": self.all, "none": self.none, "chosen": self.chosen}[item.notes].setChecked(True)
        self.list.setEnabled(self.chosen.isChecked())
        self.chosen.toggled.connect(self.list.setEnabled)
        self.list.itemChanged.connect(lambda _row: self.chosen.setChecked(True))
        if not notes:
            self.list.addItem("(you have no notes on this record yet)")
            self.list.setEnabled(False)
            self.chosen.setEnabled(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        label = QLabel(title, self)
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        for widget in (self.all, self.none, self.chosen, self.list):
            layout.addWidget(widget)
        layout.addWidget(buttons)
        self.resize(480, 360)

    def choice(self) -> tuple[str, list[str]]:
        """(`all` | `none` | `chosen`, the uuids ticked)."""
        if self.all.isChecked():
            return "all", []
        if self.none.isChecked():
            return "none", []
        ticked = []
        for n in range(self.list.count()):
            row = self.list.item(n)
            if row.checkState() == Qt.CheckState.Checked and row.data(Qt.ItemDataRole.UserRole):
                ticked.append(row.data(Qt.ItemDataRole.UserRole))
        return "chosen", ticked
