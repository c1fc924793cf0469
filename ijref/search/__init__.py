"""Full-text search over the catalog: Whoosh schema, analysers, indexing, queries.

Public API (no Qt, no SQL):

- `indexer.build_index(records, index_dir)` — write a fresh index (`ijref build` does).
- `service.SearchService.open(index_dir, *, records_loader=None, rebuild_dir=None)` —
  check the index and open it, or rebuild a missing or damaged one into
  `rebuild_dir` (the user cache; the shipped index is never written) from
  `records_loader()`; `service.notice` then holds a one-line message. Call off the
  GUI thread.
- `SearchService.search(text, *, kind=, sector=, limit=20, year=, country=, org=,
  as_you_type=False, facets=False, correct=True) -> Results(hits, total, facets,
  plain, corrected, corrections, notice)` (`results`), each `Hit(id, kind, title,
  sectors, score, date, highlights)` with `highlights` an HTML-escaped snippet,
  matched words in `<b>`. Safe from one worker thread at a time.
- `window.window_search(service, SearchRequest(text, filters, correct))` — the
  window's search as a person types (`ijref search --as-you-type` runs it too).

Modules: `tuning` (every ranking and limit number), `schema` (fields, analysers),
`aliases` (the alias table), `indexer`,
`querying` (the query language), `docsets` (match sets and cached postings),
`postings` (posting lists decoded a block at a time), `direct` (ranking known
match sets), `vocabulary` (the written words, for typo correction), `highlight`,
`integrity` (checksums), `fastwrite` (indexing speed-ups), `results` and `window`
(the answer's types; the window's search), `synthetic` and `fts5` (the
benchmark's corpus and baseline).
"""
