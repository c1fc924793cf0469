"""The services the window runs on once they are open (a plain holder; no globals)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ijref.catalog.store import Catalog
    from ijref.search.service import SearchService

__all__ = ["Services"]


@dataclass
class Services:
    """The full catalog and the search service.

    Attributes:
        search_error: why search is missing, when it is.
        notice: a one-line message for the status bar (e.g. the index was rebuilt).
    """

    catalog: Catalog
    search: SearchService | None = None
    search_error: str = ""
    notice: str = ""

    def close(self) -> None:
        if self.search is not None:
            self.search.close()
        self.catalog.close()
