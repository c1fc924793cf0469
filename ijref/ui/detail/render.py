"""A record page as HTML for QTextBrowser. Every piece of text goes through `esc`.

Links use three schemes the pane understands: `record:<id>` (another record),
`copy:citation/<n>` (copy a citation line), and a record's own external
addresses (http, https, mailto), which the pane opens only after asking.

Where sources differ on a date or a figure, the page says "Sources differ" and
lists each value with its source; a figure given at several dates gets its
history, and from three points a sparkline (`<img src="sparkline:<n>">`, drawn
by the pane from `sparkline_points`). The text of sourced values comes from
`ijref.domain.display`, the one conversion every view shares.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ijref.domain.dates import EdtfDate
from ijref.domain.display import (
    SOURCES_DIFFER,
    SourcedLine,
    date_text,
    extension_text,
    figure_text,
    relation_label,
)
from ijref.domain.records import Kind, Party, Record, Relation
from ijref.domain.validity import Status, term_text, validity
from ijref.ui.detail.data import PageData

if TYPE_CHECKING:
    from ijref.catalog.store import RecordSummary

__all__ = [
    "SPARKLINE_SCHEME",
    "citation_lines",
    "esc",
    "render_page",
    "sparkline_points",
]

# Mid tones, legible on the light and the dark palette alike.
# White on each of these reads at 4.5:1 or better, on a light page and a dark one alike.
STATUS_COLOURS = {
    Status.IN_FORCE: "#1e7b3a",
    Status.EXPIRED: "#b3261e",
    Status.NOT_YET_SIGNED: "#8a5a00",
    Status.UNKNOWN: "#4f5660",
}
KIND_LABEL = {k: k.value.capitalize() for k in Kind}
# Amber, legible on the light and the dark palette alike; the timeline's colour too.
DIFFER_COLOUR = "#c27c0e"
SPARKLINE_SCHEME = "sparkline"


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


def _differ_flag() -> str:
    return f" <span style='color:{DIFFER_COLOUR}; font-weight:bold'>{esc(SOURCES_DIFFER)}</span>"


def _sourced(values: tuple[SourcedLine, ...], *, as_of: bool = False) -> str:
    """Each source's value on its own small line: `Nov 1985 — Embassy …, item 8`."""
    lines = []
    for v in values:
        when = f" (as of {esc(v.as_of)})" if as_of and v.as_of else ""
        note = f" — {esc(v.note)}" if v.note else ""
        lines.append(f"{esc(v.value)}{when}: {esc(v.cited)}{note}")
    return f"<br><small>{'<br>'.join(lines)}</small>" if lines else ""


_ROLE_DATES = {"signed": "signing date", "held": "date it was held", "start": "start date"}


def _differences(data: PageData) -> str:
    """One line under the title naming what the sources disagree on."""
    r = data.record
    what = [_ROLE_DATES.get(d.role, f"{d.role} date") for d in r.dates if d.differs]
    what += [f"date of the {e.kind}" for e in r.extensions if e.date_differs]
    what += [f"“{f.label}”" for f in r.figures if f.differs]
    if not what:
        return ""
    return (
        f"<p>{_differ_flag().strip()} on the {esc(', '.join(what))}: "
        "each value is shown below with its source.</p>"
    )


def _dates(data: PageData) -> str:
    rows = []
    for d in data.record.dates:
        shown = date_text(d, data.source_labels)
        flag = _differ_flag() if shown.differs else ""
        rows.append(
            f"<tr><th align='left' valign='top'>{esc(shown.role)}</th>"
            f"<td>{esc(shown.text)}{flag}{_sourced(shown.values)}</td></tr>"
        )
    return f"<table cellspacing='4'>{''.join(rows)}</table>" if rows else ""


def _facts(record: Record) -> str:
    facts = [
        ("Type", record.agreement_type),
        ("Category", record.category),
        ("Term", term_text(record.term)),
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


def _extensions(data: PageData) -> str:
    items = []
    for e in data.record.extensions:
        shown = extension_text(e, data.source_labels)
        flag = _differ_flag() if shown.differs else ""
        items.append(f"{esc(shown.text)}{flag}{_sourced(shown.values)}")
    return _list(items)


def _figure_rows(data: PageData) -> str:
    rows = []
    for f in data.record.figures:
        shown = figure_text(f, data.source_labels)
        flag = _differ_flag() if shown.differs else ""
        more = _sourced(shown.values, as_of=True) if shown.differs else ""
        rows.append(
            f"<tr><td>{esc(f.label)}{flag}{more}</td><td align='right'>{esc(shown.value)}</td>"
            f"<td>{esc(f.unit)}</td><td>{esc(shown.as_of)}</td></tr>"
        )
    for sf in data.figures:
        rows.append(
            f"<tr><td>{esc(sf.figure.label)} ({record_link(sf.record_id, sf.record_name)})</td>"
            f"<td align='right'>{esc(sf.figure.value_text)}</td><td>{esc(sf.figure.unit)}</td>"
            f"<td>{esc(sf.figure.as_of.human() if sf.figure.as_of else '')}</td></tr>"
        )
    return "".join(rows)


def _figures(data: PageData) -> str:
    rows = _figure_rows(data)
    if not rows:
        return ""
    head = "<tr><th align='left'>Figure</th><th>Value</th><th>Unit</th><th>As of</th></tr>"
    table = f"<table border='1' cellspacing='0' cellpadding='4'>{head}{rows}</table>"
    return table + _histories(data)


def sparkline_points(data: PageData) -> dict[str, tuple[tuple[float, float], ...]]:
    """The sparklines a page shows, by the image name it writes (`sparkline:<n>`)."""
    out = {}
    for n, f in enumerate(data.record.figures):
        points = figure_text(f, data.source_labels).points
        if points:
            out[f"{SPARKLINE_SCHEME}:{n}"] = points
    return out


def _histories(data: PageData) -> str:
    """Each figure given at several dates, as its own small table of values and sources."""
    parts = []
    images = sparkline_points(data)
    for n, f in enumerate(data.record.figures):
        shown = figure_text(f, data.source_labels)
        if not shown.history:
            continue
        name = f"{SPARKLINE_SCHEME}:{n}"
        spark = (
            f"<br><img src='{esc(name)}' width='140' height='32' alt='history of {esc(f.label)}'>"
            if name in images
            else ""
        )
        rows = "".join(
            f"<tr><td>{esc(v.as_of)}</td><td align='right'>{esc(v.value)}</td>"
            f"<td><small>{esc(v.cited)}{' — ' + esc(v.note) if v.note else ''}</small></td></tr>"
            for v in shown.history
        )
        head = "<tr><th align='left'>As of</th><th>Value</th><th align='left'>Source</th></tr>"
        parts.append(
            f"<p><b>{esc(f.label.capitalize())}</b> ({esc(f.unit)}) over time{spark}</p>"
            f"<table cellspacing='0' cellpadding='3'>{head}{rows}</table>"
        )
    return "".join(parts)


def _people(record: Record) -> str:
    items = []
    for x in record.people:
        role = f" — {esc(x.role)}" if x.role else ""
        org = f" ({record_link(x.org_id, x.org_name)})" if x.org_id else ""
        items.append(f"{esc(x.name)}{role}{org}")
    return _list(items)


def _relations(relations: Iterable[Relation]) -> str:
    out = []
    forward = [r for r in relations if not r.inverse]
    if forward:
        out.append(
            _list(f"{esc(relation_label(r))}: {record_link(r.target, r.title)}" for r in forward)
        )
    groups: dict[str, list[Relation]] = defaultdict(list)
    for r in relations:
        if r.inverse:
            groups[relation_label(r)].append(r)
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
    parts.append(_differences(data))
    parts.append(f"<p>{esc(r.summary)}</p>")
    parts.append(_section("Facts", _facts(r)))
    parts.append(_section("Dates", _dates(data)))
    parts.append(_section("Extensions", _extensions(data)))
    parts.append(_section("Parties", _parties(r)))
    parts.append(_section("People", _people(r)))
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
