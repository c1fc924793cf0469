"""A Qt application for rendering briefings from the command line, without a screen."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication

__all__ = ["gui_application"]


def gui_application() -> QCoreApplication:
    """The running application, or a new one drawing offscreen (fonts still come
    from the platform, as `ijref --self-test` draws)."""
    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(sys.argv[:1])
    return app
