"""`ijref bench briefing`: a briefing of N real records, with notes, to PDF; medians.

The goal (≤ 2 s for 50 records) is for the whole: gathering the records and
notes, laying out, painting, and the text layer (`total_ms`).

The records are the catalog's agreements, programmes and events in id order;
every fifth gets a note (Markdown, with Japanese and Hindi lines), kept in a
throwaway user folder. The baseline, measured in the same run, is Qt printing
the same text with `QTextDocument.print_` — no contents numbers, no header or
footer, no text layer — the least a PDF of this text can cost here.
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QPageSize, QPdfWriter

from ijref.briefing.build import CatalogReader, build_document
from ijref.domain.records import Kind
from ijref.ui.briefing.export import RESOLUTION, paginate, pdf_bytes, prepare_device
from ijref.ui.briefing.textdoc import build_text_document

__all__ = ["GOAL_MS", "run"]

GOAL_MS = 2000.0
NOTE = """# Before the meeting

Ask about the **next steps** and the review date.

- 日本語: 次回の会合で進捗を確認する。
- हिन्दी: अगली बैठक में प्रगति की समीक्षा (क्षेत्र, ज्ञान, श्रम)
"""


def _median_ms(fn: Callable[[], object], runs: int) -> tuple[float, Any]:
    result = fn()  # warm-up: fonts found, caches filled
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1), result


def _writer(buffer: QBuffer) -> QPdfWriter:
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    prepare_device(writer)
    return writer


def run(catalog: Any, records: int, runs: int) -> dict[str, Any]:
    """Time building, laying out and exporting a briefing of `records` records."""
    from ijref.userdata.store import UserStore

    reader: CatalogReader = catalog
    ids = [
        r.id for kind in (Kind.AGREEMENT, Kind.PROGRAMME, Kind.EVENT) for r in catalog.records(kind)
    ][:records]
    with (
        tempfile.TemporaryDirectory(prefix="ijref-bench-") as tmp,
        UserStore.open(Path(tmp), auto_backup=False) as store,
    ):
        for n, rid in enumerate(ids):
            if n % 5 == 0:
                store.add_note(rid, NOTE)
        b = store.briefings.create(
            "Benchmark briefing", "A meeting", dt.date(2018, 6, 1), "RESTRICTED"
        )
        b, _ = store.briefings.add_records(b.id, ids)

        def build() -> Any:
            return build_document(
                b,
                reader,
                store,
                data_version=catalog.info.data_version,
                data_as_of=catalog.info.as_of,
                today=dt.date.today(),
            )

        build_ms, doc = _median_ms(build, runs)
        total_ms, data = _median_ms(lambda: pdf_bytes(build()), runs)

    def layout() -> int:
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        return paginate(doc, _writer(buffer)).page_count

    def baseline() -> int:
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = _writer(buffer)
        build_text_document(doc).doc.print_(writer)
        buffer.close()
        return int(buffer.data().size())

    layout_ms, pages = _median_ms(layout, runs)
    pdf_ms, _ = _median_ms(lambda: pdf_bytes(doc), runs)
    baseline_ms, _ = _median_ms(baseline, runs)
    return {
        "records": len(ids),
        "pages": pages,
        "runs": runs,
        "build_ms": build_ms,
        "layout_ms": layout_ms,
        "pdf_ms": pdf_ms,
        "baseline_ms": baseline_ms,
        "total_ms": total_ms,
        "pdf_bytes": len(data),
        "goal_ms": GOAL_MS,
        "verdict": "met" if total_ms <= GOAL_MS else "missed",
    }
