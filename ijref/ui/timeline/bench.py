"""The timeline benchmark: build and frame times at N synthetic records, with a
naive QGraphicsScene (a rectangle and a text item per record) as the baseline
measured in the same run. `ijref bench timeline` prints what this returns."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView

from ijref.ui.timeline.canvas import TimelineCanvas
from ijref.ui.timeline.layout import TimelineLayout
from ijref.ui.timeline.panel import TimelinePanel
from ijref.ui.timeline.synthetic import synthetic_records

__all__ = ["run_benchmark", "run_in_app"]

VIEW_W, VIEW_H = 1600, 900
TODAY = dt.date(2026, 1, 1)


def _ms(seconds: float) -> float:
    return round(seconds * 1000.0, 2)


def _summary(samples: list[float]) -> dict[str, float]:
    return {"median": _ms(statistics.median(samples)), "max": _ms(max(samples))}


def _frame(canvas: TimelineCanvas, image: QImage) -> float:
    """Paint one frame into `image`; its time in seconds."""
    t0 = time.perf_counter()
    painter = QPainter(image)
    canvas.paint_frame(painter, VIEW_W, VIEW_H)
    painter.end()
    return time.perf_counter() - t0


def _frames(
    canvas: TimelineCanvas, image: QImage, n: int, step: Callable[[int], None]
) -> list[float]:
    out = []
    for i in range(n):
        t0 = time.perf_counter()
        step(i)
        out.append(time.perf_counter() - t0 + _frame(canvas, image))
    return out


def _naive_scene(
    canvas: TimelineCanvas, layout: TimelineLayout
) -> tuple[QGraphicsView, QGraphicsScene, float]:
    """One rectangle and one text item per record, default (BSP) index, placed
    where the fitted frame draws them; returns the view and its build time."""
    t0 = time.perf_counter()
    scene = QGraphicsScene()
    scale = canvas.scale
    for box in layout.boxes:
        for item in box.markers:
            x = scale.x(item.anchor)
            scene.addRect(QRectF(x - 4, box.marker_y - 4, 8, 8))
            scene.addSimpleText(item.label).setPos(x + 7, box.marker_y - 7)
        for index, row in enumerate(box.rows):
            y = box.row_top(index)
            for item in row.items:
                x0 = scale.x(item.start)
                scene.addRect(QRectF(x0, y, max(scale.x(item.end) - x0, 1.0), 11))
                scene.addSimpleText(item.label).setPos(x0 + 3, y)
    view = QGraphicsView(scene)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setFrameShape(QGraphicsView.Shape.NoFrame)
    view.resize(VIEW_W, VIEW_H)
    view.setSceneRect(QRectF(0, 0, VIEW_W, VIEW_H))
    view.show()  # a hidden view has no viewport size to render
    # The scene is returned too: dropped here, Python would delete it under the view.
    return view, scene, time.perf_counter() - t0


def _naive_frames(view: QGraphicsView, image: QImage, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        painter = QPainter(image)
        view.render(painter)
        painter.end()
        out.append(time.perf_counter() - t0)
    return out


def run_benchmark(events: int, frames: int = 20, naive_frames: int = 5) -> dict[str, Any]:
    """Measure the timeline at `events` synthetic records (needs a QApplication).

    Returns:
        `{"events", "build_ms", "fit_ms": {"median", "max"}, "zoom_ms": {…},
        "pan_ms": {…}, "naive_fit_ms": {"median"}, …}`: `fit_ms` is the frame
        Home shows (all years, lanes expanded, the top of the lanes) and
        `naive_fit_ms` the naive scene drawing that same frame;
        `fit_collapsed_ms` is the fitted frame with every lane collapsed (all
        records of all lanes in view) and `naive_fit_all_ms` the naive scene
        fitted whole (every record drawn).
    """
    records, sectors = synthetic_records(events)
    t0 = time.perf_counter()
    panel = TimelinePanel(records, sectors, TODAY)
    canvas = panel.canvas
    canvas.resize(VIEW_W, VIEW_H)
    canvas.fit_all()
    build = time.perf_counter() - t0
    if canvas.width() != VIEW_W or canvas.layout_ is None:
        raise RuntimeError("the benchmark view did not take its 1600×900 size")
    image = QImage(VIEW_W, VIEW_H, QImage.Format.Format_ARGB32_Premultiplied)

    fit = _frames(canvas, image, frames, lambda i: None)

    mid = dt.date(1995, 1, 1).toordinal()
    canvas.zoom_to(mid, mid + 365)
    _frame(canvas, image)  # not counted: the first frame at a new zoom

    def zoom_step(i: int) -> None:
        # In and out around one year, at different cursor positions.
        canvas.zoom(1.25 if i % 2 == 0 else 0.8, VIEW_W * (0.2 + 0.6 * (i % 5) / 4))

    zoom = _frames(canvas, image, frames, zoom_step)
    canvas.zoom_to(mid, mid + 365)

    def pan_step(i: int) -> None:
        canvas.pan(-40.0 if (i // 10) % 2 == 0 else 40.0)

    pan = _frames(canvas, image, frames, pan_step)

    canvas.fit_all()
    # Every lane collapsed to its strip: all records of all lanes in the frame.
    canvas.set_all_collapsed(True)
    collapsed = _frames(canvas, image, frames, lambda i: None)
    canvas.set_all_collapsed(False)

    view, scene, naive_build = _naive_scene(canvas, canvas.layout_)
    naive = _naive_frames(view, image, naive_frames)
    # The same scene fitted whole, every record drawn (the untuned scene).
    view.setSceneRect(scene.itemsBoundingRect())
    view.fitInView(scene.sceneRect())
    naive_all = _naive_frames(view, image, max(1, naive_frames // 2))
    view.close()
    del view, scene, panel
    return {
        "events": events,
        "build_ms": _ms(build),
        "fit_ms": _summary(fit),
        "zoom_ms": _summary(zoom),
        "pan_ms": _summary(pan),
        "naive_fit_ms": {"median": _ms(statistics.median(naive))},
        "fit_collapsed_ms": _summary(collapsed),
        "naive_fit_all_ms": {"median": _ms(statistics.median(naive_all))},
        "naive_build_ms": _ms(naive_build),
        "frames": frames,
        "view": [VIEW_W, VIEW_H],
    }


def run_in_app(events: int, frames: int, argv: list[str]) -> dict[str, Any]:
    """`run_benchmark` inside the running QApplication, or a new one."""
    app = QApplication.instance() or QApplication(argv)
    try:
        return run_benchmark(events, frames=frames)
    finally:
        del app
