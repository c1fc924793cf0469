"""Signed data packs: new records for an offline laptop, checked before anything is used.

Public API (no Qt):

- `packfile.build_pack(records_dir=, out=, key=, version=, pack_id=, aliases_file=,
  sources_dir=)` — validate the records as `ijref build` does and write a signed
  `.ijpack` (records, aliases, source texts; never an index).
- `packfile.read_pack(path, keys) -> VerifiedPack` — check size, layout, names,
  signature and every file's SHA-256; a `PackError` (one line) otherwise.
- `keys` — the shipped public key(s) in `resources/keys/`, the user's own trusted
  keys (`trust_key`, `untrust_key`), `generate_key_files` for maintainers.
- `location.active_data(shipped_root, data_dir) -> ActiveData` — which catalog is
  in use: an installed pack with a higher version than the shipped data, else the
  shipped data (light: read on the way to the first window).
- `install.install_pack(path, shipped_root=, data_dir=, progress=)` — verify, refuse
  a version not newer than the data in use, validate, build catalog and index into
  `data_dir/packs/`, swap in whole; returns what changed and the ids renamed.
  `install.rollback(shipped_root, data_dir)` returns to the data before.
- `diff.compare(old, new) -> Changes` — new, changed, renamed and removed records,
  each changed field with its old and new value and the source text behind it.
- `minisign` — Ed25519 keys and signatures in minisign's formats.

User data (notes, bookmarks, briefings) is not touched here: install and rollback
return the renames for the caller to apply with its user store.
"""
