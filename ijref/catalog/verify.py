"""Checking a catalog against the content hash its build wrote in the manifest.

The hash covers every record and source as the build read them; reading them
back from the catalog and hashing again shows whether the file still holds
exactly that (a title edited in the SQLite file, JAXA → NASA, changes it). It
reads every record, so the app runs it in the background after its first paint.
"""

from __future__ import annotations

from ijref.catalog.builder import content_hash
from ijref.catalog.store import Catalog
from ijref.domain.errors import UserFacingError

__all__ = ["content_problem"]


def content_problem(catalog: Catalog) -> str | None:
    """One line when the catalog's content is not what its build wrote; None when it is."""
    try:
        digest = content_hash(catalog.records(), catalog.sources())
    except UserFacingError as exc:  # it does not even read back
        return str(exc)
    if digest == catalog.info.content_hash:
        return None
    return (
        f"the catalog {catalog.path} is not what its build wrote (its content hash differs); "
        "reinstall ijref, or run `ijref build` again"
    )
