"""Light and dark palettes that follow the system's colour scheme."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

__all__ = ["apply_theme", "dark_palette", "follow_system_theme"]


def dark_palette() -> QPalette:
    """A dark palette with enough contrast for long reading."""
    p = QPalette()
    base, window, text = QColor(30, 32, 36), QColor(43, 45, 50), QColor(225, 227, 230)
    link = QColor(122, 170, 255)
    for role, colour in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, window),
        (QPalette.ColorRole.ToolTipBase, window),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, window),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.Highlight, QColor(58, 110, 190)),
        (QPalette.ColorRole.HighlightedText, QColor(255, 255, 255)),
        (QPalette.ColorRole.Link, link),
        (QPalette.ColorRole.LinkVisited, link),
        (QPalette.ColorRole.PlaceholderText, QColor(140, 144, 150)),
    ):
        p.setColor(role, colour)
    grey = QColor(120, 124, 130)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, grey)
    return p


def apply_theme(app: QApplication, scheme: Qt.ColorScheme) -> None:
    """Fusion with a dark palette for a dark scheme, the style's own palette otherwise."""
    if scheme == Qt.ColorScheme.Dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    else:
        app.setPalette(app.style().standardPalette())


def follow_system_theme(app: QApplication) -> None:
    """Apply the system's scheme now and whenever it changes."""
    hints = QGuiApplication.styleHints()
    apply_theme(app, hints.colorScheme())
    hints.colorSchemeChanged.connect(lambda scheme: apply_theme(app, scheme))
