"""Synthetic record files for the data-pack benchmark: the search benchmark's corpus, as TOML.

`write_records(folder, n)` writes `n` records (sectors, organizations, then
agreements, programmes and events) in files of up to 1,000 records each, plus a
`sources.toml`, valid for `ijref build` and `ijref pack build`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from ijref.domain.records import Kind, Record
from ijref.search.synthetic import Corpus

__all__ = ["SOURCE_ID", "write_records"]

SOURCE_ID = "source/synthetic"
PER_FILE = 1000
_CITE = f'citations = [{{ source = "{SOURCE_ID}", section = "Synthetic", paragraph = 1 }}]'
_SOURCES = f"""[[source]]
id = "{SOURCE_ID}"
title = "Synthetic records for the data-pack benchmark"
publisher = "ijref bench pack"
date = "2024"
"""


def _s(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's for this text)."""
    return json.dumps(text, ensure_ascii=False)


def _table(r: Record, order: int) -> str:
    lines = [f"[[{r.kind.value}]]", f"id = {_s(r.id)}", f"title = {_s(r.title)}"]
    if r.short_name:
        lines.append(f"short_name = {_s(r.short_name)}")
    lines.append(f"summary = {_s(r.summary)}")
    if r.kind is Kind.SECTOR:
        lines.append(f"order = {order}")
    if r.kind is Kind.ORGANIZATION:
        lines.append(f"country = {_s(r.country)}")
    if r.kind is Kind.AGREEMENT:
        lines.append('type = "MoU"')
    if r.sectors:
        lines.append(f"sectors = [{', '.join(_s(s) for s in r.sectors)}]")
    if r.parties:
        parties = ", ".join(f"{{ org = {_s(p.org_id)} }}" for p in r.parties)
        lines.append(f"parties = [{parties}]")
    if r.dates:
        dates = ", ".join(f"{{ role = {_s(d.role)}, date = {_s(d.date.text)} }}" for d in r.dates)
        lines.append(f"dates = [{dates}]")
    lines.append(_CITE)
    return "\n".join(lines) + "\n"


def _chunks(records: Iterable[Record]) -> Iterable[list[Record]]:
    batch: list[Record] = []
    for r in records:
        batch.append(r)
        if len(batch) == PER_FILE:
            yield batch
            batch = []
    if batch:
        yield batch


def write_records(folder: Path, n: int, seed: int = 1) -> Path:
    """Write `n` synthetic records as record files into `folder` (created); returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.toml").write_text(_SOURCES, encoding="utf-8")
    order = 0
    for i, batch in enumerate(_chunks(Corpus(n, seed))):
        parts = []
        for r in batch:
            order += 1
            parts.append(_table(r, order))
        (folder / f"synthetic-{i:03d}.toml").write_text("\n".join(parts), encoding="utf-8")
    return folder
