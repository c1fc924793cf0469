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
    """The full catalog and the search service; `search_error` says why search is missing."""

    catalog: Catalog
    search: SearchService | None = None
    search_error: str = ""

    def close(self) -> None:
        if self.search is not None:
            self.search.close()
        self.catalog.close()
