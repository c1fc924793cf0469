"""What goes into a briefing, as plain data (no Qt): built below the UI, rendered in it.

- `document`: the frozen dataclasses of a briefing document (cover, entries, sources).
- `build.build_document(briefing, catalog, notes, ...)`: a saved briefing → document,
  agreement status as of the meeting date; `order_by_date`, `order_by_sector`.
- `markdown.to_markdown(document)`: the Markdown export; `offline_markdown` keeps
  remote images out of printed notes.
- `scripts.scripts_in(texts)`: the writing systems a document needs fonts for.

PDF, print and ODF are rendered by `ijref.ui.briefing`.
"""
