"""The search results: facet filters over a list of hits (kind icon, title, date, snippet)."""

from __future__ import annotations

import html
from collections import Counter
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ijref.ui.icons import icon

__all__ = ["HIT_ID_ROLE", "SNIPPET_ROLE", "SearchPanel", "SearchResultsModel"]

HIT_ID_ROLE = Qt.ItemDataRole.UserRole + 10
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 11
FACET_LABELS = {"kind": "Kind", "sector": "Sector", "year": "Year", "country": "Country"}
_Index = QModelIndex | QPersistentModelIndex


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _facets(results: Any) -> dict[str, dict[str, int]]:
    """The service's facet counts; kind, sector and year counted from the hits if it has none."""
    facets: dict[str, dict[str, int]] = dict(getattr(results, "facets", {}) or {})
    counted: dict[str, Counter[str]] = {"kind": Counter(), "sector": Counter(), "year": Counter()}
    for h in results.hits:
        counted["kind"][h.kind] += 1
        counted["sector"].update(h.sectors)
        if h.date[:4].isdigit():
            counted["year"][h.date[:4]] += 1
    for name, counts in counted.items():
        facets.setdefault(name, dict(counts))
    return facets


def _human_date(edtf: str) -> str:
    # Imported here: the EDTF parser stays off the path to the first window.
    from ijref.domain.dates import EdtfDate

    date = EdtfDate.try_parse(edtf or None)
    return date.human() if date is not None else edtf


class SearchResultsModel(QAbstractListModel):
    """The hits of one search, newest answer replacing the last."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: tuple[Any, ...] = ()

    def set_hits(self, hits: tuple[Any, ...]) -> None:
        self.beginResetModel()
        self._hits = tuple(hits)
        self.endResetModel()

    def hit(self, row: int) -> Any:
        return self._hits[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        h = self._hits[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{h.title} ({_human_date(h.date)})" if h.date else h.title
        if role == Qt.ItemDataRole.DecorationRole:
            return icon(h.kind)
        if role == Qt.ItemDataRole.ToolTipRole:
            return h.id
        if role == HIT_ID_ROLE:
            return h.id
        if role == SNIPPET_ROLE:
            # The service escapes highlights and adds only <b>; the rest we escape here.
            title = f"<b>{_escape(h.title)}</b>"
            when = _human_date(h.date) if h.date else ""
            date = f" <span style='color:gray'>{_escape(when)}</span>" if when else ""
            snippet = f"<br><small>{h.highlights}</small>" if h.highlights else ""
            return title + date + snippet
        return None


class _HitDelegate(QStyledItemDelegate):
    """Paints a hit as two lines of rich text: title and date, then the snippet."""

    def _doc(self, option: QStyleOptionViewItem, index: _Index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(str(index.data(SNIPPET_ROLE) or ""))
        doc.setTextWidth(max(100, option.rect.width() - 36))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        text_option = QStyleOptionViewItem(option)
        text_option.text = ""
        if style is not None:
            style.drawControl(
                QStyle.ControlElement.CE_ItemViewItem, text_option, painter, option.widget
            )
        doc = self._doc(option, index)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, option.palette.color(group))
        painter.save()
        rect = option.rect
        painter.translate(rect.left() + 30, rect.top() + 2)
        painter.setClipRect(QRectF(0, 0, rect.width() - 30, rect.height()))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        doc = self._doc(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 4)


class SearchPanel(QWidget):
    """Facet filters and the results list; emits `recordActivated(id)` and `filtersChanged()`."""

    recordActivated = Signal(str)
    filtersChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SearchResultsModel(self)
        self.labels: dict[str, str] = {}  # facet value → what to show (sector id → title)
        self.summary = QLabel("Type in the search field to find records.", self)
        self.summary.setAccessibleName("Search summary")
        self.summary.setWordWrap(True)
        self.facets: dict[str, QComboBox] = {}
        row = QHBoxLayout()
        for name, label in FACET_LABELS.items():
            combo = QComboBox(self)
            combo.setAccessibleName(f"Filter by {label.lower()}")
            combo.setToolTip(f"Filter by {label.lower()}")
            combo.addItem(f"Any {label.lower()}", "")
            combo.setEnabled(False)
            combo.activated.connect(lambda _i: self.filtersChanged.emit())
            self.facets[name] = combo
            row.addWidget(combo)
        self.list = QListView(self)
        self.list.setAccessibleName("Search results")
        self.list.setModel(self.model)
        self.list.setItemDelegate(_HitDelegate(self.list))
        self.list.setUniformItemSizes(False)
        self.list.setWordWrap(True)
        self.list.activated.connect(self._activate)
        self.list.clicked.connect(self._activate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)

    def filters(self) -> dict[str, str]:
        """The chosen facet values (name → value), leaving out "any"."""
        return {n: str(c.currentData() or "") for n, c in self.facets.items() if c.currentData()}

    def show_results(self, text: str, results: Any) -> None:
        """Show the hits and refill each facet with the counts of this answer."""
        self.model.set_hits(results.hits)
        n = len(results.hits)
        self.summary.setText(
            f"{results.total} record(s) match “{text}”"
            + (f"; showing {n}" if n < results.total else "")
        )
        facets = _facets(results)
        for name, combo in self.facets.items():
            chosen = combo.currentData()
            values = facets.get(name, {})
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(f"Any {FACET_LABELS[name].lower()}", "")
            for value, count in sorted(values.items()):
                combo.addItem(f"{self.labels.get(value, value)} ({count})", value)
            if chosen:
                at = combo.findData(chosen)
                if at < 0:
                    combo.addItem(f"{chosen} (0)", chosen)
                    at = combo.count() - 1
                combo.setCurrentIndex(at)
            combo.setEnabled(combo.count() > 1)
            combo.blockSignals(False)

    def clear(self) -> None:
        self.model.set_hits(())
        self.summary.setText("Type in the search field to find records.")

    def show_message(self, text: str) -> None:
        self.summary.setText(text)

    def _activate(self, index: QModelIndex) -> None:
        record_id = index.data(HIT_ID_ROLE)
        if record_id:
            self.recordActivated.emit(str(record_id))
