"""A scripted session in the desktop app, run as its own process by test_offline.py.

    python tests/ui_session.py BUILD_ROOT

It starts the app through its own entry (`ijref.app.run`, asked to open a
record), and once the event loop runs, drives the main window the way a person
would: moves through the tree with the keyboard, types a search and presses
Enter, opens a record, lets the app work for a while (background loads and
searches), then quits. It prints one line per action; steps the window does not
offer are reported as such, not faked.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

RECORD = "agreement/isro-jaxa-mou-2016"
RUN_MS = 2000  # how long the app works after the last action before the session ends


def main(build_root: Path) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QMainWindow

    from ijref.app import AppOptions, run

    app = QApplication(sys.argv[:1])

    def window() -> QMainWindow:
        return next(w for w in app.topLevelWidgets() if isinstance(w, QMainWindow))

    def drive() -> None:
        win = window()
        view = win.findChild(QAbstractItemView)
        if view is not None:
            view.setFocus()
            for key in (Qt.Key.Key_Down, Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Down):
                QTest.keyClick(view, key)
            print(f"navigated: {view.currentIndex().data()}", flush=True)
        else:
            print("navigated: no item view in the window", flush=True)

        box = getattr(win, "search_field", None) or win.findChild(QLineEdit)
        if isinstance(box, QLineEdit):
            box.setFocus()
            QTest.keyClicks(box, "JAXA")
            QTest.keyClick(box, Qt.Key.Key_Return)
            print("searched: JAXA", flush=True)
        else:
            print("searched: no search field in the window", flush=True)

        show = getattr(win, "show_record", None)
        if callable(show):
            show(RECORD)
            print(f"opened: {RECORD}", flush=True)
        else:
            print("opened: the window has no show_record()", flush=True)
        QTimer.singleShot(RUN_MS, finish)

    def finish() -> None:
        image = window().grab().toImage()
        print(f"rendered: {image.width()}x{image.height()}", flush=True)
        app.quit()

    QTimer.singleShot(0, drive)
    return int(run(AppOptions(build_dir=str(build_root), record=RECORD)))


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
