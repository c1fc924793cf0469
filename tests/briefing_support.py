"""A briefing over the fixture catalog, with notes in Japanese and Hindi, for the briefing tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ijref.briefing.build import build_document
from ijref.briefing.document import BriefingDocument
from ijref.catalog.store import Catalog
from ijref.userdata.store import UserStore

MOU = "agreement/isro-jaxa-mou-2016"
DGH = "agreement/dgh-jogmec-mou-2007"
LUPEX = "programme/lupex-feasibility"
GONE = "event/left-the-catalog"
MEETING = dt.date(2010, 6, 1)
TODAY = dt.date(2026, 12, 1)
JAPANESE = "日本語のメモ：月極域探査について質問する。"
HINDI = "हिन्दी में टिप्पणी: क्षेत्र, ज्ञान, श्रम"
NOTE = f"""## 会議の前に

{JAPANESE}

- {HINDI}
- See [JAXA](https://global.jaxa.jp/) and ![logo](https://example.com/logo.png)
"""


def make_briefing(build_root: Path, data: Path) -> tuple[BriefingDocument, UserStore]:
    """The ISRO–JAXA MoU (with a note in Japanese and Hindi), the DGH–JOGMEC MoU (in
    force on the meeting date, expired today), the lunar study, and a record that
    left the catalog; the store is returned open (close it)."""
    catalog = Catalog.open(build_root)
    store = UserStore.open(data, known_ids=catalog.ids(), auto_backup=False)
    b = store.briefings.create(
        "JAXA call", "ISRO–JAXA review, Tokyo", MEETING, "RESTRICTED — for internal use"
    )
    store.add_note(MOU, NOTE)
    store.add_note(MOU, "Not for the meeting: a private aside")
    kept = store.add_note(GONE, "Kept though the record left")
    b, _ = store.briefings.add_records(b.id, [MOU, DGH, LUPEX, GONE])
    mine = next(n for n in store.notes(MOU) if n.text == NOTE)
    b = store.briefings.set_notes(b.id, MOU, "chosen", [mine.uuid])
    assert kept.record_id == GONE
    doc = build_document(
        b,
        catalog,
        store,
        data_version=catalog.info.data_version,
        data_as_of=catalog.info.as_of,
        today=TODAY,
    )
    catalog.close()
    return doc, store
