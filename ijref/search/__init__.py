"""Full-text search over the catalog: Whoosh schema, analysers, indexing, queries."""
