"""A scripted session in the desktop app, run as its own process by test_offline.py.

    python tests/ui_session.py BUILD_ROOT

It drives the main window the way a person would: moves through the tree with
the keyboard, types a search into the search box, opens a record, lets the event
loop run (background searches and loads finish), and prints one line per action.
Steps the window does not offer yet are reported as such, not faked.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

RECORD = "agreement/isro-jaxa-mou-2016"


def main(build_root: Path) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

    from ijref.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    window = MainWindow(build_root)
    window.resize(1024, 700)
    window.show()

    view = window.findChild(QAbstractItemView)
    if view is not None:
        view.setFocus()
        for key in (Qt.Key.Key_Down, Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Down):
            QTest.keyClick(view, key)
        print(f"navigated: {view.currentIndex().data()}")
    else:
        print("navigated: no item view in the window")

    box = window.findChild(QLineEdit)
    if box is not None:
        box.setFocus()
        QTest.keyClicks(box, "JAXA")
        QTest.keyClick(box, Qt.Key.Key_Return)
        print("searched: JAXA typed into the search box")
    else:
        print("searched: no search box in the window")

    opener = getattr(window, "open_record", None)
    if callable(opener):
        opener(RECORD)
        print(f"opened: {RECORD}")
    else:
        print("opened: the window has no open_record()")

    # Let the app run as it would for a person: queued loads, searches and
    # repaints happen here, and any of them reaching for a network shows up.
    QTimer.singleShot(1500, app.quit)
    app.exec()
    image = window.grab().toImage()
    print(f"rendered: {image.width()}x{image.height()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
