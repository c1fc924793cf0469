"""Opening the services a command needs, from its parsed arguments."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ijref.catalog.layout import current_build
from ijref.catalog.paths import build_root

if TYPE_CHECKING:
    from ijref.catalog.store import Catalog
    from ijref.search.service import SearchService

__all__ = ["build_dir", "open_catalog", "open_search"]


def build_dir(args: argparse.Namespace) -> Path:
    """The build root: `--build-dir`, `$IJREF_BUILD_DIR`, or the shipped one."""
    given = getattr(args, "build_dir", None)
    return Path(given) if given else build_root()


def open_catalog(args: argparse.Namespace) -> Catalog:
    """The current catalog (SQLAlchemy is imported only here, when needed)."""
    from ijref.catalog.store import Catalog

    return Catalog.open(build_dir(args))


def open_search(args: argparse.Namespace) -> SearchService:
    """The search service over the current build's index."""
    from ijref.search.service import SearchService

    return SearchService(current_build(build_dir(args)) / "index")
