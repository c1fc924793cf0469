"""Full-text search over the catalog: Whoosh schema, analysers, indexing, queries.

Public API (no Qt, no SQL):

- `indexer.build_index(records, index_dir, aliases=, sector_titles=)` — write a
  fresh index through Whoosh's public writer; `indexer.index_writer(curated)` is
  what `ijref build` passes the catalog builder.
- `opening.open_search(index_dir, *, records=None, cache_dir=None, alias_file=None)`
  — the one way to open search (the app, the CLI and the self-test call it
  through `ijref.app.open_search_index`): check the index against its manifest,
  or rebuild a damaged one into the user cache (private, vouched for by a hash
  kept outside it); `service.notice` then holds a one-line message. Call off the
  GUI thread.
- `SearchService.search(text, *, kind=, sector=, limit=20, year=, country=, org=,
  as_you_type=False, facets=False, correct=True) -> Results(hits, total, facets,
  plain, corrected, corrections, notice)` (`results`), each `Hit(id, kind, title,
  sectors, score, date, highlights)` with `highlights` an HTML-escaped snippet,
  matched words in `<b>`. Never raises for anything typed; safe from one worker
  thread at a time. `SearchService.plan(...)` is the query it runs.
- `window.window_search(service, SearchRequest(text, filters, correct))` — the
  window's search as a person types (`ijref search --as-you-type` runs it too).

Modules: `tuning` (every ranking and limit number), `schema` (fields, analysers),
`aliases` (the alias table), `indexer`, `querying` (the query language),
`weighting` (BM25F with its idf and kind priors, as a Whoosh weighting model),
`scoring` (the one scorer of every query), `w3` (the only reads of Whoosh's
private structures, fenced and version-checked), `vocabulary` (the written
words, for typo correction), `highlight`, `integrity` (the manifest), `opening`,
`results` and `window` (the answer's types; the window's search), `relevance`
(ranking cases, recall@5 and MRR), `synthetic`, `fts5` and `tantivy_baseline`
(the benchmark's corpus and baselines).
"""
