"""`ijref brief …`: briefings for a meeting, headless — create, add records, list, export."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ijref.cli.context import open_catalog
from ijref.cli.output import print_json
from ijref.domain.errors import UserFacingError
from ijref.userdata.paths import data_dir

if TYPE_CHECKING:
    from ijref.catalog.store import Catalog
    from ijref.userdata.entities import Briefing
    from ijref.userdata.store import UserStore

__all__ = ["register", "register_bench"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    brief = sub.add_parser(
        "brief", help="briefings for a meeting: create, add records, list, export (PDF, ODT, MD)"
    )
    bsub = brief.add_subparsers(dest="brief_command", metavar="ACTION", required=True)
    p = bsub.add_parser("create", help="a new, empty briefing")
    p.add_argument("name", help="its title, e.g. 'JAXA call, June 2018'")
    p.add_argument("--meeting", default="", help="the meeting it is for")
    p.add_argument(
        "--date", help="the meeting date, YYYY-MM-DD (agreement status is worked out for it)"
    )
    p.add_argument("--handling", default="", help="the line on every page, e.g. 'RESTRICTED'")
    p.set_defaults(func=brief_create)
    p = bsub.add_parser("add", help="add records, in the order given, to a briefing")
    p.add_argument("name")
    p.add_argument("ids", nargs="+", metavar="ID", help="record ids, e.g. organization/jaxa")
    p.add_argument(
        "--notes",
        choices=("all", "none"),
        default="all",
        help="put your notes on these records in the briefing (default: all)",
    )
    p.set_defaults(func=brief_add)
    p = bsub.add_parser("list", help="your briefings, most recently changed first")
    p.add_argument("--json", action="store_true", help="print JSON, with each briefing's records")
    p.set_defaults(func=brief_list)
    p = bsub.add_parser("export", help="write a briefing as PDF, ODF text or Markdown")
    p.add_argument("name")
    p.add_argument("file", help="FILE.pdf, FILE.odt or FILE.md")
    p.set_defaults(func=brief_export)


def _open(args: argparse.Namespace, known: frozenset[str] | None) -> UserStore:
    from ijref.userdata.store import UserStore

    return UserStore.open(data_dir(getattr(args, "data_dir", None)), known_ids=known)


def _known(args: argparse.Namespace) -> frozenset[str] | None:
    from ijref.catalog.layout import CatalogMissingError

    try:
        with open_catalog(args) as catalog:
            return catalog.ids()
    except CatalogMissingError:
        return None


def brief_create(args: argparse.Namespace) -> int:
    from ijref.userdata.briefings import parse_day

    day = parse_day(args.date) if args.date else None
    with _open(args, None) as store:
        b = store.briefings.create(args.name, args.meeting, day, args.handling)
    when = f" for {b.meeting_date:%-d %B %Y}" if b.meeting_date else ""
    print(f"created briefing “{b.title}”{when}")
    return 0


def brief_add(args: argparse.Namespace) -> int:
    known = _known(args)
    if known is not None:
        unknown = [rid for rid in args.ids if rid not in known]
        if unknown:
            raise UserFacingError(
                f"no record {unknown[0]!r}; find ids with `ijref search WORDS` or `ijref list`"
            )
    with _open(args, known) as store:
        b = store.briefings.named(args.name)
        b, report = store.briefings.add_records(b.id, args.ids, notes=args.notes)
    print(report.summary(b.title) + f"; it holds {len(b.items)}")
    return 0


def _briefing_json(b: Briefing, store: UserStore, titles: dict[str, str]) -> dict[str, Any]:
    return {
        "title": b.title,
        "uuid": b.uuid,
        "meeting": b.meeting,
        "meeting_date": b.meeting_date.isoformat() if b.meeting_date else None,
        "handling": b.handling,
        "created_at": b.created_at.isoformat(),
        "updated_at": b.updated_at.isoformat(),
        "records": [
            {
                "id": i.record_id,
                "title": titles.get(i.record_id),
                "notes": i.notes,
                "note_uuids": list(i.note_uuids),
                "orphaned": store.is_orphan(i.record_id),
            }
            for i in b.items
        ],
    }


def brief_list(args: argparse.Namespace) -> int:
    from ijref.catalog.layout import CatalogMissingError

    try:
        with open_catalog(args) as catalog:
            titles = dict(catalog.titles())
    except CatalogMissingError:
        titles = {}
    with _open(args, frozenset(titles) if titles else None) as store:
        briefings = store.briefings.briefings()
        if args.json:
            print_json([_briefing_json(b, store, titles) for b in briefings])
            return 0
        for b in briefings:
            when = f"{b.meeting_date:%Y-%m-%d}" if b.meeting_date else "no date  "
            gone = sum(store.is_orphan(i.record_id) for i in b.items)
            flag = f"  [{gone} no longer in the catalog]" if gone else ""
            print(f"{when}  {len(b.items):>3} records  {b.title}{flag}")
    return 0


def build(catalog: Catalog, store: UserStore, title: str, today: dt.date) -> Any:
    """The named briefing as a document (agreement status as of its meeting date)."""
    from ijref.briefing.build import build_document

    briefing = store.briefings.named(title)
    return build_document(
        briefing,
        catalog,
        store,
        data_version=catalog.info.data_version,
        data_as_of=catalog.info.as_of,
        today=today,
    )


def brief_export(args: argparse.Namespace) -> int:
    dest = Path(args.file)
    if dest.suffix.lower() not in (".pdf", ".odt", ".md"):
        raise UserFacingError(
            f"{dest.name}: a briefing is written as .pdf, .odt or .md; choose one of those names"
        )
    with open_catalog(args) as catalog, _open(args, catalog.ids()) as store:
        document = build(catalog, store, args.name, dt.date.today())
    from ijref.ui.briefing.headless import gui_application

    _app = gui_application()  # fonts and layout need Qt, drawn offscreen
    from ijref.ui.briefing.export import export
    from ijref.userdata.briefings import records_text

    export(document, dest)
    print(f"wrote “{document.cover.title}” ({records_text(len(document.entries))}) to {dest}")
    return 0


def register_bench(bench: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = bench.add_parser("briefing", help="a briefing of N records to PDF (medians)")
    p.add_argument("--records", type=int, default=50, help="records in the briefing (default 50)")
    p.add_argument("--runs", type=int, default=5, help="timed runs (default 5)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=bench_briefing)


def bench_briefing(args: argparse.Namespace) -> int:
    from ijref.ui.briefing.headless import gui_application

    _app = gui_application()
    from ijref.ui.briefing.bench import run

    with open_catalog(args) as catalog:
        result = run(catalog, max(1, args.records), max(1, args.runs))
    if args.json:
        print_json(result)
        return 0
    print(
        f"briefing benchmark: {result['records']} records, {result['pages']} pages, "
        f"{result['runs']} runs (medians)"
    )
    for name, label in (
        ("build_ms", "gather the document (catalog, notes)"),
        ("layout_ms", "lay out the pages"),
        ("pdf_ms", "PDF export (layout, paint, text layer)"),
        ("total_ms", "the whole: gather, then export to PDF"),
        ("baseline_ms", "baseline: QTextDocument.print_ of the same text"),
    ):
        print(f"{result[name]:10.1f} ms  {label}")
    print(
        f"PDF {result['pdf_bytes'] / 1024:.0f} KiB; goal: the whole ≤ 2000 ms: {result['verdict']}"
    )
    return 0
