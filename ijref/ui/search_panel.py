"""The search results: facet filters over a list of hits (kind icon, title, date, snippet).

The user's matching notes come first, each marked as a note (its icon, "Note on
<record>"); activating one opens the note and its record.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ijref.search.results import Hit, Results
from ijref.ui.icons import icon
from ijref.userdata.entities import NoteHit

__all__ = [
    "HIT_ID_ROLE",
    "NOTE_ID_ROLE",
    "SNIPPET_ROLE",
    "SearchPanel",
    "SearchResultsModel",
    "note_label",
]

HIT_ID_ROLE = Qt.ItemDataRole.UserRole + 10
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 11
NOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 12
# What a row shows, part by part (see `_HitDelegate`): its short name, the full title
# when that says more, the date, the matched passage (HTML), whether it carries notes.
NAME_ROLE = Qt.ItemDataRole.UserRole + 13
FULL_TITLE_ROLE = Qt.ItemDataRole.UserRole + 14
DATE_ROLE = Qt.ItemDataRole.UserRole + 15
BODY_ROLE = Qt.ItemDataRole.UserRole + 16
MARKED_ROLE = Qt.ItemDataRole.UserRole + 17
# What a data update did to the hit's record, until it is opened: new, changed, renamed ("").
CHANGED_ROLE = Qt.ItemDataRole.UserRole + 18
CHANGE_BADGES = {"new": "● new", "changed": "● changed", "renamed": "● renamed"}
CHANGE_COLOUR = "#2e9e4f"
EXACT_LINK = "#exact"  # the "search instead for …" link
NOTE_KIND = "note"  # as `ijref.ui.search_controller.NOTE_KIND`, the kind of a note hit
# Rows laid out at a time (more than a screenful of two-line hits).
BATCH_ROWS = 20
FACET_LABELS = {"kind": "Kind", "sector": "Sector", "year": "Year", "country": "Country"}
_Index = QModelIndex | QPersistentModelIndex
_TAGS = re.compile(r"<[^>]*>")


def _words(text: str) -> str:
    """`text` as its words only, to compare passages whatever their punctuation."""
    return " ".join(re.findall(r"\w+", text.lower()))


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def note_label(hit: NoteHit, titles: Mapping[str, str]) -> str:
    """What a note hit is called in the list: "Note on <record title>", or "Note"."""
    if not hit.record_id:
        return "Note"
    return f"Note on {titles.get(hit.record_id, hit.record_id)}"


def _facets(results: Results, notes: tuple[NoteHit, ...] = ()) -> dict[str, dict[str, int]]:
    """The service's facet counts; notes found add a `note` kind (to ask for notes only)."""
    facets = dict(results.facets)
    if notes:
        facets["kind"] = {**facets.get("kind", {}), NOTE_KIND: len(notes)}
    return facets


def correction_html(typed: str, results: Results) -> str:
    """Showing results for **jaxa** — search instead for jaxsa.

    The words read instead are in bold and the text as typed is a link; all of
    it escaped. "" when nothing was corrected.
    """
    if not results.corrected:
        return ""
    used = {b.lower() for _, b in results.corrections}
    shown = "".join(
        f"<b>{_escape(part)}</b>" if part.lower() in used else _escape(part)
        for part in re.split(r"([^\W_]+)", results.corrected)
    )
    return (
        f"Showing results for {shown} — search instead for "
        f"<a href='{EXACT_LINK}'>{_escape(typed)}</a>"
    )


def _human_date(edtf: str) -> str:
    # Imported here: the EDTF parser stays off the path to the first window.
    from ijref.domain.dates import EdtfDate

    date = EdtfDate.try_parse(edtf or None)
    return date.human() if date is not None else edtf


class SearchResultsModel(QAbstractListModel):
    """The hits of one search, newest answer replacing the last: notes first, then records.

    A note hit (`kind == "note"`, with `note_id`, `record_id`, `title`,
    `highlights`) is shown as "Note on <record title>"; `titles` maps record ids
    to titles for that.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: tuple[Hit | NoteHit, ...] = ()
        self.titles: Mapping[str, str] = {}
        self.names: Mapping[str, str] = {}  # record id → short name, where it has one
        self._marked: frozenset[str] = frozenset()
        self._changed: dict[str, str] = {}

    def set_changed(self, changes: Mapping[str, str]) -> None:
        """The records a data update changed, not opened yet (id → new, changed, renamed)."""
        self._changed = dict(changes)
        if self._hits:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._hits) - 1, 0), [CHANGED_ROLE]
            )

    def set_marked(self, record_ids: frozenset[str]) -> None:
        """The records the user has notes on (their hits are marked)."""
        self._marked = record_ids
        if self._hits:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._hits) - 1, 0), [MARKED_ROLE]
            )

    def set_hits(self, hits: tuple[Hit, ...], notes: tuple[NoteHit, ...] = ()) -> None:
        self.beginResetModel()
        self._hits = (*notes, *hits)
        self.endResetModel()

    def is_note(self, row: int) -> bool:
        return isinstance(self._hits[row], NoteHit)

    def hit(self, row: int) -> Hit | NoteHit:
        return self._hits[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        h = self._hits[index.row()]
        if isinstance(h, NoteHit):
            return self._note_data(h, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            shown = f"{h.title} ({_human_date(h.date)})" if h.date else h.title
            if role == Qt.ItemDataRole.AccessibleTextRole:
                change = self._changed.get(h.id)
                extra = [f"{change} in the data update"] if change else []
                extra += ["with your notes"] if h.id in self._marked else []
                return ", ".join([shown, *extra])
            return shown
        if role == CHANGED_ROLE:
            return self._changed.get(h.id, "")
        if role == NAME_ROLE:
            return self.names.get(h.id) or h.title
        if role == FULL_TITLE_ROLE:
            return h.title if self.names.get(h.id, h.title) != h.title else ""
        if role == DATE_ROLE:
            return _human_date(h.date) if h.date else ""
        if role == BODY_ROLE:
            return h.highlights or ""
        if role == MARKED_ROLE:
            return h.id in self._marked
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

    def _note_data(self, h: NoteHit, role: int) -> Any:
        label = note_label(h, self.titles)
        if role == Qt.ItemDataRole.DisplayRole:
            return label
        if role == NAME_ROLE:
            short = self.names.get(h.record_id) if h.record_id else None
            return f"Note on {short}" if short else label
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{label}: {h.title}"
        if role == FULL_TITLE_ROLE:
            return h.title  # the note's first line
        if role == BODY_ROLE:
            return h.highlights or ""
        if role == Qt.ItemDataRole.DecorationRole:
            return icon(NOTE_KIND)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Your note on {h.record_id}" if h.record_id else "Your note"
        if role == HIT_ID_ROLE:
            return h.record_id
        if role == NOTE_ID_ROLE:
            return h.note_id
        if role == SNIPPET_ROLE:
            # Note text is the user's own and may hold anything: all of it is escaped
            # here, except the notes index's highlights, escaped there with only <b> added.
            title = f"<b>{_escape(label)}</b>"
            # The note's first line names it, unless the snippet already shows that line.
            shown = _words(html.unescape(_TAGS.sub("", h.highlights or "")))
            first = (
                ""
                if _words(h.title) in shown
                else f"<br><span style='color:gray'>{_escape(h.title)}</span>"
            )
            snippet = f"<br><small>{h.highlights}</small>" if h.highlights else ""
            return title + first + snippet
        return None


class _HitDelegate(QStyledItemDelegate):
    """Paints a hit in at most four short lines, so a laptop screen shows six or more.

    The short name in bold with the date at the right (and the note mark when the
    user has notes on the record), the full title when it says more, then two
    lines of the matched passage. Every line is cut to the row's width.
    """

    INDENT = 30  # room for the kind icon the style draws at the left
    BODY_LINES = 2
    MARK = 14

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        bold, plain, small = QFont(option.font), QFont(option.font), QFont(option.font)
        bold.setBold(True)
        size = option.font.pointSizeF()
        if size > 0:
            small.setPointSizeF(size * 0.9)
        return bold, plain, small

    def _body(self, html_text: str, font: QFont, width: int) -> QTextDocument:
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(font)
        doc.setHtml(html_text)
        doc.setTextWidth(max(width, 40))
        return doc

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        bold, plain, small = self._fonts(option)
        height = QFontMetrics(bold).lineSpacing() + 6
        if index.data(FULL_TITLE_ROLE):
            height += QFontMetrics(plain).lineSpacing()
        if index.data(BODY_ROLE):
            height += QFontMetrics(small).lineSpacing() * self.BODY_LINES + 2
        return QSize(200, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        background = QStyleOptionViewItem(option)
        background.text = ""
        if style is not None:
            style.drawControl(
                QStyle.ControlElement.CE_ItemViewItem, background, painter, option.widget
            )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        colour = option.palette.color(text_role)
        faint = option.palette.color(text_role if selected else QPalette.ColorRole.PlaceholderText)
        bold, plain, small = self._fonts(option)
        rect = option.rect.adjusted(self.INDENT, 3, -4, -3)
        painter.save()
        painter.setClipRect(option.rect)
        y = rect.top()

        # Line 1: name, then date and the note mark at the right.
        right = rect.right()
        if index.data(MARKED_ROLE):
            mark = QRect(right - self.MARK, y + 1, self.MARK, self.MARK)
            icon(NOTE_KIND).paint(painter, mark)
            right -= self.MARK + 6
        badge = CHANGE_BADGES.get(str(index.data(CHANGED_ROLE) or ""), "")
        if badge:
            metrics = QFontMetrics(small)
            width = metrics.horizontalAdvance(badge)
            painter.setFont(small)
            painter.setPen(colour if selected else QColor(CHANGE_COLOUR))
            line = QFontMetrics(bold).lineSpacing()
            painter.drawText(
                QRect(right - width, y, width, line),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                badge,
            )
            right -= width + 8
        date = str(index.data(DATE_ROLE) or "")
        if date:
            metrics = QFontMetrics(small)
            width = metrics.horizontalAdvance(date)
            painter.setFont(small)
            painter.setPen(faint)
            line = QFontMetrics(bold).lineSpacing()
            painter.drawText(
                QRect(right - width, y, width, line),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                date,
            )
            right -= width + 8
        name = str(index.data(NAME_ROLE) or "")
        bold_metrics = QFontMetrics(bold)
        painter.setFont(bold)
        painter.setPen(colour)
        painter.drawText(
            QRect(rect.left(), y, right - rect.left(), bold_metrics.lineSpacing()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            bold_metrics.elidedText(name, Qt.TextElideMode.ElideRight, right - rect.left()),
        )
        y += bold_metrics.lineSpacing()

        # Line 2: the full title, when the name is a short one.
        title = str(index.data(FULL_TITLE_ROLE) or "")
        if title:
            metrics = QFontMetrics(plain)
            painter.setFont(plain)
            painter.setPen(faint)
            painter.drawText(
                QRect(rect.left(), y, rect.width(), metrics.lineSpacing()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                metrics.elidedText(title, Qt.TextElideMode.ElideRight, rect.width()),
            )
            y += metrics.lineSpacing()

        # Lines 3–4: the matched passage (escaped HTML with <b>), cut after two lines.
        body = str(index.data(BODY_ROLE) or "")
        if body:
            doc = self._body(body, small, rect.width())
            height = QFontMetrics(small).lineSpacing() * self.BODY_LINES + 1
            ctx = QAbstractTextDocumentLayout.PaintContext()
            ctx.palette.setColor(QPalette.ColorRole.Text, colour)
            painter.translate(rect.left(), y + 1)
            ctx.clip = QRectF(0, 0, rect.width(), height)
            painter.setClipRect(ctx.clip, Qt.ClipOperation.IntersectClip)
            doc.documentLayout().draw(painter, ctx)
        painter.restore()


class SearchPanel(QWidget):
    """Facet filters and the results list.

    Signals:
        recordActivated(str): a record hit was opened, or the record of a note hit.
        noteActivated(int): a note hit was opened (after its record, if it has one).
        filtersChanged(): a facet filter was changed.
        searchInstead(str): "search instead for …" was clicked: search this text
            as typed, without typo correction.
    """

    recordActivated = Signal(str)
    noteActivated = Signal(int)
    filtersChanged = Signal()
    searchInstead = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SearchResultsModel(self)
        self.labels: dict[str, str] = {}  # facet value → what to show (sector id → title)
        self.summary = QLabel("Type in the search field to find records.", self)
        self.summary.setAccessibleName("Search summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # the query is the user's text
        self.correction = QLabel(self)
        self.correction.setAccessibleName("Search correction")
        self.correction.setWordWrap(True)
        self.correction.setTextFormat(Qt.TextFormat.RichText)
        self.correction.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.correction.linkActivated.connect(self._search_instead)
        self.correction.hide()
        self._typed = ""
        self.facets: dict[str, QComboBox] = {}
        row = QHBoxLayout()
        for name, label in FACET_LABELS.items():
            combo = QComboBox(self)
            combo.setAccessibleName(f"Filter by {label.lower()}")
            combo.setToolTip(f"Filter by {label.lower()}")
            combo.addItem(f"Any {label.lower()}", "")
            combo.setEnabled(False)
            # Long values ("Life Sciences and Healthcare (12)") must not widen the panel.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(3)
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            combo.activated.connect(lambda _i: self.filtersChanged.emit())
            self.facets[name] = combo
            row.addWidget(combo)
        self.list = QListView(self)
        self.list.setAccessibleName("Search results")
        self.list.setModel(self.model)
        self.list.setItemDelegate(_HitDelegate(self.list))
        self.list.setUniformItemSizes(False)
        # Lay the rows out a screenful at a time: a hundred rich-text rows measured
        # at once would keep the first answer off the screen while typing.
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(BATCH_ROWS)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.activated.connect(self._activate)
        self.list.clicked.connect(self._activate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.correction)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)

    def filters(self) -> dict[str, str]:
        """The chosen facet values (name → value), leaving out "any"."""
        return {n: str(c.currentData() or "") for n, c in self.facets.items() if c.currentData()}

    @property
    def titles(self) -> Mapping[str, str]:
        """Record id → title, for naming the record a note is on."""
        return self.model.titles

    @titles.setter
    def titles(self, titles: Mapping[str, str]) -> None:
        self.model.titles = titles

    def set_names(self, names: Mapping[str, str]) -> None:
        """Record id → short name, shown in bold above the full title."""
        self.model.names = names

    def set_marked(self, record_ids: Collection[str]) -> None:
        """Mark the hits of records the user has notes on."""
        self.model.set_marked(frozenset(record_ids))

    def show_results(self, text: str, results: Results, notes: tuple[NoteHit, ...] = ()) -> None:
        """Show the note hits then the record hits; refill each facet with this answer's counts.

        When words were read as typos, a line above says what was searched instead
        and offers the text as typed.
        """
        notes = tuple(notes)
        self.model.set_hits(results.hits, notes)
        self._typed = text
        notice = correction_html(text, results)
        self.correction.setText(notice)
        self.correction.setVisible(bool(notice))
        n = len(results.hits)
        summary = f"{results.total} record(s)" + (f" and {len(notes)} note(s)" if notes else "")
        searched = results.corrected or text
        extra = f" ({results.notice})" if results.notice else ""
        self.summary.setText(
            f"{summary} match “{searched}”"
            + (f"; showing {n} records" if n < results.total else "")
            + extra
        )
        facets = _facets(results, notes)
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
        self.correction.hide()
        self.summary.setText("Type in the search field to find records.")

    def _search_instead(self, link: str) -> None:
        if link == EXACT_LINK and self._typed:
            self.searchInstead.emit(self._typed)

    def show_message(self, text: str) -> None:
        self.summary.setText(text)

    def activate_row(self, row: int) -> None:
        """Open the hit in `row` as a click would."""
        if 0 <= row < self.model.rowCount():
            self._activate(self.model.index(row, 0))

    def _activate(self, index: QModelIndex) -> None:
        record_id = index.data(HIT_ID_ROLE)
        if record_id:
            self.recordActivated.emit(str(record_id))
        note_id = index.data(NOTE_ID_ROLE)
        if note_id is not None:
            self.noteActivated.emit(int(note_id))
