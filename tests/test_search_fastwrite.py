"""The in-memory index writer writes the same index as Whoosh's own pool."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from whoosh.filedb.filestore import FileStorage

from ijref.search import indexer
from ijref.search.aliases import AliasTable
from ijref.search.schema import schema
from ijref.search.service import SearchService
from ijref.search.synthetic import Corpus


def _postings(index_dir: Path) -> dict[tuple[str, bytes], Any]:
    ix = FileStorage(str(index_dir)).open_index()
    with ix.reader() as r:
        out = {}
        for fieldname, btext in r.all_terms():
            info = r.term_info(fieldname, btext)
            out[(fieldname, btext)] = (
                info.weight(),
                info.doc_frequency(),
                info.min_length(),
                info.max_length(),
                info.max_weight(),
                list(r.postings(fieldname, btext).all_items()),
            )
    ix.close()
    return out


def test_grouping_postings_in_memory_changes_no_posting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 600 records: common words span several 128-posting blocks
    corpus = Corpus(600, 3)
    records = list(corpus)
    aliases = AliasTable.from_groups(corpus.org_names())
    titles = corpus.sector_titles()
    indexer.build_index(records, tmp_path / "memory", aliases=aliases, sector_titles=titles)
    monkeypatch.setattr(indexer, "_IN_MEMORY_RECORDS", 0)
    indexer.build_index(records, tmp_path / "pool", aliases=aliases, sector_titles=titles)

    memory, pool = _postings(tmp_path / "memory"), _postings(tmp_path / "pool")
    assert memory == pool
    assert max(len(v[-1]) for v in memory.values()) > 128


def test_an_index_written_in_memory_finds_and_ranks(tmp_path: Path) -> None:
    corpus = Corpus(600, 3)
    records = list(corpus)
    word = max(records[400].title.split(), key=len)
    indexer.build_index(
        records,
        tmp_path / "ix",
        aliases=AliasTable.from_groups(corpus.org_names()),
        sector_titles=corpus.sector_titles(),
    )
    with SearchService.open(tmp_path / "ix") as service:
        found = service.search(word, limit=600)
    assert records[400].id in [h.id for h in found.hits]
    assert found.total == len(found.hits)


@pytest.mark.parametrize(
    "text",
    [
        "The ISRO–JAXA MoU on the lunar polar exploration; the MoU was renewed.",
        "Über-große Düngemittel in Tōkyō, U.S.A. and e.g. R&D: 2016-11-11",
        "",
    ],
)
def test_fast_word_postings_are_whooshs(text: str) -> None:
    field = schema()["body"]
    assert field.format.index_postings(text, field.analyzer) == list(field.index(text))
