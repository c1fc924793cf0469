"""Writing the Whoosh index of the catalog's records."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from whoosh import index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from ijref.domain.records import Record

__all__ = ["build_index", "schema"]


def schema() -> Schema:
    """The one schema of the shipped index."""
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        title=TEXT(stored=True, analyzer=StemmingAnalyzer(), field_boost=3.0),
        short_name=TEXT(stored=True, field_boost=4.0),
        summary=TEXT(stored=True, analyzer=StemmingAnalyzer()),
        sector=KEYWORD(stored=True, commas=True),
        year=NUMERIC(stored=True),
        date=STORED(),
    )


def build_index(records: Sequence[Record], index_dir: Path) -> None:
    """Create a fresh index in `index_dir` holding every record."""
    index_dir.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(index_dir), schema())
    writer = ix.writer()
    for r in records:
        main = r.main_date
        writer.add_document(
            id=r.id,
            kind=r.kind.value,
            title=r.title,
            short_name=" ".join((r.short_name, *r.aliases)),
            summary=r.summary,
            sector=",".join(r.sectors),
            year=main.year if main and main.year else 0,
            date=main.text if main else "",
        )
    writer.commit()
