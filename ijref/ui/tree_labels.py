"""Tree labels that tell siblings apart when they do not fit, and the mark of a noted record.

Seven agreements under Space all begin "ISRO–JAXA …"; cut at the right they all
read "ISRO–JA…". A label that does not fit keeps its first word and what sets
it apart from its siblings ("ISRO–JAXA … lunar polar exploration"), and drops
the words it shares with them; the full title is the row's tooltip.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ijref.ui.icons import icon

__all__ = ["NOTED_ROLE", "SHARED_ROLE", "LabelDelegate", "fitted_label", "shared_prefixes"]

# The length of the start a record's label shares with a sibling's (int).
SHARED_ROLE = Qt.ItemDataRole.UserRole + 30
# Whether the user has notes on the row's record (bool).
NOTED_ROLE = Qt.ItemDataRole.UserRole + 31
ELLIPSIS = "…"
_MIN_SHARED = 4  # a shared start shorter than this is not worth dropping
_Index = QModelIndex | QPersistentModelIndex


def _word_start(text: str, length: int) -> int:
    """`length` moved back to the start of the word it falls in."""
    while length > 0 and not text[length - 1].isspace():
        length -= 1
    return length


def shared_prefixes(labels: Sequence[str]) -> list[int]:
    """For each label, how many leading characters (whole words) it shares with a sibling."""
    shared = [0] * len(labels)
    keyed = sorted(range(len(labels)), key=lambda i: labels[i].casefold())
    for a, b in itertools.pairwise(keyed):
        x, y = labels[a].casefold(), labels[b].casefold()
        n = 0
        for cx, cy in zip(x, y, strict=False):
            if cx != cy:
                break
            n += 1
        if n == len(labels[a]) or n == len(labels[b]):
            continue  # one label is the other's start: the whole shorter one is its own
        shared[a] = max(shared[a], _word_start(labels[a], n))
        shared[b] = max(shared[b], _word_start(labels[b], n))
    return [s if s >= _MIN_SHARED else 0 for s in shared]


def fitted_label(text: str, shared: int, metrics: QFontMetrics, width: int) -> str:
    """`text` as it fits in `width` pixels, keeping what sets it apart from its siblings."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    if shared <= 0:
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    rest = text[shared:]
    first = text.split(maxsplit=1)[0] if text.split() else ""
    candidates = []
    if first and len(first) < shared:
        candidates.append(f"{first} {ELLIPSIS} {rest}")
    candidates.append(f"{ELLIPSIS}{rest}")
    for candidate in candidates:
        if metrics.horizontalAdvance(candidate) <= width:
            return candidate
    return metrics.elidedText(candidates[-1], Qt.TextElideMode.ElideRight, width)


class LabelDelegate(QStyledItemDelegate):
    """Paints column 0 with `fitted_label`, and a note mark on records with the user's notes."""

    MARK = 14  # the note mark's size in pixels

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def displayed(self, option: QStyleOptionViewItem, index: _Index) -> str:
        """The text the row shows at the option's width (what a person reads)."""
        self.initStyleOption(option, index)
        text = option.text
        if index.column() != 0 or not text:
            return text
        style = option.widget.style() if option.widget else None
        if style is None:
            return text
        rect: QRect = style.subElementRect(
            QStyle.SubElement.SE_ItemViewItemText, option, option.widget
        )
        room = rect.width() - 2 * _text_margin(style, option)
        if index.data(NOTED_ROLE):
            room -= self.MARK + 4
        shared = int(index.data(SHARED_ROLE) or 0)
        return fitted_label(text, shared, option.fontMetrics, max(room, 0))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        if index.column() != 0:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        shown = self.displayed(opt, index)
        noted = bool(index.data(NOTED_ROLE))
        opt.text = shown
        opt.textElideMode = Qt.TextElideMode.ElideNone  # fitted already, with room for the mark
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if noted:
            r = option.rect
            mark = QRect(r.right() - self.MARK - 2, r.top() + (r.height() - self.MARK) // 2, 0, 0)
            mark.setSize(QSize(self.MARK, self.MARK))
            icon("note").paint(painter, mark)


def _text_margin(style: QStyle, option: QStyleOptionViewItem) -> int:
    return style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, option, option.widget) + 1
