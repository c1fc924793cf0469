"""A record page as HTML for QTextBrowser. Every piece of text goes through `esc`.

Links use three schemes the pane understands: `record:<id>` (another record),
`copy:citation/<n>` (copy a citation line), and a record's own external
addresses (http, https, mailto), which the pane opens only after asking.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ijref.domain.dates import EdtfDate
from ijref.domain.records import Kind, Party, Record, Relation
from ijref.domain.validity import Status, validity
from ijref.ui.detail.data import PageData

if TYPE_CHECKING:
    from ijref.catalog.store import RecordSummary

__all__ = ["citation_lines", "esc", "render_page"]

FORWARD = {
    "under": "Under",
    "renews": "Renews",
    "extends": "Extends",
    "supersedes": "Supersedes",
    "part-of": "Part of",
    "related": "Related",
}
INVERSE = {
    "under": "under it",
    "renews": "Renewed by",
    "extends": "Extended by",
    "supersedes": "Superseded by",
    "part-of": "Its parts",
    "related": "Related",
}
# Mid tones, legible on the light and the dark palette alike.
# White on each of these reads at 4.5:1 or better, on a light page and a dark one alike.
STATUS_COLOURS = {
    Status.IN_FORCE: "#1e7b3a",
    Status.EXPIRED: "#b3261e",
    Status.NOT_YET_SIGNED: "#8a5a00",
    Status.UNKNOWN: "#4f5660",
}
KIND_LABEL = {k: k.value.capitalize() for k in Kind}


def esc(text: object) -> str:
    """Text made safe for rich text: `<`, `>`, `&` and quotes escaped."""
    return html.escape(str(text), quote=True)


def record_link(record_id: str, text: str) -> str:
    return f'<a href="record:{esc(record_id)}">{esc(text or record_id)}</a>'


def _section(title: str, body: str) -> str:
    return f"<h3>{esc(title)}</h3>{body}" if body else ""


def _list(items: Iterable[str]) -> str:
    rows = "".join(f"<li>{i}</li>" for i in items)
    return f"<ul>{rows}</ul>" if rows else ""


def _party(p: Party) -> str:
    name = f"{p.name} ({p.short_name})" if p.short_name else p.name
    role = f" — {esc(p.role)}" if p.role else ""
    return record_link(p.org_id, name) + role


def _parties(record: Record) -> str:
    by_side: dict[str, list[Party]] = defaultdict(list)
    for p in record.parties:
        by_side[p.side].append(p)
    rows = "".join(
        f"<tr><th align='left' valign='top'>{esc(side)}</th>"
        f"<td>{'<br>'.join(_party(p) for p in by_side[side])}</td></tr>"
        for side in ("India", "Japan", "Other")
        if by_side.get(side)
    )
    return f"<table cellspacing='4'>{rows}</table>" if rows else ""


def _status(data: PageData) -> str:
    v = validity(data.record, data.today)
    colour = STATUS_COLOURS[v.status]
    return (
        f"<p><span style='background-color:{colour}; color:#ffffff; font-weight:bold'>"
        f"&nbsp;{esc(v.status.value.capitalize())}&nbsp;</span>"
        f" as of {esc(v.as_of.strftime('%-d %B %Y'))}<br>"
        f"<small>{esc(v.rule)}</small></p>"
    )


def _dates(record: Record) -> str:
    rows = "".join(
        f"<tr><th align='left'>{esc(d.role.capitalize())}</th><td>{esc(d.date.human())}</td></tr>"
        for d in record.dates
    )
    return f"<table cellspacing='4'>{rows}</table>" if rows else ""


def _facts(record: Record) -> str:
    facts = [
        ("Type", record.agreement_type),
        ("Category", record.category),
        ("Term", record.term),
        ("Place", record.place),
        ("Country", {"IN": "India", "JP": "Japan"}.get(record.country, record.country)),
        ("Organization type", record.org_type),
    ]
    rows = "".join(
        f"<tr><th align='left'>{esc(label)}</th><td>{esc(value)}</td></tr>"
        for label, value in facts
        if value
    )
    if record.parent:
        rows += f"<tr><th align='left'>Part of</th><td>{record_link(record.parent, '')}</td></tr>"
    return f"<table cellspacing='4'>{rows}</table>" if rows else ""


def _extensions(record: Record) -> str:
    items = []
    for e in record.extensions:
        text = f"{e.kind.capitalize()} to {e.until.human()}"
        if e.date is not None:
            text += f", agreed {e.date.human()}"
        if e.conditional:
            text += " (only if required)"
        if e.note:
            text += f" — {e.note}"
        items.append(esc(text))
    return _list(items)


def _figures(data: PageData) -> str:
    rows = "".join(
        f"<tr><td>{esc(f.label)}</td><td align='right'>{esc(f.value_text)}</td>"
        f"<td>{esc(f.unit)}</td><td>{esc(f.as_of.human() if f.as_of else '')}</td></tr>"
        for f in data.record.figures
    )
    rows += "".join(
        f"<tr><td>{esc(sf.figure.label)} ({record_link(sf.record_id, sf.record_name)})</td>"
        f"<td align='right'>{esc(sf.figure.value_text)}</td><td>{esc(sf.figure.unit)}</td>"
        f"<td>{esc(sf.figure.as_of.human() if sf.figure.as_of else '')}</td></tr>"
        for sf in data.figures
    )
    if not rows:
        return ""
    head = "<tr><th align='left'>Figure</th><th>Value</th><th>Unit</th><th>As of</th></tr>"
    return f"<table border='1' cellspacing='0' cellpadding='4'>{head}{rows}</table>"


def _relations(relations: Iterable[Relation]) -> str:
    out = []
    forward = [r for r in relations if not r.inverse]
    if forward:
        out.append(
            _list(
                f"{esc(FORWARD.get(r.type, r.type))}: {record_link(r.target, r.title)}"
                for r in forward
            )
        )
    groups: dict[str, list[Relation]] = defaultdict(list)
    for r in relations:
        if r.inverse:
            kind = r.target.split("/", 1)[0]
            label = INVERSE.get(r.type, r.type)
            if r.type == "under":
                label = f"{kind.capitalize()}s {label}"
            groups[label].append(r)
    for label, items in groups.items():
        out.append(
            f"<p><b>{esc(label)}</b></p>" + _list(record_link(r.target, r.title) for r in items)
        )
    return "".join(out)


def _when(edtf: str) -> str:
    date = EdtfDate.try_parse(edtf or None)
    return f" <small>({esc(date.human())})</small>" if date is not None else ""


def _summaries_by_kind(rows: Iterable[RecordSummary]) -> str:
    groups: dict[Kind, list[str]] = defaultdict(list)
    for s in rows:
        groups[s.kind].append(record_link(s.id, s.title) + _when(s.date))
    order = (Kind.AGREEMENT, Kind.PROGRAMME, Kind.EVENT, Kind.ORGANIZATION, Kind.SECTOR)
    return "".join(
        f"<p><b>{esc(kind.plural)} ({len(groups[kind])})</b></p>" + _list(groups[kind])
        for kind in order
        if groups.get(kind)
    )


def citation_lines(data: PageData) -> list[str]:
    """The record's citations as plain lines a person can paste into a brief."""
    return [c.text(data.source_titles.get(c.source)) for c in data.record.citations]


def _citations(data: PageData) -> str:
    return _list(
        f"{esc(line)} &nbsp;<a href='copy:citation/{i}'>copy</a>"
        for i, line in enumerate(citation_lines(data))
    )


def _links(record: Record) -> str:
    return _list(
        f"<a href='{esc(link.url)}'>{esc(link.title or link.url)}</a> "
        f"<small>({esc(link.url)}; opens outside ijref, after asking)</small>"
        for link in record.links
    )


def _overview(data: PageData) -> str:
    order = (Kind.AGREEMENT, Kind.PROGRAMME, Kind.EVENT, Kind.ORGANIZATION)
    counts = ", ".join(
        f"{n} {esc(k.value if n == 1 else k.plural.lower())}"
        for k in order
        if (n := data.counts.get(k.value, 0))
    )
    newest = _list(record_link(s.id, s.title) + _when(s.date) for s in data.newest)
    return (
        (f"<p>{counts}</p>" if counts else "")
        + _section("Key figures", _figures(data))
        + _section("Newest records", newest)
    )


def render_page(data: PageData) -> str:
    """The whole page of one record."""
    r = data.record
    also = f"also {', '.join(r.aliases)}" if r.aliases else ""
    names = esc(" · ".join(x for x in (r.short_name, also) if x))
    parts = [f"<h2>{esc(r.title)}</h2>"]
    if names:
        parts.append(f"<p>{names}</p>")
    if r.kind is Kind.AGREEMENT:
        parts.append(_section("Status", _status(data)))
    parts.append(f"<p>{esc(r.summary)}</p>")
    parts.append(_section("Facts", _facts(r)))
    parts.append(_section("Dates", _dates(r)))
    parts.append(_section("Extensions", _extensions(r)))
    parts.append(_section("Parties", _parties(r)))
    if r.kind is Kind.SECTOR:
        parts.append(_overview(data))
    else:
        parts.append(_section("Figures", _figures(data)))
    parts.append(_section("Related records", _relations(r.related)))
    if r.kind is Kind.ORGANIZATION:
        parts.append(_section("Takes part in", _summaries_by_kind(data.involving)))
    parts.append(_section("External links", _links(r)))
    parts.append(_section("Sources", _citations(data)))
    parts.append(_section("Editorial notes", _list(esc(n) for n in r.notes)))
    return "".join(parts)
