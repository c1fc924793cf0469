"""A briefing document as the rich text a QTextDocument lays out. Every text goes through `esc`.

Notes come in already rendered from Markdown (`textdoc` does that with Qt's
Markdown reader, links made text); the contents list shows the page numbers it
is given (none on a first layout, nor in an editable document). Links are
printed as text and never become anchors to anywhere but a heading of the same
document.

Lengths are CSS pixels (1/96 inch): Qt scales them to the device it lays out for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ijref.briefing.document import BriefingDocument, Cover, Entry, Fact
from ijref.domain.display import SOURCES_DIFFER
from ijref.ui.detail.render import esc

__all__ = ["SOURCES_ANCHOR", "STYLE", "Layout", "to_html"]

SOURCES_ANCHOR = "sources"
# Dark tones that print legibly in colour and in grey.
STATUS_COLOURS = {
    "in force": "#1e7a3c",
    "expired": "#b3261e",
    "not yet signed": "#8a5a00",
    "unknown": "#555555",
}


@dataclass(frozen=True)
class Layout:
    """How to lay the HTML out: the rendered notes, the contents' pages, page bands.

    Attributes:
        notes: HTML of each note, by (entry number, note index).
        pages: the page of each entry (key 0: the sources); empty for none.
        banded: pages get a header and footer with the handling line (so the
            cover need not repeat it); an editable document has none.
    """

    notes: Mapping[tuple[int, int], str] = field(default_factory=dict)
    pages: Mapping[int, int] = field(default_factory=dict)
    banded: bool = False

    def page(self, number: int) -> str:
        return str(self.pages.get(number) or "")


STYLE = """
h1 { font-size: 17pt; font-weight: bold; margin-top: 0px; margin-bottom: 4px; }
h2 { font-size: 14pt; font-weight: bold; margin-top: 0px; margin-bottom: 10px; }
h3 { font-size: 11pt; font-weight: bold; margin-top: 12px; margin-bottom: 3px; }
h4, h5, h6 { font-size: 10pt; font-weight: bold; margin-top: 6px; margin-bottom: 2px; }
p { margin-top: 0px; margin-bottom: 5px; }
li { margin-bottom: 2px; }
a { color: #000000; text-decoration: none; }
th { text-align: left; }
.kind { color: #444444; margin-bottom: 8px; }
.summary { margin-top: 8px; }
.small { font-size: 8.5pt; color: #444444; }
.cover-space { margin-bottom: 140px; }
.cover-title { font-size: 26pt; margin-top: 10px; margin-bottom: 12px; }
.meeting { font-size: 14pt; margin-bottom: 30px; }
.handling { font-weight: bold; font-size: 12pt; }
.note-head { font-size: 8.5pt; color: #444444; font-style: italic; margin-top: 6px; }
"""


def _day(value: object) -> str:
    return f"{value:%-d %B %Y}"


def _table(_at: Layout, rows: str, pad: int = 2, border: bool = False) -> str:
    if not rows:
        return ""
    frame = " border='1' style='border-color: #999999; border-style: solid'" if border else ""
    return f"<table width='100%' cellspacing='0' cellpadding='{pad}'{frame}>{rows}</table>"


def _cover(at: Layout, c: Cover, entries: int) -> str:
    # A first line's top margin is dropped: an empty line holds the title down the page.
    parts = ["<p class='cover-space'>&nbsp;</p>"]
    if c.handling and not at.banded:
        parts.append(f"<p class='handling' align='center'>{esc(c.handling)}</p>")
    parts.append(f"<h1 class='cover-title'>{esc(c.title)}</h1>")
    if c.meeting:
        parts.append(f"<p class='meeting'>{esc(c.meeting)}</p>")
    status_day = _day(c.status_day) + (
        " (the meeting date)" if c.meeting_date else " (the day it was prepared)"
    )
    rows = [
        ("Meeting date", _day(c.meeting_date) if c.meeting_date else "not set"),
        ("Agreement status as of", status_day),
        ("Records", str(entries)),
        ("Data", f"version {c.data_version}, as of {c.data_as_of}"),
        ("Prepared", f"{_day(c.made_on)} with ijref"),
    ]
    body = "".join(
        f"<tr><th width='32%'>{esc(label)}</th><td>{esc(value)}</td></tr>" for label, value in rows
    )
    parts.append(_table(at, body, pad=4))
    return "".join(parts)


def _contents(at: Layout, doc: BriefingDocument) -> str:
    rows = [
        f"<tr><td width='7%'>{e.number}.</td>"
        f"<td><a href='#{e.anchor}'>{esc(e.title)}</a>"
        + (" <span class='small'>(no longer in the catalog)</span>" if e.missing else "")
        + f"</td><td width='9%' align='right'>{at.page(e.number)}</td></tr>"
        for e in doc.entries
    ]
    if doc.sources:
        rows.append(
            f"<tr><td width='7%'>{len(doc.entries) + 1}.</td>"
            f"<td><a href='#{SOURCES_ANCHOR}'>Sources</a></td>"
            f"<td width='9%' align='right'>{at.page(0)}</td></tr>"
        )
    return "<h2 style='page-break-before: always'>Contents</h2>" + _table(at, "".join(rows), 3)


def _values(differs: bool, values: tuple[str, ...]) -> str:
    """What each source gives, under a value the sources disagree on (or its history)."""
    if not values:
        return ""
    head = SOURCES_DIFFER if differs else "Values"
    lines = "<br>".join(esc(v) for v in values)
    return f"<br><span class='small'><b>{esc(head)}:</b><br>{lines}</span>"


def _facts(at: Layout, facts: tuple[Fact, ...]) -> str:
    rows = "".join(
        f"<tr><th width='28%' valign='top'>{esc(f.label)}</th>"
        f"<td>{esc(f.text)}{_values(f.differs, f.values)}</td></tr>"
        for f in facts
    )
    return _table(at, rows)


def _section(title: str, body: str) -> str:
    return f"<h3>{esc(title)}</h3>{body}" if body else ""


def _status(at: Layout, e: Entry) -> str:
    if e.status is None:
        return ""
    colour = STATUS_COLOURS.get(e.status.status, "#000000")
    row = (
        f"<tr><td><b>Status on {esc(_day(e.status.day))}: "
        f"<span style='color: {colour}'>{esc(e.status.status)}</span></b><br>"
        f"<span class='small'>{esc(e.status.rule)}</span></td></tr>"
    )
    return _table(at, row, pad=6, border=True)


def _parties(at: Layout, e: Entry) -> str:
    rows = "".join(
        f"<tr><th width='28%' valign='top'>{esc(g.side)}</th>"
        f"<td>{'<br>'.join(esc(n) for n in g.names)}</td></tr>"
        for g in e.parties
    )
    return _table(at, rows)


def _figures(at: Layout, e: Entry) -> str:
    if not e.figures:
        return ""
    head = "<tr><th>Figure</th><th align='right'>Value</th><th>Unit</th><th>As of</th></tr>"
    rows = "".join(
        f"<tr><td>{esc(f.label)}{_values(f.differs, f.values)}</td>"
        f"<td align='right' valign='top'>{esc(f.value)}</td>"
        f"<td valign='top'>{esc(f.unit)}</td><td valign='top'>{esc(f.as_of)}</td></tr>"
        for f in e.figures
    )
    return _table(at, head + rows, pad=3, border=True)


def _notes(at: Layout, e: Entry) -> str:
    parts = []
    for n, note in enumerate(e.notes):
        body = at.notes.get((e.number, n), f"<p>{esc(note.markdown)}</p>")
        parts.append(
            f"<p class='note-head'>Your note, last changed {esc(_day(note.updated))}</p>"
            f"<blockquote>{body}</blockquote>"
        )
    return "".join(parts)


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>" if items else ""


def _entry(at: Layout, e: Entry) -> str:
    parts = [
        "<h1 style='page-break-before: always'>"
        f"<a name='{e.anchor}'>{e.number}.</a> {esc(e.title)}</h1>",
        f"<p class='kind'>{esc(e.kind)} · {esc(e.record_id)}</p>",
    ]
    if e.missing:
        parts.append(
            "<p><i>This record is no longer in the catalog (it left in a data update); "
            "your notes on it are kept.</i></p>"
        )
    parts.append(_status(at, e))
    if e.summary:
        parts.append(f"<p class='summary'>{esc(e.summary)}</p>")
    parts.append(_section("Key dates", _facts(at, e.dates)))
    parts.append(_section("Details", _facts(at, e.facts)))
    parts.append(_section("Parties", _parties(at, e)))
    parts.append(_section("People", _facts(at, e.people)))
    parts.append(_section("Figures", _figures(at, e)))
    parts.append(_section("Related records", _facts(at, e.related)))
    parts.append(_section("Your notes", _notes(at, e)))
    parts.append(_section("Addresses (not followed)", _list([esc(link) for link in e.links])))
    parts.append(_section("Sources", _list([f"[{n}] {esc(text)}" for n, text in e.citations])))
    return "".join(parts)


def _sources(at: Layout, doc: BriefingDocument) -> str:
    if not doc.sources:
        return ""
    items = []
    for s in doc.sources:
        line = ", ".join(esc(p) for p in (s.publisher, s.date) if p)
        url = f"<br><span class='small'>{esc(s.url)}</span>" if s.url else ""
        items.append(
            f"<tr><td width='7%' valign='top'>[{s.number}]</td>"
            f"<td><b>{esc(s.title)}</b>{'<br>' + line if line else ''}{url}</td></tr>"
        )
    return (
        "<h1 style='page-break-before: always'>"
        f"<a name='{SOURCES_ANCHOR}'>{len(doc.entries) + 1}.</a> Sources</h1>"
        + _table(at, "".join(items), pad=4)
    )


def to_html(doc: BriefingDocument, at: Layout | None = None) -> str:
    """The body of the briefing (cover, contents, entries, sources) as HTML."""
    at = at or Layout()
    return (
        "<html><body>"
        + _cover(at, doc.cover, len(doc.entries))
        + _contents(at, doc)
        + "".join(_entry(at, e) for e in doc.entries)
        + _sources(at, doc)
        + "</body></html>"
    )
