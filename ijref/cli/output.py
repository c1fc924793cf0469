"""Turning domain objects into JSON-ready dicts and plain text for the CLI."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from ijref.domain.records import Kind, Record
from ijref.domain.validity import validity

__all__ = ["print_json", "record_json", "record_text"]


def print_json(data: Any) -> None:
    """Write JSON to stdout, UTF-8, one document."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def record_json(r: Record, today: dt.date | None = None) -> dict[str, Any]:
    """The whole record as the `ijref show --json` shape."""
    out: dict[str, Any] = {
        "id": r.id,
        "kind": r.kind.value,
        "title": r.title,
        "short_name": r.short_name,
        "aliases": list(r.aliases),
        "summary": r.summary,
        "sectors": list(r.sectors),
        "dates": [{"role": d.role, "date": d.date.text} for d in r.dates],
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
        "figures": [
            {
                "label": f.label,
                "value": f.value,
                "unit": f.unit,
                "as_of": f.as_of.text if f.as_of else None,
            }
            for f in r.figures
        ],
        "related": [
            {"type": x.type, "id": x.target, "title": x.title, "inverse": x.inverse}
            for x in r.related
        ],
        "links": [{"url": x.url, "title": x.title} for x in r.links],
        "citations": [
            {"source": c.source, "section": c.section, "paragraph": c.paragraph}
            for c in r.citations
        ],
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


def record_text(r: Record, today: dt.date | None = None) -> str:
    """A readable plain-text rendering of a record."""
    j = record_json(r, today)
    lines = [f"{r.title}  [{r.id}]", f"kind: {r.kind.value}"]
    if r.short_name:
        lines.append(f"short name: {r.short_name}")
    if "status" in j:
        lines.append(
            f"status: {j['status']['status']} as of {j['status']['as_of']} ({j['status']['rule']})"
        )
    lines += [f"{d.role}: {d.date.human()} ({d.date.text})" for d in r.dates]
    if r.place:
        lines.append(f"place: {r.place}")
    lines += [f"party ({p.side}): {p.name}" for p in r.parties]
    lines += ["", r.summary, ""]
    lines += [
        f"figure: {f.label}: {f.value_text} {f.unit}"
        + (f" (as of {f.as_of.text})" if f.as_of else "")
        for f in r.figures
    ]
    lines += [
        f"{'← ' if x.inverse else ''}{x.type}: {x.title or x.target} [{x.target}]"
        for x in r.related
    ]
    lines += [f"link: {x.url}" for x in r.links]
    lines += [f"source: {c.source}, {c.section}, para. {c.paragraph}" for c in r.citations]
    lines += [f"editorial note: {n}" for n in r.notes]
    return "\n".join(lines)
