"""The index's own ways of turning text into postings give Whoosh's stock postings.

`schema` makes the postings of its busiest fields in one pass each (indexing
spends most of its time there); what it writes must be exactly what Whoosh's
own field, format and analyser chain would write for the same text.
"""

from __future__ import annotations

import pytest
from whoosh.fields import TEXT

from ijref.search.aliases import AliasTable
from ijref.search.indexer import document
from ijref.search.schema import edge_analyzer, schema, word_analyzer
from ijref.search.synthetic import Corpus

CORPUS = Corpus(800, seed=9)
ODD = [
    "",
    "the of and",
    "ISRO–JAXA MoU: 3.5 GHz, U.S.A. e-Science x 10,000 km²",
    "İstanbul ǅemal straße ÆON Ωmega data data DATA",
    "a" * 30 + " supercalifragilistic " + "日本 インド 協力",
]


def _texts(fieldname: str) -> list[str]:
    aliases = AliasTable.from_groups(CORPUS.org_names())
    titles = CORPUS.sector_titles()
    docs = [document(CORPUS.record(i), aliases, titles) for i in range(0, 800, 7)]
    return [d[fieldname] for d in docs] + ODD


@pytest.mark.parametrize(
    ("fieldname", "stock"),
    [
        ("title", TEXT(analyzer=word_analyzer())),
        ("body", TEXT(analyzer=word_analyzer())),
        ("complete", TEXT(analyzer=edge_analyzer(), phrase=False)),
    ],
)
def test_each_field_indexes_as_whooshs_stock_field(fieldname: str, stock: TEXT) -> None:
    field = schema()[fieldname]
    for text in _texts(fieldname):
        assert sorted(field.index(text)) == sorted(stock.index(text)), text
