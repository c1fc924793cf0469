"""The user's own data: bookmarks, notes and tags in their own SQLite file."""
