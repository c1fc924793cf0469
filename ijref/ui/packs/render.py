"""What changed, as HTML for a QTextBrowser. Every piece of text goes through `esc`.

A changed field shows its value before and now side by side, a line that went
away struck through and a line that came in set in bold, and under it the
passage of the source the new value cites.
"""

from __future__ import annotations

from ijref.packs.diff import CHANGED, NEW, REMOVED, RENAMED, Changes, FieldChange, RecordChange
from ijref.ui.detail.render import esc, record_link

__all__ = ["render_changes"]

HEADINGS = ((NEW, "New"), (CHANGED, "Changed"), (RENAMED, "Renamed"), (REMOVED, "Removed"))
GONE = "#d9363e"
CAME = "#2e9e4f"


def _lines(lines: tuple[str, ...], other: tuple[str, ...], colour: str, tag: str) -> str:
    if not lines:
        return "<i>—</i>"
    out = []
    for line in lines:
        text = esc(line.strip()) if line.startswith(" ") else esc(line)
        indent = "&nbsp;&nbsp;&nbsp;&nbsp;" if line.startswith(" ") else ""
        if line not in other:
            text = f'<{tag} style="color:{colour}">{text}</{tag}>'
        out.append(indent + text)
    return "<br>".join(out)


def _field(f: FieldChange) -> str:
    row = (
        f'<tr><td valign="top"><b>{esc(f.label)}</b></td>'
        f'<td valign="top">{_lines(f.old, f.new, GONE, "s")}</td>'
        f'<td valign="top">{_lines(f.new, f.old, CAME, "b")}</td></tr>'
    )
    for i, s in enumerate(f.sources):
        label = "<small>Source</small>" if i == 0 else ""
        row += (
            f'<tr><td valign="top">{label}</td><td colspan="2"><small>{esc(s.citation)}:</small>'
            f"<br><i>“{esc(s.text)}”</i></td></tr>"
        )
    return row


def _record(c: RecordChange) -> str:
    if c.change == REMOVED:
        return f"<p>{esc(c.title)} <small>({esc(c.kind)}, {esc(c.id)})</small></p>"
    head = f"<p>{record_link(c.id, c.title)} <small>({esc(c.kind)})</small>"
    if c.change == RENAMED:
        head += (
            f"<br><small>Its id is now {esc(c.id)} (was {esc(c.old_id)}); "
            "your notes, bookmarks and briefings moved with it.</small>"
        )
    head += "</p>"
    if not c.fields or c.change == NEW:
        return head
    rows = "".join(_field(f) for f in c.fields)
    return (
        head + '<table cellspacing="0" cellpadding="4" border="1" width="100%">'
        "<tr><th></th><th align=left>Before</th><th align=left>Now</th></tr>"
        f"{rows}</table>"
    )


def render_changes(changes: Changes, about: str) -> str:
    """The What's new page: `about` (which data, installed when), the summary, each change."""
    parts = [
        f"<h2>What's new in your data</h2><p>{esc(about)}</p>",
        f"<p><b>{esc(changes.summary)}</b></p>",
    ]
    if not changes.records:
        parts.append("<p>No record changed.</p>")
    for kind, heading in HEADINGS:
        found = [c for c in changes.records if c.change == kind]
        if found:
            parts.append(f"<h3>{heading} ({len(found)})</h3>")
            parts.extend(_record(c) for c in found)
    return "".join(parts)
