"""Snippets of a record's summary with the matched words in `<b>…</b>`.

Everything that is not markup we add is HTML-escaped, so record text such as
`<img src=x>` shows as text in a rich-text view.
"""

from __future__ import annotations

import html
from collections.abc import Collection

from whoosh.analysis import Analyzer

__all__ = ["snippet"]

WIDTH = 220


def _marks(
    text: str, analyzer: Analyzer, stems: Collection[str], exact: Collection[str]
) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for t in analyzer(text, chars=True, removestops=False):
        if t.text in stems or text[t.startchar : t.endchar].lower() in exact:
            found.append((t.startchar, t.endchar))
    return found


def _window(text: str, marks: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """The stretch of `text` about `width` long holding the most marks."""
    if len(text) <= width:
        return 0, len(text)
    best_start, best_count = 0, -1
    j = 0
    for i, (start, _) in enumerate(marks):
        while j < len(marks) and marks[j][1] <= start + width:
            j += 1
        if j - i > best_count:
            best_start, best_count = start, j - i
    start = max(0, best_start - width // 5)
    end = min(len(text), start + width)
    start = max(0, end - width)
    # whole words only
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < best_start else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, end


def snippet(
    text: str,
    analyzer: Analyzer,
    stems: Collection[str],
    exact: Collection[str] = (),
    width: int = WIDTH,
) -> str:
    """An HTML fragment of `text` around its matched words, matches in bold.

    Args:
        text: the plain text (a summary).
        analyzer: the analyser the text was indexed with.
        stems: the query's terms as that analyser writes them.
        exact: lower-case whole words that also count as matches (acronyms).
        width: about how many characters to show.
    """
    marks = _marks(text, analyzer, stems, exact) if stems or exact else []
    start, end = _window(text, marks, width) if marks else (0, min(len(text), width))
    if not marks and end < len(text):
        space = text.rfind(" ", 0, end)
        end = space if space > 0 else end
    out: list[str] = ["…"] if start > 0 else []
    pos = start
    for a, b in marks:
        if a < start or b > end:
            continue
        out.append(html.escape(text[pos:a], quote=False))
        out.append(f"<b>{html.escape(text[a:b], quote=False)}</b>")
        pos = b
    out.append(html.escape(text[pos:end], quote=False))
    if end < len(text):
        out.append("…")
    return "".join(out)
