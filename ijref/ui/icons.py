"""Kind and action icons: hand-written SVGs in `resources/icons`, sharp at any scale."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

from ijref.catalog.paths import resources_dir

__all__ = ["icon", "icon_path"]


def icon_path(name: str) -> Path:
    """The SVG file of an icon (`agreement`, `back`, …)."""
    return resources_dir() / "icons" / f"{name}.svg"


@cache
def icon(name: str) -> QIcon:
    """The icon `name`; an empty icon when the file is missing (never an error)."""
    path = icon_path(name)
    return QIcon(str(path)) if path.is_file() else QIcon()
