"""Reading and validating the curated record files under `db/records/`.

Pydantic checks the shape of each record (unknown or missing fields, types, EDTF
dates); `validate_references` then checks what spans records (duplicate ids,
dangling references). Every problem is reported at once as
`file: record id: field: message`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ijref.catalog.recordschema import MODELS, UNION_TAGS, AgreementIn, CiteIn
from ijref.domain.dates import EdtfDate
from ijref.domain.records import (
    Citation,
    DateClaim,
    DatedRole,
    Extension,
    Figure,
    FigureClaim,
    Kind,
    Link,
    Party,
    Person,
    Record,
    Relation,
    Source,
)

__all__ = ["LoadResult", "Problem", "load_records", "validate_references"]

KIND_TABLES = {k.value: k for k in Kind}


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One validation problem, printed as `file: record id: field: message`."""

    file: str
    record_id: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record_id}: {self.field}: {self.message}"


@dataclass(frozen=True, slots=True)
class _Parsed:
    file: str
    table: str
    model: Any


@dataclass(frozen=True, slots=True)
class LoadResult:
    """Records and sources read from the files, and every problem found."""

    records: tuple[Record, ...]
    sources: tuple[Source, ...]
    problems: tuple[Problem, ...]


def _loc(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        if part in UNION_TAGS:
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(record)"


def _message(err: Any) -> str:
    kind = err["type"]
    if kind == "missing":
        return "missing field"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "too_short" and err["loc"] and err["loc"][-1] == "citations":
        return "a record needs at least one citation"
    if kind == "string_pattern_mismatch" and err["loc"] and err["loc"][-1] == "country":
        return f"{err['input']!r} is not an ISO 3166 alpha-2 code such as IN or JP"
    if kind == "string_pattern_mismatch":
        return f"{err['input']!r} is not an id of the form kind/slug"
    msg = str(err["msg"])
    return msg.removeprefix("Value error, ")


def _read_file(path: Path, root: Path) -> tuple[list[_Parsed], list[Problem]]:
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(name, "-", "-", f"cannot read the file: {exc}")]
    except tomllib.TOMLDecodeError as exc:
        return [], [Problem(name, "-", "-", f"not valid TOML: {exc}")]
    parsed: list[_Parsed] = []
    problems: list[Problem] = []
    for table, items in data.items():
        if table not in MODELS:
            problems.append(Problem(name, "-", table, f"unknown table [[{table}]]"))
            continue
        if not isinstance(items, list):
            problems.append(Problem(name, "-", table, f"write [[{table}]] tables"))
            continue
        for item in items:
            rid = str(item.get("id", "(no id)")) if isinstance(item, dict) else "(not a table)"
            try:
                model = MODELS[table].model_validate(item)
            except ValidationError as exc:
                problems.extend(
                    Problem(name, rid, _loc(e["loc"]), _message(e)) for e in exc.errors()
                )
                continue
            if table != "source" and not rid.startswith(f"{table}/"):
                problems.append(Problem(name, rid, "id", f"a [[{table}]] id starts with {table}/"))
                continue
            parsed.append(_Parsed(name, table, model))
    return parsed, problems


def _d(text: str | None) -> EdtfDate | None:
    return EdtfDate.parse(text) if text else None


def _citation(c: Any) -> Citation:
    return Citation(c.source, c.section, c.paragraph or 0, c.item or 0)


def _cite_key(c: Any) -> tuple[str, int, int]:
    return (c.source, c.paragraph or 0, c.item or 0)


class _Cites:
    """A record's citations by (source, paragraph, item), for the values that cite them."""

    def __init__(self, citations: Iterable[Any]) -> None:
        self._by_key = {_cite_key(c): _citation(c) for c in citations}

    def resolve(self, cites: Iterable[CiteIn]) -> tuple[Citation, ...]:
        return tuple(
            self._by_key.get(_cite_key(c), Citation(c.source, "", c.paragraph or 0, c.item or 0))
            for c in cites
        )


def _date_claims(values: list[Any], cites: _Cites) -> tuple[DateClaim, ...]:
    return tuple(DateClaim(EdtfDate.parse(v.value), cites.resolve(v.cite), v.note) for v in values)


def _dated_role(d: Any, cites: _Cites) -> DatedRole:
    if isinstance(d.date, list):
        return DatedRole.of(d.role, _date_claims(d.date, cites))
    return DatedRole(d.role, EdtfDate.parse(d.date))


def _figure(f: Any, cites: _Cites) -> Figure:
    if isinstance(f.value, list):
        claims = tuple(
            FigureClaim(float(v.value), _d(v.as_of), cites.resolve(v.cite), v.qualifier, v.note)
            for v in f.value
        )
        return Figure.of(f.label, f.unit, claims)
    return Figure(f.label, float(f.value), f.unit, _d(f.as_of), qualifier=f.qualifier)


def _extension(e: Any, cites: _Cites) -> Extension:
    until = EdtfDate.parse(e.until)
    if isinstance(e.date, list):
        claims = _date_claims(e.date, cites)
        settled = DatedRole.of("extended", claims).date
        return Extension(until, settled, e.kind, e.conditional, e.note, claims)
    return Extension(until, _d(e.date), e.kind, e.conditional, e.note)


def _to_record(p: _Parsed, orgs: dict[str, Any], titles: dict[str, str]) -> Record:
    m = p.model
    cites = _Cites(m.citations)
    parties = tuple(
        Party(
            org_id=x.org,
            name=orgs[x.org].title if x.org in orgs else x.org,
            short_name=orgs[x.org].short_name if x.org in orgs else "",
            country=orgs[x.org].country if x.org in orgs else "",
            role=x.role,
        )
        for x in m.parties
    )
    people = tuple(
        Person(x.name, x.role, x.org or "", orgs[x.org].title if x.org in orgs else "")
        for x in m.people
    )
    common: dict[str, Any] = {
        "id": m.id,
        "kind": KIND_TABLES[p.table],
        "title": m.title,
        "summary": m.summary,
        "short_name": m.short_name,
        "aliases": tuple(m.aliases),
        "sectors": tuple(m.sectors),
        "parties": parties,
        "people": people,
        "dates": tuple(_dated_role(d, cites) for d in m.dates),
        "figures": tuple(_figure(f, cites) for f in m.figures),
        "related": tuple(Relation(r.type, r.id, titles.get(r.id, "")) for r in m.related),
        "links": tuple(Link(x.url, x.title) for x in m.links),
        "citations": tuple(_citation(c) for c in m.citations),
        "notes": tuple(m.notes),
        "place": m.place,
        "replaces": tuple(m.replaces),
        "source_file": p.file,
    }
    if p.table == "sector":
        common["order"] = m.order
    elif p.table == "organization":
        common.update(country=m.country, parent=m.parent or "", org_type=m.org_type)
    elif p.table == "agreement":
        common.update(
            agreement_type=m.type,
            term=m.term or "",
            extensions=tuple(_extension(e, cites) for e in m.extensions),
        )
    else:
        common["category"] = m.category
    return Record(**common)


def _value_cites(m: Any) -> Iterable[tuple[str, CiteIn]]:
    """Every citation of a single value, with where it sits in the record."""
    for i, d in enumerate(m.dates):
        if isinstance(d.date, list):
            for j, v in enumerate(d.date):
                for k, c in enumerate(v.cite):
                    yield f"dates[{i}].date[{j}].cite[{k}]", c
    for i, f in enumerate(m.figures):
        if isinstance(f.value, list):
            for j, v in enumerate(f.value):
                for k, c in enumerate(v.cite):
                    yield f"figures[{i}].value[{j}].cite[{k}]", c
    extensions = m.extensions if isinstance(m, AgreementIn) else []
    for i, e in enumerate(extensions):
        if isinstance(e.date, list):
            for j, v in enumerate(e.date):
                for k, c in enumerate(v.cite):
                    yield f"extensions[{i}].date[{j}].cite[{k}]", c


def _citation_problems(p: _Parsed, numbering: dict[str, str]) -> list[Problem]:
    """Citations of sources that exist, numbered as the source is, and values that
    cite only what the record's own `citations` list."""
    m = p.model
    problems: list[Problem] = []
    for i, c in enumerate(m.citations):
        field = f"citations[{i}]"
        if c.source not in numbering:
            problems.append(Problem(p.file, m.id, f"{field}.source", f"no source {c.source}"))
        elif numbering[c.source] == "item" and c.item is None:
            problems.append(
                Problem(p.file, m.id, field, f"{c.source} is a fact sheet: cite it by item")
            )
        elif numbering[c.source] == "paragraph" and c.paragraph is None:
            problems.append(
                Problem(p.file, m.id, field, f"{c.source} is cited by section and paragraph")
            )
    listed = {_cite_key(c) for c in m.citations}
    for field, c in _value_cites(m):
        if _cite_key(c) not in listed:
            where = f"item {c.item}" if c.item else f"paragraph {c.paragraph}"
            problems.append(
                Problem(
                    p.file,
                    m.id,
                    field,
                    f"{c.source} {where} is not among the record's citations; add it there",
                )
            )
    return problems


def validate_references(parsed: Iterable[_Parsed]) -> list[Problem]:
    """Duplicate ids, references to records or sources that do not exist, and renames.

    A record's `replaces` lists ids it had before; such an id may no longer be a
    record, nor be claimed by two records.
    """
    items = list(parsed)
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for p in items:
        if p.model.id in seen:
            problems.append(
                Problem(p.file, p.model.id, "id", f"duplicate id (also in {seen[p.model.id]})")
            )
        else:
            seen[p.model.id] = p.file
    numbering = {p.model.id: p.model.numbering for p in items if p.table == "source"}
    renamed: dict[str, str] = {}
    for p in items:
        if p.table == "source":
            continue
        m = p.model

        def check(field: str, target: str, want: str, p: _Parsed = p) -> None:
            if target not in seen:
                problems.append(Problem(p.file, p.model.id, field, f"no record {target}"))
            elif not target.startswith(f"{want}/") and want:
                problems.append(Problem(p.file, p.model.id, field, f"{target} is not a {want}"))

        for i, s in enumerate(m.sectors):
            check(f"sectors[{i}]", s, "sector")
        for i, x in enumerate(m.parties):
            check(f"parties[{i}].org", x.org, "organization")
        for i, person in enumerate(m.people):
            if person.org:
                check(f"people[{i}].org", person.org, "organization")
        for i, r in enumerate(m.related):
            check(f"related[{i}].id", r.id, "")
            if r.id == m.id:
                problems.append(Problem(p.file, m.id, f"related[{i}].id", "refers to itself"))
        if p.table == "organization" and m.parent:
            check("parent", m.parent, "organization")
        problems.extend(_citation_problems(p, numbering))
        if p.table == "agreement" and not any(d.role == "signed" for d in m.dates):
            problems.append(Problem(p.file, m.id, "dates", "an agreement needs a 'signed' date"))
        for i, old in enumerate(m.replaces):
            field = f"replaces[{i}]"
            if old in seen:
                problems.append(
                    Problem(p.file, m.id, field, f"{old} is still a record; a renamed id is gone")
                )
            elif old in renamed and renamed[old] != m.id:
                problems.append(
                    Problem(p.file, m.id, field, f"{old} is also replaced by {renamed[old]}")
                )
            renamed.setdefault(old, m.id)
    return problems


def _source(m: Any) -> Source:
    return Source(
        m.id,
        m.title,
        m.publisher,
        m.date or "",
        m.file,
        m.url or "",
        m.covers or "",
        m.language,
        m.numbering,
        m.short_name,
    )


def load_records(records_dir: Path) -> LoadResult:
    """Read every `*.toml` under `records_dir` and validate it all.

    Returns records and sources sorted by id; `problems` is empty when the data
    may be built.
    """
    parsed: list[_Parsed] = []
    problems: list[Problem] = []
    files = sorted(records_dir.glob("*.toml"))
    if not files:
        problems.append(Problem(str(records_dir), "-", "-", "no *.toml record files"))
    for path in files:
        got, bad = _read_file(path, records_dir)
        parsed.extend(got)
        problems.extend(bad)
    problems.extend(validate_references(parsed))
    orgs = {p.model.id: p.model for p in parsed if p.table == "organization"}
    titles = {p.model.id: p.model.title for p in parsed if p.table != "source"}
    records = sorted(
        (_to_record(p, orgs, titles) for p in parsed if p.table != "source"), key=lambda r: r.id
    )
    sources = sorted((_source(p.model) for p in parsed if p.table == "source"), key=lambda s: s.id)
    return LoadResult(tuple(records), tuple(sources), tuple(sorted(set(problems))))
