"""Painting a laid-out briefing page by page: the body, a header and a footer on each.

The header carries the handling line (or the title when there is none); the
footer the title, the handling line again and "Page n of N". The same painting
goes to the PDF writer, a printer, the preview and the text recorder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPalette,
    QPen,
)

from ijref.ui.briefing.textdoc import BODY_POINTS, TextBriefing, body_font

__all__ = ["paint_pages"]

BAND_POINTS = BODY_POINTS - 2


def _band_font(bold: bool = False) -> QFont:
    font = body_font()
    font.setPointSizeF(BAND_POINTS)
    font.setBold(bold)
    return font


def _bands(painter: QPainter, tb: TextBriefing, page: int, total: int) -> None:
    g = tb.geometry
    cover = tb.briefing.cover
    painter.save()
    painter.setPen(QPen(QColor("#000000")))
    top_text = cover.handling or cover.title
    painter.setFont(_band_font(bold=bool(cover.handling)))
    metrics = QFontMetricsF(painter.font(), painter.device())
    line = metrics.height()
    painter.drawText(
        QRectF(0, 0, g.width, line),
        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
        metrics.elidedText(top_text, Qt.TextElideMode.ElideRight, g.width),
    )
    rule = QPen(QColor("#888888"))
    rule.setWidthF(max(1.0, painter.device().logicalDpiY() / 200))
    painter.setPen(rule)
    painter.drawLine(0, round(line * 1.4), round(g.width), round(line * 1.4))
    bottom = g.height - line
    painter.drawLine(0, round(bottom - line * 0.4), round(g.width), round(bottom - line * 0.4))
    painter.setPen(QPen(QColor("#000000")))
    page_text = f"Page {page} of {total}"
    painter.setFont(_band_font())
    metrics = QFontMetricsF(painter.font(), painter.device())
    third = g.width / 3
    painter.drawText(
        QRectF(0, bottom, third, line),
        Qt.AlignmentFlag.AlignLeft,
        metrics.elidedText(cover.title, Qt.TextElideMode.ElideRight, third - line),
    )
    painter.drawText(QRectF(2 * third, bottom, third, line), Qt.AlignmentFlag.AlignRight, page_text)
    if cover.handling:
        painter.setFont(_band_font(bold=True))
        metrics = QFontMetricsF(painter.font(), painter.device())
        painter.drawText(
            QRectF(third, bottom, third, line),
            Qt.AlignmentFlag.AlignHCenter,
            metrics.elidedText(cover.handling, Qt.TextElideMode.ElideRight, third),
        )
    painter.restore()


def paint_pages(
    tb: TextBriefing,
    painter: QPainter,
    new_page: Callable[[], object],
    pages: Iterable[int] | None = None,
) -> None:
    """Paint `pages` (indexes from 0; all by default), calling `new_page` between them."""
    g = tb.geometry
    layout = tb.doc.documentLayout()
    total = tb.page_count
    context = QAbstractTextDocumentLayout.PaintContext()
    palette = QPalette()
    # Paper is white whatever the screen's theme.
    palette.setColor(QPalette.ColorRole.Text, QColor("#000000"))
    context.palette = palette
    for n, page in enumerate(range(total) if pages is None else pages):
        if n:
            new_page()
        painter.save()
        painter.translate(0, g.body_top - page * g.body_height)
        clip = QRectF(0, page * g.body_height, g.width, g.body_height)
        painter.setClipRect(clip)
        # Qt draws every line that touches the clip, and the first line of the
        # next page starts right on its edge: cull half a pixel inside it.
        context.clip = clip.adjusted(0, 0.5, 0, -0.5)
        layout.draw(painter, context)
        painter.restore()
        _bands(painter, tb, page + 1, total)
