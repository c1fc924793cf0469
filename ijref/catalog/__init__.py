"""The reference catalog: record files → validated domain records → read-only SQLite."""
