"""The user's own data: bookmarks, notes, tags and briefings in their own SQLite file.

Public API (everything else is internal):

- `paths.data_dir(override)`: the folder (`--data-dir`, `$IJREF_DATA_DIR`, platformdirs).
- `store.UserStore.open(data_dir, known_ids=catalog.ids())` → the service:
  notes (`add_note`, `update_note`, `delete_note`, `note`, `notes`, `search_notes`),
  bookmarks (`add_bookmark`, `remove_bookmark`, `toggle_bookmark`, `is_bookmarked`,
  `set_tags`, `bookmarks`), orphans (`is_orphan`, `orphaned_notes`,
  `orphaned_bookmarks`), transfer (`export_json`, `export_markdown`, `import_json`),
  backups (`backup_now`, `backup_if_due`, `backup_to`, `backups`, `restore`),
  and `briefings` (`briefings.BriefingBook`: create, rename, add, reorder, choose notes).
- `store.UserDataDamagedError`: raised by `open` when the file fails
  `integrity_check`; carries the newest good backup; `backups.restore` uses it.
- `entities`: the frozen dataclasses handed out (`Note`, `Bookmark`, `NoteHit`,
  `Briefing`, `BriefingItem`, `ImportReport`).

Layout of the data folder (0700): `user.sqlite` (+ `-wal`, `-shm`; 0600),
`backups/` (automatic, pre-migration and pre-restore copies), `notes-index/`
(Whoosh, derived, rebuilt when missing or out of step). Schema changes are
Alembic scripts in `migrations/versions`, run by `schema.upgrade`.
"""
