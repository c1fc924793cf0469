"""The real app on a laptop-sized screen, driven from the keyboard, measured as a person sees it.

    python tests/window_probe.py BUILD_ROOT OUT.json first|restart [SHOTS_DIR]

Run as its own process by tests/test_ui_laptop.py, with `QT_QPA_PLATFORM=offscreen:configfile=…`
giving the screen (1366×768, or 1920×1080 with `QT_SCALE_FACTOR=1.5`) and its own
settings and data folders in the environment. It starts the app through its own
entry (`ijref.app.run`), waits for what a person would wait for, and writes what
it measured to OUT.json before quitting:

- first: every visible widget inside the screen; "JAXA" typed in the search field,
  how many hits show whole; the MoU opened from the results by keyboard and the
  record pane's width; the sibling labels under Space ▸ Agreements as drawn; the
  panes F6 and Tab reach; a note written with Ctrl+Shift+N; the timeline's filter
  bar and in-force list at this size.
- restart: the record shown again, its note with it, and how the record says so.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

MOU = "agreement/isro-jaxa-mou-2016"
NOTE = "Before the JAXA meeting: ask about the LUPEX launch date."
WAIT_MS = 20_000


def main(build_root: Path, out: Path, phase: str, shots: Path | None) -> int:
    from PySide6.QtCore import QEventLoop, QRect, QSize, Qt, QTimer
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import (
        QApplication,
        QStyle,
        QStyleOptionViewItem,
        QWidget,
    )

    from ijref.app import run
    from ijref.ui.main_window import MainWindow
    from ijref.ui.search_panel import HIT_ID_ROLE
    from ijref.ui.tree_labels import LabelDelegate
    from ijref.ui.tree_model import RECORD_ID_ROLE
    from ijref.ui.userdata.startup import UserDataStarter

    app = QApplication(sys.argv[:1])
    report: dict[str, Any] = {"phase": phase}

    def window() -> MainWindow:
        return next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))

    def wait(predicate: Any, what: str) -> None:
        """Run the event loop until `predicate()` holds (as qtbot.waitUntil does)."""
        if predicate():
            return
        loop = QEventLoop()
        poll = QTimer()
        poll.timeout.connect(lambda: predicate() and loop.quit())
        poll.start(20)
        QTimer.singleShot(WAIT_MS, loop.quit)
        loop.exec()
        poll.stop()
        if not predicate():
            report.setdefault("timeouts", []).append(what)

    def key(k: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(app.focusWidget() or window(), k, mod)

    def outside(w: MainWindow) -> list[str]:
        """Visible widgets (their visible part) not inside the screen's available area."""
        available = w.screen().availableGeometry()
        bad = []
        for child in [w, *w.findChildren(QWidget)]:
            if not child.isVisible() or (child.isWindow() and child is not w):
                continue
            seen = child.visibleRegion().boundingRect()
            if seen.isEmpty():
                continue
            top_left = child.mapToGlobal(seen.topLeft())
            if not available.contains(QRect(top_left, seen.size())):
                bad.append(f"{type(child).__name__}:{child.objectName() or child.accessibleName()}")
        if not available.contains(w.frameGeometry()):
            bad.append("the window's frame")
        return bad

    def shot(w: MainWindow, name: str) -> None:
        if shots is not None:
            w.grab().save(str(shots / f"{name}.png"))

    def tree_labels(w: MainWindow) -> list[str]:
        tree = w.sectors.tree
        model = w.sectors.model
        at = model.index_of(MOU)
        group = at.parent()
        tree.scrollTo(at)
        delegate = tree.itemDelegate()
        assert isinstance(delegate, LabelDelegate)
        size = tree.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, tree)
        shown = []
        for row in range(model.rowCount(group)):
            index = model.index(row, 0, group)
            option = QStyleOptionViewItem()
            option.rect = tree.visualRect(index)
            option.font = tree.font()
            option.fontMetrics = QFontMetrics(tree.font())
            option.widget = tree
            option.decorationSize = QSize(size, size)
            shown.append(delegate.displayed(option, index))
        return shown

    def first() -> None:
        w = window()
        starter = w.findChild(UserDataStarter)
        wait(lambda: w.services is not None and starter.ui is not None, "services and notes")
        wait(lambda: w.views.count() == 2, "the timeline tab")
        w.activateWindow()
        wait(w.isActiveWindow, "the window active")
        available = w.screen().availableGeometry()
        report["screen"] = [available.width(), available.height()]
        report["window"] = [w.frameGeometry().width(), w.frameGeometry().height()]
        report["outside_at_start"] = outside(w)
        shot(w, "start")

        # Find the MoU by search, from the keyboard.
        key(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(app.focusWidget(), "JAXA")
        results = w.results
        wait(lambda: results.model.rowCount() > 0, "search results")
        viewport = results.list.viewport().rect()
        whole = [
            r
            for r in range(results.model.rowCount())
            if viewport.contains(results.list.visualRect(results.model.index(r, 0)))
        ]
        report["results_whole_rows"] = len(whole)
        ids = [results.model.index(r, 0).data(HIT_ID_ROLE) for r in range(results.model.rowCount())]
        report["mou_rank"] = ids.index(MOU) if MOU in ids else -1
        shot(w, "search")
        key(Qt.Key.Key_Down)  # into the results
        for _ in range(max(report["mou_rank"], 0)):
            key(Qt.Key.Key_Down)
        key(Qt.Key.Key_Return)
        wait(lambda: w.detail.current_id == MOU, "the MoU opened")
        report["record_shown"] = w.detail.current_id
        pane = w.panes.current()
        report["focus_after_open"] = pane.name if pane else ""
        report["record_pane_width"] = w.detail.width()
        report["record_text_width"] = w.detail.browser.viewport().width()
        report["record_has_parties"] = "Parties" in w.detail.browser.toPlainText()
        report["outside_with_results"] = outside(w)
        report["tree_labels"] = tree_labels(w)
        shot(w, "record")

        # Every pane by F6, and Tab from the search field into the tree and the record.
        w.search_field.setFocus()
        reached = []
        for _ in range(8):
            key(Qt.Key.Key_F6)
            pane = w.panes.current()
            reached.append(pane.name if pane else "")
        report["f6_panes"] = reached
        w.search_field.setFocus()
        tabbed = []
        for _ in range(25):
            key(Qt.Key.Key_Tab)
            pane = w.panes.current()
            tabbed.append(pane.name if pane else type(app.focusWidget()).__name__)
        report["tab_panes"] = tabbed

        # A note on the record, from the keyboard.
        w.detail.browser.setFocus()
        key(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        ui = starter.ui
        wait(ui.editor_dock.isVisible, "the note editor")
        QTest.keyClicks(app.focusWidget(), NOTE)
        wait(lambda: ui.editor.status.text().startswith("Saved"), "the note saved")
        report["note_saved"] = ui.editor.status.text()
        report["record_pane_width_with_note"] = w.detail.width()
        report["record_text_height_with_note"] = w.detail.browser.viewport().height()
        report["outside_with_note"] = outside(w)
        w.search_field.setFocus()
        reached = []
        for _ in range(8):
            key(Qt.Key.Key_F6)
            pane = w.panes.current()
            reached.append(pane.name if pane else "")
        report["f6_panes_with_note"] = reached
        shot(w, "note")

        # The timeline at this size.
        w.views.setCurrentIndex(1)
        timeline = w.views.currentWidget()
        wait(lambda: not w.sectors_dock.isVisible(), "the side panels hidden")
        wait(lambda: timeline.width() > w.width() * 0.9, "the timeline's width")
        report["timeline_width"] = [timeline.width(), w.width()]
        bar = [
            timeline.sector_box,
            timeline.kind_box,
            timeline.org_box,
            timeline.text_edit,
            timeline.date_edit,
            timeline.collapse_button,
            timeline.png_button,
            timeline.svg_button,
        ]
        report["timeline_cut_controls"] = [
            type(c).__name__
            for c in bar
            if c.width() < c.minimumSizeHint().width()
            or c.visibleRegion().boundingRect().width() < c.width()
        ]
        in_force = timeline.in_force_list
        report["in_force_fully_visible"] = (
            in_force.visibleRegion().boundingRect().size() == in_force.size()
            and in_force.width() >= 200
        )
        report["outside_timeline"] = outside(w)
        shot(w, "timeline")
        w.views.setCurrentIndex(0)
        finish()

    def restart() -> None:
        w = window()
        starter = w.findChild(UserDataStarter)
        wait(lambda: w.services is not None and starter.ui is not None, "services and notes")
        ui = starter.ui
        report["record_shown"] = w.detail.current_id
        report["note_visible"] = ui.editor_dock.isVisible()
        report["note_text"] = ui.editor.text.toPlainText()
        report["notes_button"] = ui.notes_button.text()
        row = w.sectors.model.index_of(MOU)
        report["tree_says"] = row.data(Qt.ItemDataRole.AccessibleTextRole)
        report["tree_row_current"] = w.sectors.tree.currentIndex().data(RECORD_ID_ROLE)
        report["outside_at_start"] = outside(w)
        report["record_pane_width"] = w.detail.width()
        shot(w, "restart")
        finish()

    def finish() -> None:
        out.write_text(json.dumps(report, indent=1), encoding="utf-8")
        window().close()

    QTimer.singleShot(0, first if phase == "first" else restart)
    return int(run(argparse.Namespace(build_dir=str(build_root), screenshot=None, record=None)))


if __name__ == "__main__":
    shots_dir = Path(sys.argv[4]) if len(sys.argv) > 4 else None
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], shots_dir))
