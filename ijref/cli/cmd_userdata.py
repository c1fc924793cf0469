"""`ijref notes …`, `ijref bookmarks …`, `ijref backups …`: the user's own data, headless."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ijref.cli.context import open_catalog
from ijref.cli.output import print_json
from ijref.domain.errors import UserFacingError
from ijref.userdata.paths import data_dir

if TYPE_CHECKING:
    from ijref.userdata.entities import Bookmark, Note
    from ijref.userdata.store import UserStore

__all__ = ["register", "register_bench"]

FREE = "-"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    notes = sub.add_parser("notes", help="your notes on records: add, list, export, import")
    nsub = notes.add_subparsers(dest="notes_command", metavar="ACTION", required=True)
    p = nsub.add_parser("add", help="add a note on a record")
    p.add_argument("record_id", help=f"record id, or {FREE} for a free-standing note")
    p.add_argument("text", help="the note, in Markdown")
    p.set_defaults(func=notes_add)
    p = nsub.add_parser("list", help="every note, newest first")
    p.add_argument("--record", help="only notes on this record")
    p.add_argument("--json", action="store_true", help="print JSON (with the notes' text)")
    p.set_defaults(func=notes_list)
    p = nsub.add_parser("export", help="write every note and bookmark to a file")
    p.add_argument("file")
    p.add_argument("--format", choices=("json", "markdown"), default="json")
    p.set_defaults(func=notes_export)
    p = nsub.add_parser("import", help="merge a JSON export into your notes")
    p.add_argument("file")
    p.set_defaults(func=notes_import)

    marks = sub.add_parser("bookmarks", help="your bookmarked records: add, remove, list")
    bsub = marks.add_subparsers(dest="bookmarks_command", metavar="ACTION", required=True)
    p = bsub.add_parser("add", help="bookmark a record")
    p.add_argument("record_id")
    p.add_argument("--tag", action="append", default=[], help="a tag (repeatable)")
    p.set_defaults(func=bookmarks_add)
    p = bsub.add_parser("remove", help="remove a bookmark")
    p.add_argument("record_id")
    p.set_defaults(func=bookmarks_remove)
    p = bsub.add_parser("list", help="every bookmark, newest first")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=bookmarks_list)

    backup = sub.add_parser("backups", help="backups of your notes: list, make, restore")
    ksub = backup.add_subparsers(dest="backups_command", metavar="ACTION", required=True)
    p = ksub.add_parser("list", help="the automatic and pre-migration backups, newest first")
    p.set_defaults(func=backups_list)
    p = ksub.add_parser("make", help="make a backup now (into FILE if given)")
    p.add_argument("file", nargs="?")
    p.set_defaults(func=backups_make)
    p = ksub.add_parser("restore", help="restore a backup (default: the newest good one)")
    p.add_argument("file", nargs="?")
    p.set_defaults(func=backups_restore)


def _known_ids(args: argparse.Namespace) -> frozenset[str] | None:
    """The catalog's ids, or None when there is no catalog (then nothing is called orphaned)."""
    from ijref.catalog.layout import CatalogMissingError

    try:
        with open_catalog(args) as catalog:
            return catalog.ids()
    except CatalogMissingError:
        return None


def _titles(args: argparse.Namespace) -> dict[str, str]:
    from ijref.catalog.layout import CatalogMissingError

    try:
        with open_catalog(args) as catalog:
            return dict(catalog.titles())
    except CatalogMissingError:
        return {}


@contextlib.contextmanager
def _opened(args: argparse.Namespace, known: frozenset[str] | None = None) -> Iterator[UserStore]:
    """The user store, closed on leaving; then what did not stop the command, one line each."""
    from ijref.userdata.store import UserStore

    store = UserStore.open(data_dir(getattr(args, "data_dir", None)), known_ids=known)
    try:
        yield store
    except BaseException:
        store.close()  # the error is the one line said; warnings would only crowd it
        raise
    store.close()
    for line in store.notices:
        print(f"ijref: warning: {line}", file=sys.stderr)


def _require_record(record_id: str, known: frozenset[str] | None) -> None:
    from ijref.userdata.store import check_record_id

    check_record_id(record_id)
    if known is not None and record_id not in known:
        raise UserFacingError(
            f"no record {record_id!r}; find ids with `ijref search WORDS` or `ijref list`"
        )


def _note_json(n: Note, store: UserStore) -> dict[str, Any]:
    return {
        "id": n.id,
        "uuid": n.uuid,
        "record_id": n.record_id,
        "title": n.title,
        "text": n.text,
        "created_at": n.created_at.isoformat(),
        "updated_at": n.updated_at.isoformat(),
        "orphaned": store.is_orphan(n.record_id),
    }


def _bookmark_json(b: Bookmark, store: UserStore, titles: dict[str, str]) -> dict[str, Any]:
    return {
        "record_id": b.record_id,
        "title": titles.get(b.record_id),
        "created_at": b.created_at.isoformat(),
        "tags": list(b.tags),
        "orphaned": store.is_orphan(b.record_id),
    }


def notes_add(args: argparse.Namespace) -> int:
    record_id = None if args.record_id == FREE else args.record_id
    known = _known_ids(args)
    if record_id is not None:
        _require_record(record_id, known)
    with _opened(args, known) as store:
        note = store.add_note(record_id, args.text)
    print(f"added note {note.id} ({note.uuid})")
    return 0


def notes_list(args: argparse.Namespace) -> int:
    with _opened(args, _known_ids(args)) as store:
        notes = store.notes(record_id=args.record)
        if args.json:
            print_json([_note_json(n, store) for n in notes])
            return 0
        for n in notes:
            flag = "  [orphaned: record not in catalog]" if store.is_orphan(n.record_id) else ""
            when = n.updated_at.strftime("%Y-%m-%d %H:%M")
            print(f"{n.id:>5}  {when}  {n.record_id or '(free-standing)':<44} {n.title}{flag}")
    return 0


def notes_export(args: argparse.Namespace) -> int:
    dest = Path(args.file)
    with _opened(args) as store:
        if args.format == "markdown":
            store.export_markdown(dest, _titles(args))
        else:
            store.export_json(dest)
        count = store.note_count()
    print(f"exported {count} notes to {dest}")
    return 0


def notes_import(args: argparse.Namespace) -> int:
    with _opened(args) as store:
        report = store.import_json(Path(args.file))
    print(f"imported {args.file}: {report.summary()}")
    return 0


def bookmarks_add(args: argparse.Namespace) -> int:
    known = _known_ids(args)
    _require_record(args.record_id, known)
    with _opened(args, known) as store:
        store.add_bookmark(args.record_id, args.tag)
    print(f"bookmarked {args.record_id}")
    return 0


def bookmarks_remove(args: argparse.Namespace) -> int:
    with _opened(args) as store:
        found = store.remove_bookmark(args.record_id)
    if not found:
        raise UserFacingError(f"{args.record_id!r} is not bookmarked; `ijref bookmarks list`")
    print(f"removed bookmark {args.record_id}")
    return 0


def bookmarks_list(args: argparse.Namespace) -> int:
    titles = _titles(args)
    known = frozenset(titles) if titles else None
    with _opened(args, known) as store:
        marks = store.bookmarks()
        if args.json:
            print_json([_bookmark_json(b, store, titles) for b in marks])
            return 0
        for b in marks:
            flag = "  [orphaned: record not in catalog]" if store.is_orphan(b.record_id) else ""
            tags = f"  #{' #'.join(b.tags)}" if b.tags else ""
            when = b.created_at.strftime("%Y-%m-%d")
            print(f"{when}  {b.record_id:<44} {titles.get(b.record_id, '')}{tags}{flag}")
    return 0


def backups_list(args: argparse.Namespace) -> int:
    from ijref.userdata import backups
    from ijref.userdata.paths import BACKUP_DIR

    for b in backups.list_backups(data_dir(args.data_dir) / BACKUP_DIR):
        print(f"{b.taken_at:%Y-%m-%d %H:%M:%S}  {b.kind:<14} {b.path}")
    return 0


def backups_make(args: argparse.Namespace) -> int:
    with _opened(args) as store:
        path = store.backup_to(Path(args.file)) if args.file else store.backup_now()
    print(f"backup written to {path}")
    return 0


def backups_restore(args: argparse.Namespace) -> int:
    from ijref.userdata import backups
    from ijref.userdata.models import utcnow
    from ijref.userdata.paths import BACKUP_DIR, DB_FILE

    folder = data_dir(args.data_dir)
    if args.file:
        source = Path(args.file)
    else:
        newest = backups.newest_good_backup(folder / BACKUP_DIR)
        if newest is None:
            raise UserFacingError(f"no good backup in {folder / BACKUP_DIR}; name a backup file")
        source = newest.path
    kept = backups.restore(folder / DB_FILE, source, now=utcnow())
    print(f"restored {source}" + (f"; the previous database is kept as {kept}" if kept else ""))
    with _opened(args):  # brings a restored older schema up to date and re-indexes the notes
        pass
    return 0


def register_bench(bench: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = bench.add_parser("notes", help="durable save, notes search and open times (medians)")
    p.add_argument("-n", type=int, default=200, help="notes to write (default 200)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=bench_notes)


def bench_notes(args: argparse.Namespace) -> int:
    from ijref.userdata.bench import run

    figures = run(max(10, args.n))
    if args.json:
        print_json([{"name": f.name, "median_ms": f.median_ms, "runs": f.runs} for f in figures])
        return 0
    base = figures[0].median_ms or 1e-9
    for f in figures:
        print(f"{f.median_ms:9.3f} ms  ×{f.median_ms / base:6.2f}  {f.name} (n={f.runs})")
    return 0
