"""A paint device that records the text each page draws, run by run.

Qt's PDF engine writes one `BT … ET` text object for each text run it is
given, but the Unicode it writes for the glyphs is a guess from the font's
character map: Devanagari conjuncts (क्ष, ज्ञ) and reordered vowel signs come
out missing or scrambled, and Japanese 日 comes out as the radical ⽇. Painting
the same pages onto this recorder first gives, for each of those text objects
in order, the text it stands for; `pdftext` then writes it into the PDF as
`/ActualText`, which is what copy, search and screen readers use.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPaintDevice, QPaintEngine, QPaintEngineState, QTextItem

__all__ = ["TextRecorder", "TextRun"]


@dataclass(frozen=True, slots=True)
class TextRun:
    """One run of text as painted: where it starts (painter coordinates) and what it says."""

    x: float
    y: float
    text: str


class _RecordingEngine(QPaintEngine):
    def __init__(self) -> None:
        # What Qt's PDF engine declares, so the painter hands text to both alike.
        features = QPaintEngine.PaintEngineFeature.AllFeatures
        for missing in (
            QPaintEngine.PaintEngineFeature.PorterDuff,
            QPaintEngine.PaintEngineFeature.PerspectiveTransform,
            QPaintEngine.PaintEngineFeature.ObjectBoundingModeGradients,
            QPaintEngine.PaintEngineFeature.ConicalGradientFill,
        ):
            features &= ~missing
        super().__init__(features)
        self.pages: list[list[TextRun]] = [[]]

    def begin(self, pdev: QPaintDevice) -> bool:
        return True

    def end(self) -> bool:
        return True

    def updateState(self, state: QPaintEngineState) -> None:
        pass

    def drawPixmap(self, *args: object) -> None:
        pass

    def drawPolygon(self, *args: object) -> None:
        pass

    def drawPath(self, *args: object) -> None:
        pass

    def drawRects(self, *args: object) -> None:
        pass

    def drawLines(self, *args: object) -> None:
        pass

    def drawEllipse(self, *args: object) -> None:
        pass

    def drawImage(self, *args: object) -> None:
        pass

    def drawTiledPixmap(self, *args: object) -> None:
        pass

    def type(self) -> QPaintEngine.Type:
        return QPaintEngine.Type.User

    def drawTextItem(self, p: QPointF, item: QTextItem) -> None:  # type: ignore[override]
        self.pages[-1].append(TextRun(p.x(), p.y(), item.text()))


class TextRecorder(QPaintDevice):
    """Measures like `like` (the PDF writer) and records text runs per page."""

    def __init__(self, like: QPaintDevice) -> None:
        super().__init__()
        self._like = like
        self._engine = _RecordingEngine()

    def paintEngine(self) -> QPaintEngine:
        return self._engine

    def metric(self, metric: QPaintDevice.PaintDeviceMetric) -> int:
        return self._like.metric(metric)

    def devType(self) -> int:
        return self._like.devType()

    def new_page(self) -> bool:
        self._engine.pages.append([])
        return True

    @property
    def pages(self) -> list[list[TextRun]]:
        return self._engine.pages
