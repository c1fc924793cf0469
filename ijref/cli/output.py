"""Turning domain objects into JSON-ready dicts and plain text for the CLI."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Mapping
from typing import Any

from ijref.domain.dates import EdtfDate
from ijref.domain.display import SOURCES_DIFFER, date_text, extension_text, figure_text
from ijref.domain.records import Citation, DateClaim, DatedRole, Figure, Kind, Record
from ijref.domain.validity import validity

__all__ = ["print_json", "record_json", "record_text"]


def print_json(data: Any) -> None:
    """Write JSON to stdout, UTF-8, one document."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def citation_json(c: Citation) -> dict[str, Any]:
    """A citation: a document's section and paragraph, or a fact sheet's item."""
    if c.item:
        return {"source": c.source, "item": c.item}
    return {"source": c.source, "section": c.section, "paragraph": c.paragraph}


def _cited(citations: Iterable[Citation]) -> list[dict[str, Any]]:
    return [citation_json(c) for c in citations]


def _date_values(claims: Iterable[DateClaim]) -> list[dict[str, Any]]:
    return [{"date": c.date.text, "note": c.note, "citations": _cited(c.citations)} for c in claims]


def _span(date: EdtfDate | None) -> str | None:
    return date.text if date is not None else None


def _date_json(d: DatedRole) -> dict[str, Any]:
    out: dict[str, Any] = {"role": d.role, "date": d.date.text}
    if d.claims:
        out.update(differs=d.differs, span=_span(d.span), values=_date_values(d.claims))
    return out


def _figure_json(f: Figure) -> dict[str, Any]:
    out: dict[str, Any] = {
        "label": f.label,
        "value": f.value,
        "unit": f.unit,
        "as_of": f.as_of.text if f.as_of else None,
    }
    if f.qualifier:
        out["qualifier"] = f.qualifier
    if f.claims:
        out["differs"] = f.differs
        out["values"] = [
            {
                "value": c.value,
                "qualifier": c.qualifier or None,
                "as_of": c.as_of.text if c.as_of else None,
                "note": c.note,
                "citations": _cited(c.citations),
            }
            for c in f.claims
        ]
    return out


def record_json(r: Record, today: dt.date | None = None) -> dict[str, Any]:
    """The whole record as the `ijref show --json` shape.

    A date or figure the record gives as several sourced values lists each under
    `values` with its citations, and says whether they `differ`.
    """
    out: dict[str, Any] = {
        "id": r.id,
        "kind": r.kind.value,
        "title": r.title,
        "short_name": r.short_name,
        "aliases": list(r.aliases),
        "summary": r.summary,
        "sectors": list(r.sectors),
        "dates": [_date_json(d) for d in r.dates],
        "place": r.place,
        "parties": [
            {
                "id": p.org_id,
                "name": p.name,
                "short_name": p.short_name,
                "country": p.country,
                "side": p.side,
                "role": p.role,
            }
            for p in r.parties
        ],
        "people": [{"name": x.name, "role": x.role, "org": x.org_id or None} for x in r.people],
        "figures": [_figure_json(f) for f in r.figures],
        "related": [
            {"type": x.type, "id": x.target, "title": x.title, "inverse": x.inverse}
            for x in r.related
        ],
        "links": [{"url": x.url, "title": x.title} for x in r.links],
        "citations": _cited(r.citations),
        "notes": list(r.notes),
        "replaces": list(r.replaces),
    }
    if r.kind is Kind.ORGANIZATION:
        out.update(country=r.country, parent=r.parent or None, org_type=r.org_type)
    if r.kind is Kind.AGREEMENT:
        v = validity(r, today or dt.date.today())
        out.update(
            type=r.agreement_type,
            term=r.term or None,
            extensions=[
                {
                    "until": e.until.text,
                    "date": e.date.text if e.date else None,
                    "kind": e.kind,
                    "conditional": e.conditional,
                    "note": e.note,
                    **({"date_values": _date_values(e.date_claims)} if e.date_claims else {}),
                }
                for e in r.extensions
            ],
            status={"status": v.status.value, "as_of": v.as_of.isoformat(), "rule": v.rule},
        )
    if r.kind in (Kind.PROGRAMME, Kind.EVENT):
        out["category"] = r.category
    if r.kind is Kind.SECTOR:
        out["order"] = r.order
    return out


def record_text(
    r: Record, today: dt.date | None = None, sources: Mapping[str, str] | None = None
) -> str:
    """A readable plain-text rendering of a record.

    Args:
        sources: source id → the short name a value's citation uses.
    """
    labels = sources or {}
    j = record_json(r, today)
    lines = [f"{r.title}  [{r.id}]", f"kind: {r.kind.value}"]
    if r.short_name:
        lines.append(f"short name: {r.short_name}")
    if "status" in j:
        lines.append(
            f"status: {j['status']['status']} as of {j['status']['as_of']} ({j['status']['rule']})"
        )
    for d in r.dates:
        shown = date_text(d, labels)
        flag = f" — {SOURCES_DIFFER.lower()}" if shown.differs else ""
        lines.append(f"{d.role}: {shown.text} ({d.date.text}){flag}")
        lines += [
            f"    {v.value}: {v.cited}" + (f" ({v.note})" if v.note else "") for v in shown.values
        ]
    if r.place:
        lines.append(f"place: {r.place}")
    lines += [f"party ({p.side}): {p.name}" for p in r.parties]
    lines += [f"person: {x.name}" + (f", {x.role}" if x.role else "") for x in r.people]
    for e in r.extensions:
        ext = extension_text(e, labels)
        lines.append(
            f"extension: {ext.text}" + (f" — {SOURCES_DIFFER.lower()}" if ext.differs else "")
        )
        lines += [f"    {v.value}: {v.cited}" for v in ext.values]
    lines += ["", r.summary, ""]
    for f in r.figures:
        fig = figure_text(f, labels)
        tail = f" (as of {fig.as_of})" if fig.as_of else ""
        flag = f" — {SOURCES_DIFFER.lower()}" if fig.differs else ""
        lines.append(f"figure: {f.label}: {fig.value} {f.unit}{tail}{flag}")
        lines += [
            f"    {v.value}" + (f" as of {v.as_of}" if v.as_of else "") + f": {v.cited}"
            for v in fig.values
        ]
    lines += [
        f"{'← ' if x.inverse else ''}{x.type}: {x.title or x.target} [{x.target}]"
        for x in r.related
    ]
    lines += [f"link: {x.url}" for x in r.links]
    lines += [f"source: {c.text(labels.get(c.source))}" for c in r.citations]
    lines += [f"editorial note: {n}" for n in r.notes]
    return "\n".join(lines)
