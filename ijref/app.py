"""The one place where paths, services and the main window are wired together."""

from __future__ import annotations

import argparse
import sys

from ijref.catalog.paths import build_root

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Start the desktop app; returns the exit code."""
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    from ijref.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    root = Path(args.build_dir) if getattr(args, "build_dir", None) else build_root()
    window = MainWindow(root)
    if getattr(args, "screenshot", None):
        window.resize(1280, 800)
        window.show()
        window.grab().save(args.screenshot)
        return 0
    window.show()
    return int(app.exec())
