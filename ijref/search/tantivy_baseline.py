"""The benchmark's third engine: the same corpus and queries on tantivy (`tantivy` on PyPI).

What a Python developer would pick today for full-text search: a Rust engine
behind Python bindings. Fields mirror the service's (title, names and summary
stemmed with tantivy's English stemmer and boosted 3/4/1; kind, sectors and
year as filter fields), and each class of query is asked the way tantivy asks
it best: its own query parser for words, AND and phrases, phrase-prefix queries
on titles and names for words being typed, fuzzy-term queries (one or two
edits) for typos, and boolean MUST clauses with a year range for filters. Hits
come with tantivy's own snippets and the count of all matches.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ijref.domain.records import Record
from ijref.search.synthetic import BenchQuery
from ijref.search.tuning import TUNING

__all__ = ["TantivyIndex"]

_FIELDS = ("title", "name", "body")
_HEAP = 200_000_000


class TantivyIndex:
    """A tantivy index of the benchmark corpus in `folder`."""

    def __init__(self, folder: Path) -> None:
        import tantivy

        self._t = tantivy
        sb = tantivy.SchemaBuilder()
        sb.add_text_field("id", stored=True, tokenizer_name="raw")
        sb.add_text_field("kind", tokenizer_name="raw", index_option="basic")
        sb.add_text_field("sector", tokenizer_name="raw", index_option="basic")
        sb.add_integer_field("year", indexed=True, fast=True)
        for name in _FIELDS:
            sb.add_text_field(name, stored=name == "body", tokenizer_name="en_stem")
        self._schema = sb.build()
        folder.mkdir(parents=True, exist_ok=True)
        self._index = tantivy.Index(self._schema, path=str(folder))
        self._searcher: Any = None

    def add(self, records: Iterable[Record]) -> int:
        """Index every record (one writer thread, as the service builds with one)."""
        writer = self._index.writer(_HEAP, 1)
        count = 0
        for r in records:
            main = r.main_date
            writer.add_document(
                self._t.Document(
                    id=r.id,
                    kind=r.kind.value,
                    sector=list(r.sectors),
                    year=(main.year or 0) if main else 0,
                    title=r.title,
                    name=" ".join([r.short_name, *r.aliases]),
                    body=" ".join([r.summary, *(p.name for p in r.parties)]),
                )
            )
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        self._index.reload()
        self._searcher = self._index.searcher()
        return count

    def _query(self, q: BenchQuery) -> Any:
        t, schema = self._t, self._schema
        boosts = dict(TUNING.field_boosts)
        if q.cls == "prefix":
            parts = [
                t.Query.boost_query(t.Query.phrase_prefix_query(schema, f, [q.text.lower()]), b)
                for f, b in (("title", boosts["title"]), ("name", boosts["name"]))
            ]
            query = t.Query.boolean_query([(t.Occur.Should, p) for p in parts])
        elif q.cls == "fuzzy":
            distance = max(1, TUNING.max_typos(q.text))
            parts = [
                t.Query.boost_query(
                    t.Query.fuzzy_term_query(schema, f, q.text.lower(), distance=distance),
                    boosts[f],
                )
                for f in _FIELDS
            ]
            query = t.Query.boolean_query([(t.Occur.Should, p) for p in parts])
        else:
            query = self._index.parse_query(q.text, list(_FIELDS), field_boosts=boosts)
        must = []
        if q.kind:
            must.append(t.Query.term_query(schema, "kind", q.kind))
        if q.sector:
            must.append(t.Query.term_query(schema, "sector", q.sector))
        if q.years:
            lo, hi = q.years
            must.append(t.Query.range_query(schema, "year", t.FieldType.Integer, lo, hi))
        if must:
            query = t.Query.boolean_query([(t.Occur.Must, c) for c in (query, *must)])
        return query

    def search(self, q: BenchQuery, limit: int = 10) -> tuple[list[tuple[str, str]], int]:
        """Top hits (id, snippet HTML) and the number of all matches."""
        searcher = self._searcher
        query = self._query(q)
        found = searcher.search(query, limit, count=True)
        snippets = self._t.SnippetGenerator.create(searcher, query, self._schema, "body")
        hits = []
        for _, address in found.hits:
            doc = searcher.doc(address)
            hits.append((doc["id"][0], snippets.snippet_from_doc(doc).to_html()))
        return hits, int(found.count)
