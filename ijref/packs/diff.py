"""What changed between two sets of records: new, changed, renamed and removed records,
each changed field with its old and new value and the source text behind the new one.

The comparison walks the fields of `Record` itself, so a field the record format
gains is compared without a change here. Values a record only borrows from
others (a party's name, a related record's title) are left out: a renamed
organization shows as a change of the organization, not of every record it
signed.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from ijref.domain.dates import EdtfDate
from ijref.domain.display import SourcedLine, date_text, extension_text, figure_text
from ijref.domain.records import (
    Citation,
    DatedRole,
    Extension,
    Figure,
    Kind,
    Link,
    Party,
    Person,
    Record,
    Relation,
    Source,
)

__all__ = [
    "CHANGED",
    "CHANGES_FILE",
    "NEW",
    "REMOVED",
    "RENAMED",
    "Changes",
    "FieldChange",
    "RecordChange",
    "SourceText",
    "compare",
    "paragraph",
    "passage",
    "read_changes",
    "source_texts",
]

CHANGES_FILE = "changes.json"
NEW, CHANGED, RENAMED, REMOVED = "new", "changed", "renamed", "removed"
_ORDER = {NEW: 0, CHANGED: 1, RENAMED: 2, REMOVED: 3}
_KIND_ORDER = {k.value: i for i, k in enumerate(Kind)}
# Fields that are not the record's content, or are shown apart (the id, a rename).
_SKIP = {"id", "kind", "source_file", "replaces"}
# Parts of a value a record borrows from another record.
_BORROWED: dict[type, set[str]] = {
    Party: {"name", "short_name", "country"},
    Person: {"org_name"},
    Relation: {"title", "inverse"},
}
LABELS = {
    "title": "Title",
    "short_name": "Short name",
    "summary": "Summary",
    "aliases": "Other names",
    "sectors": "Sectors",
    "parties": "Parties",
    "people": "People",
    "dates": "Dates",
    "figures": "Figures",
    "related": "Related records",
    "links": "Links",
    "citations": "Sources",
    "notes": "Editorial notes",
    "place": "Place",
    "country": "Country",
    "parent": "Parent organization",
    "org_type": "Type of organization",
    "agreement_type": "Type",
    "term": "Term",
    "extensions": "Extensions",
    "category": "Category",
    "order": "Place in the tree",
}
# Source paragraphs shown behind one changed field, at most.
MAX_PARAGRAPHS = 3


@dataclass(frozen=True, slots=True)
class SourceText:
    """One cited passage: where it is (as a person cites it) and its text."""

    citation: str
    text: str


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One changed field: its value before and after, one line per item."""

    field: str
    label: str
    old: tuple[str, ...]
    new: tuple[str, ...]
    sources: tuple[SourceText, ...] = ()


@dataclass(frozen=True, slots=True)
class RecordChange:
    """One record that is new, changed, renamed (maybe changed too) or removed."""

    id: str
    change: str
    kind: str
    title: str
    old_id: str = ""
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True, slots=True)
class Changes:
    """Every change from one set of records (version `old_version`) to another."""

    old_version: int
    new_version: int
    records: tuple[RecordChange, ...] = ()

    def count(self, change: str) -> int:
        return sum(1 for r in self.records if r.change == change)

    @property
    def summary(self) -> str:
        """`12 new, 5 changed, 1 removed` (a renamed record is counted apart, when any)."""
        parts = [
            f"{self.count(NEW)} new",
            f"{self.count(CHANGED)} changed",
            f"{self.count(REMOVED)} removed",
        ]
        if renamed := self.count(RENAMED):
            parts.append(f"{renamed} renamed")
        return ", ".join(parts)

    def by_id(self) -> dict[str, RecordChange]:
        """Changes of records that exist in the new data, by their (new) id."""
        return {r.id: r for r in self.records if r.change != REMOVED}

    def to_dict(self) -> dict[str, Any]:
        return {
            "old_version": self.old_version,
            "new_version": self.new_version,
            "summary": {c: self.count(c) for c in (NEW, CHANGED, RENAMED, REMOVED)},
            "records": [dataclasses.asdict(r) for r in self.records],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Changes:
        records = tuple(
            RecordChange(
                id=r["id"],
                change=r["change"],
                kind=r["kind"],
                title=r["title"],
                old_id=r.get("old_id", ""),
                fields=tuple(
                    FieldChange(
                        f["field"],
                        f["label"],
                        tuple(f["old"]),
                        tuple(f["new"]),
                        tuple(SourceText(s["citation"], s["text"]) for s in f["sources"]),
                    )
                    for f in r.get("fields", ())
                ),
            )
            for r in data["records"]
        )
        return cls(int(data["old_version"]), int(data["new_version"]), records)


def read_changes(build_dir: Path) -> Changes | None:
    """The changes an install wrote into its build folder; None when missing or damaged."""
    try:
        return Changes.from_dict(json.loads((build_dir / CHANGES_FILE).read_text("utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


# ---------------------------------------------------------------- sources
def paragraph(text: str, number: int) -> str:
    """Paragraph `number` of a source: its non-blank lines numbered from 1 (the record format's)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[number - 1] if 0 < number <= len(lines) else ""


def passage(text: str, citation: Citation) -> str:
    """The passage a citation points at: a fact sheet's item `N.`, else a paragraph."""
    if citation.item:
        prefix = f"{citation.item}."
        for line in text.splitlines():
            if line.startswith(prefix) and line[len(prefix) : len(prefix) + 1].isspace():
                return line[len(prefix) :].strip()
        return ""
    return paragraph(text, citation.paragraph)


def source_texts(sources: Iterable[Source], folder: Path) -> dict[str, str]:
    """Source id → its text, for each source whose text file is in `folder`."""
    out: dict[str, str] = {}
    base = folder.resolve()
    for s in sources:
        path = (folder / s.file).resolve() if s.file else None
        if path is None or not path.is_relative_to(base):
            continue
        try:
            out[s.id] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
    return out


# ---------------------------------------------------------------- comparing
def _key(value: Any, renamed: Mapping[str, str]) -> Any:
    """A comparable form of a field's value, without what it borrows from other records.

    Ids in `renamed` (old → new) read as their new id, so a reference to a
    renamed record is not a change.
    """
    if isinstance(value, str):
        return renamed.get(value, value)
    if isinstance(value, EdtfDate):
        return value.text
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        skip = _BORROWED.get(type(value), set())
        return tuple(
            (f.name, _key(getattr(value, f.name), renamed))
            for f in dataclasses.fields(value)
            if f.name not in skip
        )
    if isinstance(value, tuple | list):
        return tuple(_key(v, renamed) for v in value)
    return value


@dataclass(frozen=True, slots=True)
class _Context:
    """What rendering needs besides the value: names of records and sources, source texts."""

    titles: Mapping[str, str]
    labels: Mapping[str, str]
    source_titles: Mapping[str, str]
    texts: Mapping[str, str]
    renamed: Mapping[str, str]


def _values(values: Sequence[SourcedLine], many: bool) -> list[str]:
    """Each source's value on its own line, when there is more than one."""
    if not many:
        return []
    out = []
    for v in values:
        when = f" (as of {v.as_of})" if v.as_of else ""
        note = f", {v.note}" if v.note else ""
        out.append(f"    {v.value}{when}{note} — {v.cited}")
    return out


def _cited(values: Sequence[SourcedLine]) -> str:
    return f" — {values[0].cited}" if len(values) == 1 and values[0].cited else ""


def _item_lines(item: Any, ctx: _Context) -> list[str]:
    """One item of a field as a person reads it: a line, and its sources' values below."""
    if isinstance(item, DatedRole):
        d = date_text(item, ctx.labels)
        many = len(d.values) > 1
        head = f"{d.role}: {d.text}" + (" (sources differ)" if d.differs else "")
        return [head + ("" if many else _cited(d.values)), *_values(d.values, many)]
    if isinstance(item, Figure):
        f = figure_text(item, ctx.labels)
        many = len(f.values) > 1
        when = f" (as of {f.as_of})" if f.as_of else ""
        head = f"{f.label}: {f.value} {f.unit}{when}" + (" (sources differ)" if f.differs else "")
        return [head + ("" if many else _cited(f.values)), *_values(f.values, many)]
    if isinstance(item, Extension):
        e = extension_text(item, ctx.labels)
        return [e.text, *_values(e.values, len(e.values) > 1)]
    if isinstance(item, Party):
        name = item.short_name or item.name or item.org_id
        return [f"{name} ({item.side})" + (f", {item.role}" if item.role else "")]
    if isinstance(item, Person):
        org = ctx.titles.get(item.org_id) or item.org_name
        return [item.name + (f", {item.role}" if item.role else "") + (f" ({org})" if org else "")]
    if isinstance(item, Relation):
        return [f"{item.type}: {ctx.titles.get(item.target) or item.title or item.target}"]
    if isinstance(item, Link):
        return [f"{item.title} — {item.url}" if item.title else item.url]
    if isinstance(item, Citation):
        return [item.text(ctx.source_titles.get(item.source))]
    if isinstance(item, EdtfDate):
        return [f"{item.human()} ({item.text})"]
    if isinstance(item, float):
        return [str(int(item)) if item.is_integer() else str(item)]
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        parts = (
            f"{f.name}: {'; '.join(_item_lines(getattr(item, f.name), ctx))}"
            for f in dataclasses.fields(item)
            if getattr(item, f.name) not in ("", None, (), False)
        )
        return [", ".join(parts)]
    if isinstance(item, tuple | list):
        return ["; ".join(line for v in item for line in _item_lines(v, ctx))]
    return [str(item)]


def _lines(value: Any, ctx: _Context) -> tuple[str, ...]:
    if isinstance(value, tuple | list):
        return tuple(line for v in value for line in _item_lines(v, ctx))
    if value in ("", None, 0):  # an empty text, or a sector order that is not set
        return ()
    return tuple(_item_lines(value, ctx))


def _citations_in(value: Any) -> list[Citation]:
    if isinstance(value, Citation):
        return [value]
    if isinstance(value, tuple | list):
        return [c for v in value for c in _citations_in(v)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [c for f in dataclasses.fields(value) for c in _citations_in(getattr(value, f.name))]
    return []


def _behind(
    name: str, value: Any, old: Record | None, new: Record, ctx: _Context
) -> tuple[SourceText, ...]:
    """The source passages behind a new value: its own citations, else the record's new ones."""
    cited = _citations_in(value) if name != "citations" else list(new.citations)
    if not cited:
        before = set(old.citations) if old is not None else set()
        cited = [c for c in new.citations if c not in before] or list(new.citations)
    out: list[SourceText] = []
    for c in dict.fromkeys(cited):
        text = ctx.texts.get(c.source, "")
        found = passage(text, c) if text else ""
        if found:
            out.append(SourceText(c.text(ctx.source_titles.get(c.source)), found))
        if len(out) == MAX_PARAGRAPHS:
            break
    return tuple(out)


def _fields(
    old: Record | None, new: Record, ctx: _Context, old_ctx: _Context
) -> tuple[FieldChange, ...]:
    out = []
    for f in dataclasses.fields(Record):
        if f.name in _SKIP:
            continue
        after = getattr(new, f.name)
        shown = _lines(after, ctx)
        if old is None:
            if not shown:
                continue
            was: tuple[str, ...] = ()
        else:
            before = getattr(old, f.name)
            if _key(before, ctx.renamed) == _key(after, {}):
                continue
            was = _lines(before, old_ctx)
        out.append(
            FieldChange(
                f.name,
                LABELS.get(f.name, f.name.replace("_", " ").capitalize()),
                was,
                shown,
                _behind(f.name, after, old, new, ctx),
            )
        )
    return tuple(out)


def compare(
    old: Sequence[Record],
    new: Sequence[Record],
    *,
    old_version: int = 0,
    new_version: int = 0,
    sources: Sequence[Source] = (),
    old_sources: Sequence[Source] = (),
    texts: Mapping[str, str] | None = None,
    with_new_fields: bool = False,
) -> Changes:
    """Every change from `old` to `new`.

    Args:
        sources: the new data's sources (their names in citations).
        old_sources: the old data's (default: the new data's).
        texts: source id → its text, for the passages behind new values.
        with_new_fields: list the fields of new records too (what `pack diff --json` gives).
    """
    before = {r.id: r for r in old}
    after = {r.id: r for r in new}

    renamed_from = {
        r.id: next((o for o in r.replaces if o in before and o not in after), "")
        for r in new
        if r.id not in before
    }
    renamed = {old_id: new_id for new_id, old_id in renamed_from.items() if old_id}

    def context(records: Iterable[Record], srcs: Sequence[Source]) -> _Context:
        return _Context(
            titles={r.id: r.display_name for r in records},
            labels={s.id: s.label for s in srcs},
            source_titles={s.id: s.title for s in srcs},
            texts=texts or {},
            renamed=renamed,
        )

    ctx = context(new, sources)
    old_ctx = context(old, old_sources or sources)
    out: list[RecordChange] = []
    gone = set(before) - set(after) - set(renamed_from.values())
    for rid, r in after.items():
        prior = before.get(rid)
        old_id = ""
        if prior is None and renamed_from.get(rid):
            old_id = renamed_from[rid]
            prior = before[old_id]
        if prior is None:
            fields = _fields(None, r, ctx, old_ctx) if with_new_fields else ()
            out.append(RecordChange(rid, NEW, r.kind.value, r.title, fields=fields))
            continue
        fields = _fields(prior, r, ctx, old_ctx)
        if old_id:
            out.append(RecordChange(rid, RENAMED, r.kind.value, r.title, old_id, fields))
        elif fields:
            out.append(RecordChange(rid, CHANGED, r.kind.value, r.title, fields=fields))
    out += [RecordChange(rid, REMOVED, before[rid].kind.value, before[rid].title) for rid in gone]
    out.sort(key=lambda c: (_ORDER[c.change], _KIND_ORDER.get(c.kind, 9), c.title.lower(), c.id))
    return Changes(old_version, new_version, tuple(out))
