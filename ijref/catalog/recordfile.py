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
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PositiveInt,
    StringConstraints,
    ValidationError,
)

from ijref.domain.dates import EdtfDate, EdtfError
from ijref.domain.records import (
    AGREEMENT_TYPES,
    ID_PATTERN,
    RELATION_TYPES,
    Citation,
    DatedRole,
    Extension,
    Figure,
    Kind,
    Link,
    Party,
    Record,
    Relation,
    Source,
)
from ijref.domain.validity import parse_term

__all__ = ["LoadResult", "Problem", "load_records", "validate_references"]

KIND_TABLES = {k.value: k for k in Kind}


def _edtf(text: str) -> str:
    try:
        EdtfDate.parse(text)
    except EdtfError as exc:
        raise ValueError(str(exc)) from exc
    return text


def _term(text: str) -> str:
    parse_term(text)
    return text


def _url(text: str) -> str:
    if not text.startswith(("http://", "https://")):
        raise ValueError(f"{text!r} is not an http(s) address")
    return text


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Edtf = Annotated[str, AfterValidator(_edtf)]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN.pattern)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CitationIn(_Strict):
    source: Text
    section: Text
    paragraph: PositiveInt


class DateIn(_Strict):
    role: Text
    date: Edtf


class PartyIn(_Strict):
    org: Id
    role: str = ""


class FigureIn(_Strict):
    label: Text
    value: int | float
    unit: Text
    as_of: Edtf | None = None


class RelationIn(_Strict):
    type: Literal["under", "renews", "extends", "supersedes", "part-of", "related"]
    id: Id


class LinkIn(_Strict):
    url: Annotated[str, AfterValidator(_url)]
    title: str = ""


class ExtensionIn(_Strict):
    until: Edtf
    date: Edtf | None = None
    kind: Literal["extension", "renewal", "automatic"] = "extension"
    conditional: bool = False
    note: str = ""


class _RecordIn(_Strict):
    id: Id
    title: Text
    summary: Text
    short_name: str = ""
    aliases: list[Text] = []
    sectors: list[Id] = []
    parties: list[PartyIn] = []
    dates: list[DateIn] = []
    figures: list[FigureIn] = []
    related: list[RelationIn] = []
    links: list[LinkIn] = []
    citations: Annotated[list[CitationIn], Field(min_length=1)]
    notes: list[Text] = []
    place: str = ""
    replaces: list[Id] = []


class SectorIn(_RecordIn):
    order: int


class OrganizationIn(_RecordIn):
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    parent: Id | None = None
    org_type: str = ""


class AgreementIn(_RecordIn):
    type: Literal[
        "IGA",
        "MoU",
        "MoC",
        "LoI",
        "IA",
        "Arrangement",
        "Joint Research Contract",
        "Joint Statement",
    ]
    term: Annotated[str, AfterValidator(_term)] | None = None
    extensions: list[ExtensionIn] = []


class ProgrammeIn(_RecordIn):
    category: str = ""


class EventIn(_RecordIn):
    category: str = ""


class SourceIn(_Strict):
    id: Annotated[str, StringConstraints(pattern=r"^source/[a-z0-9][a-z0-9-]*$")]
    title: Text
    publisher: Text
    date: Edtf
    file: str = ""
    url: str = ""


MODELS: dict[str, type[_Strict]] = {
    "sector": SectorIn,
    "organization": OrganizationIn,
    "agreement": AgreementIn,
    "programme": ProgrammeIn,
    "event": EventIn,
    "source": SourceIn,
}
assert set(AGREEMENT_TYPES) == set(AgreementIn.model_fields["type"].annotation.__args__)  # type: ignore[union-attr]
assert set(RELATION_TYPES) == set(RelationIn.model_fields["type"].annotation.__args__)  # type: ignore[union-attr]


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


def _to_record(p: _Parsed, orgs: dict[str, Any], titles: dict[str, str]) -> Record:
    m = p.model
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
    common: dict[str, Any] = {
        "id": m.id,
        "kind": KIND_TABLES[p.table],
        "title": m.title,
        "summary": m.summary,
        "short_name": m.short_name,
        "aliases": tuple(m.aliases),
        "sectors": tuple(m.sectors),
        "parties": parties,
        "dates": tuple(DatedRole(d.role, EdtfDate.parse(d.date)) for d in m.dates),
        "figures": tuple(Figure(f.label, float(f.value), f.unit, _d(f.as_of)) for f in m.figures),
        "related": tuple(Relation(r.type, r.id, titles.get(r.id, "")) for r in m.related),
        "links": tuple(Link(x.url, x.title) for x in m.links),
        "citations": tuple(Citation(c.source, c.section, c.paragraph) for c in m.citations),
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
            extensions=tuple(
                Extension(EdtfDate.parse(e.until), _d(e.date), e.kind, e.conditional, e.note)
                for e in m.extensions
            ),
        )
    else:
        common["category"] = m.category
    return Record(**common)


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
    sources = {p.model.id for p in items if p.table == "source"}
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
        for i, r in enumerate(m.related):
            check(f"related[{i}].id", r.id, "")
            if r.id == m.id:
                problems.append(Problem(p.file, m.id, f"related[{i}].id", "refers to itself"))
        if p.table == "organization" and m.parent:
            check("parent", m.parent, "organization")
        for i, c in enumerate(m.citations):
            if c.source not in sources:
                problems.append(
                    Problem(p.file, m.id, f"citations[{i}].source", f"no source {c.source}")
                )
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
    sources = sorted(
        (
            Source(
                p.model.id,
                p.model.title,
                p.model.publisher,
                p.model.date,
                p.model.file,
                p.model.url,
            )
            for p in parsed
            if p.table == "source"
        ),
        key=lambda s: s.id,
    )
    return LoadResult(tuple(records), tuple(sources), tuple(sorted(set(problems))))
