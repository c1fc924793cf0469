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
    # One short line a source, so that fourteen of them fit a 768-pixel screen.
    rows = "".join(
        f"<tr><td>{e(s.label)}</td><td>&nbsp;{e(source_date_text(s.date, s.covers))}</td></tr>"
        for s in outline.sources
    )
    sources = f"<table cellspacing='0' cellpadding='1'>{rows}</table>" if rows else "none recorded"
    return (
        f"<h3>ijref {e(__version__)}</h3>"
        "<p>An offline reference on India–Japan cooperation in science and technology. "
        "It never connects to a network.</p>"
        f"<p>Data version {e(outline.data_version)}, as of {e(outline.as_of)}, "
        f"{len(outline.records)} records.</p>"
        f"<p>Sources ({len(outline.sources)}), each with its date:</p><small>{sources}</small>"
        f"<p><small>Qt {e(qVersion())} · PySide6 {e(PySide6.__version__)} · "
        f"Python {e(platform.python_version())}</small></p>"
    )


def show_about(parent: QWidget, outline: Outline) -> None:
    QMessageBox.about(parent, "About ijref", about_html(outline))
