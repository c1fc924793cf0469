"""The briefing as Markdown, and notes made safe to print offline.

A note may hold images and links. Printed, nothing may reach a network: an
image that is not one of the user's own files becomes a line of text naming it,
and every renderer prints a link's address as text beside its words.
"""

from __future__ import annotations

import re

from ijref.briefing.document import BriefingDocument, Entry, Fact
from ijref.domain.display import SOURCES_DIFFER

__all__ = ["is_local_image", "nest_headings", "offline_markdown", "to_markdown"]

# ![alt](target "title") — the target up to the first space or closing parenthesis.
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<target><[^>]*>|[^)\s]*)(?:\s+\"[^\"]*\")?\)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DRIVE = re.compile(r"^[A-Za-z]:[\\\\/]")
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})(\s)")


def is_local_image(target: str) -> bool:
    """True for an image in the user's own files: an absolute path or a `file:///` URL.

    Network paths are not the user's own files: `//host/x`, `\\\\host\\x`, `file://host/x`.
    """
    target = target.strip().strip("<>")
    if target.startswith(("//", "\\\\")):
        return False
    if target.lower().startswith("file:"):
        rest = target[5:]
        return rest.startswith("///") or (rest.startswith("/") and not rest.startswith("//"))
    if _DRIVE.match(target):
        return True
    if _SCHEME.match(target):
        return False
    return target.startswith("/")


def offline_markdown(text: str) -> str:
    """`text` with every image that is not a local file replaced by a line naming it."""

    def swap(match: re.Match[str]) -> str:
        target = match["target"].strip("<>")
        if is_local_image(target):
            return match.group(0)
        alt = match["alt"].strip() or "image"
        return f"[image not included: {alt} — {target}]"

    return _IMAGE.sub(swap, text)


def nest_headings(markdown: str, depth: int) -> str:
    """Headings in a note pushed `depth` levels down, so they sit under the record's."""
    out = []
    fenced = False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        shifted = _HEADING.sub(lambda m: "#" * min(6, len(m[1]) + depth) + m[2], line)
        out.append(line if fenced or _FENCE.match(line) else shifted)
    return "\n".join(out)


def _escape(text: str) -> str:
    """Plain text made literal in Markdown (record data is text, never markup)."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def _values(differs: bool, values: tuple[str, ...]) -> str:
    if not values:
        return ""
    head = SOURCES_DIFFER if differs else "Values"
    return f" ({head}: " + "; ".join(_escape(v) for v in values) + ")"


def _fact(f: Fact) -> str:
    return f"- {_escape(f.label)}: {_escape(f.text)}{_values(f.differs, f.values)}"


def _entry(e: Entry) -> list[str]:
    lines = [f"## {e.number}. {_escape(e.title)}", "", f"*{_escape(e.kind)}* · `{e.record_id}`", ""]
    if e.missing:
        lines += ["This record is no longer in the catalog; your notes on it are kept.", ""]
    if e.status is not None:
        lines += [
            f"**Status on {e.status.day:%-d %B %Y}: {e.status.status}** — {_escape(e.status.rule)}",
            "",
        ]
    if e.summary:
        lines += [_escape(e.summary), ""]
    for title, facts in (("Key dates", e.dates), ("Details", e.facts)):
        if facts:
            lines += [f"### {title}", ""]
            lines += [_fact(f) for f in facts]
            lines.append("")
    if e.parties:
        lines += ["### Parties", ""]
        for group in e.parties:
            lines.append(f"- **{group.side}:** " + "; ".join(_escape(n) for n in group.names))
        lines.append("")
    if e.people:
        lines += ["### People", ""]
        lines += [_fact(f) for f in e.people]
        lines.append("")
    if e.figures:
        lines += ["### Figures", "", "| Figure | Value | Unit | As of |", "|---|---:|---|---|"]
        lines += [
            f"| {_escape(f.label)}{_values(f.differs, f.values)} | {_escape(f.value)} "
            f"| {_escape(f.unit)} | {_escape(f.as_of)} |"
            for f in e.figures
        ]
        lines.append("")
    if e.related:
        lines += ["### Related records", ""]
        lines += [_fact(f) for f in e.related]
        lines.append("")
    if e.notes:
        lines += ["### Your notes", ""]
        for n in e.notes:
            lines += [
                f"*Note, last changed {n.updated:%-d %b %Y}*",
                "",
                nest_headings(offline_markdown(n.markdown.rstrip()), 3),
                "",
            ]
    if e.links:
        lines += ["### Addresses", ""]
        lines += [f"- {_escape(link)}" for link in e.links]
        lines.append("")
    if e.citations:
        lines += ["### Sources", ""]
        lines += [f"- [{n}] {_escape(text)}" for n, text in e.citations]
        lines.append("")
    return lines


def to_markdown(doc: BriefingDocument) -> str:
    """The whole briefing as one Markdown document."""
    c = doc.cover
    lines = []
    if c.handling:
        lines += [f"**{_escape(c.handling)}**", ""]
    lines += [f"# {_escape(c.title)}", ""]
    if c.meeting:
        lines += [_escape(c.meeting), ""]
    meeting = f"{c.meeting_date:%-d %B %Y}" if c.meeting_date else "no date set"
    lines += [
        f"- Meeting date: {meeting}",
        f"- Agreement status as of: {c.status_day:%-d %B %Y}",
        f"- Data version {c.data_version}, as of {_escape(c.data_as_of)}",
        f"- Prepared {c.made_on:%-d %B %Y} with ijref",
        "",
        "## Contents",
        "",
    ]
    lines += [f"{e.number}. {_escape(e.title)}" for e in doc.entries]
    if doc.sources:
        lines.append(f"{len(doc.entries) + 1}. Sources")
    lines.append("")
    for e in doc.entries:
        lines += _entry(e)
    if doc.sources:
        lines += ["## Sources", ""]
        for s in doc.sources:
            parts = [s.title, s.publisher, s.date, s.url]
            lines.append(f"{s.number}. " + ", ".join(_escape(p) for p in parts if p))
        lines.append("")
    if c.handling:
        lines += [f"**{_escape(c.handling)}**", ""]
    return "\n".join(lines)
