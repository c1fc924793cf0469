"""The About box: versions of the app, Qt and Python, and the data with its sources."""

from __future__ import annotations

import html
import platform

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from ijref import __version__
from ijref.catalog.outline import Outline
from ijref.domain.display import source_date_text

__all__ = ["about_html", "show_about"]


def about_html(outline: Outline) -> str:
    e = html.escape
    sources = (
        "".join(
            f"<li>{e(s.title)} — {e(s.publisher)}, {e(source_date_text(s.date, s.covers))}</li>"
            for s in outline.sources
        )
        or "<li>none recorded</li>"
    )
    return (
        f"<h3>ijref {e(__version__)}</h3>"
        "<p>An offline reference on India–Japan cooperation in science and technology. "
        "It never connects to a network.</p>"
        f"<p>Data version {e(outline.data_version)}, as of {e(outline.as_of)}, "
        f"{len(outline.records)} records.</p>"
        f"<p>Sources ({len(outline.sources)}):</p><ul>{sources}</ul>"
        f"<p><small>Qt {e(qVersion())} · PySide6 {e(PySide6.__version__)} · "
        f"Python {e(platform.python_version())}</small></p>"
    )


def show_about(parent: QWidget, outline: Outline) -> None:
    QMessageBox.about(parent, "About ijref", about_html(outline))
