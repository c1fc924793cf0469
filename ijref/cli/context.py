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

__all__ = ["build_dir", "catalog_root", "open_catalog", "open_search"]


def build_dir(args: argparse.Namespace) -> Path:
    """The build root `ijref build` writes (the installer's data): `--build-dir`,
    `$IJREF_BUILD_DIR`, or the shipped one."""
    given = args.build_dir
    return Path(given) if given else build_root()


def catalog_root(args: argparse.Namespace) -> Path:
    """The build root of the data in use: an installed data pack newer than the
    shipped data, else the shipped data (`build_dir`)."""
    from ijref.packs.location import active_data
    from ijref.userdata.paths import data_dir

    return active_data(build_dir(args), data_dir(args.data_dir)).root


def open_catalog(args: argparse.Namespace) -> Catalog:
    """The catalog in use (SQLAlchemy is imported only here, when needed)."""
    from ijref.catalog.store import Catalog

    return Catalog.open(catalog_root(args))


def open_search(args: argparse.Namespace) -> SearchService:
    """Search over the data in use, as the app opens it (a damaged index is rebuilt
    into the user cache, with a one-line message on stderr)."""
    from ijref.app import open_search_index

    root = catalog_root(args)

    def records() -> list[Record]:
        from ijref.catalog.store import Catalog

        with Catalog.open(root) as catalog:
            return catalog.records()

    service = open_search_index(root, records)
    if service.notice:
        print(f"ijref: {service.notice}", file=sys.stderr)
    return service
