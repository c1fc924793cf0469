"""Where the curated records and the build output live, from a checkout or a frozen app."""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = [
    "BUILD_ENV",
    "alias_file",
    "build_root",
    "records_dir",
    "resources_dir",
    "source_root",
]

BUILD_ENV = "IJREF_BUILD_DIR"


def _bundle_root() -> Path | None:
    """The unpacked folder of a PyInstaller app, if this is one."""
    base = getattr(sys, "_MEIPASS", None)
    return Path(base) if getattr(sys, "frozen", False) and base else None


def source_root() -> Path:
    """The checkout (or bundle) folder holding `db/` and `resources/`."""
    return _bundle_root() or Path(__file__).resolve().parents[2]


def build_root() -> Path:
    """The folder holding `CURRENT` and the build it names; `$IJREF_BUILD_DIR` wins."""
    env = os.environ.get(BUILD_ENV)
    return Path(env) if env else source_root() / "db" / "build"


def records_dir() -> Path:
    """The curated record files."""
    return source_root() / "db" / "records"


def alias_file() -> Path:
    """The curated alias table the search index is built with (`db/aliases.toml`)."""
    return source_root() / "db" / "aliases.toml"


def resources_dir() -> Path:
    """Icons and styles."""
    return source_root() / "resources"
