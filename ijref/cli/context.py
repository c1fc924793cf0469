"""Opening the services a command needs, from its parsed arguments."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ijref.catalog.paths import build_root

if TYPE_CHECKING:
    from ijref.catalog.store import Catalog
    from ijref.domain.records import Record
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
    """Search over the current build, as the app opens it (a damaged index is rebuilt
    into the user cache, with a one-line message on stderr)."""
    from ijref.app import open_search_index

    def records() -> list[Record]:
        from ijref.catalog.store import Catalog

        with Catalog.open(build_dir(args)) as catalog:
            return catalog.records()

    service = open_search_index(build_dir(args), records)
    if service.notice:
        print(f"ijref: {service.notice}", file=sys.stderr)
    return service
