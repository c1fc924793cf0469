"""Snippets of a record's summary with the matched words in `<b>…</b>`.

Everything that is not markup we add is HTML-escaped, so record text such as
`<img src=x>` shows as text in a rich-text view.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Collection
from functools import lru_cache

from whoosh.lang.porter import stem

__all__ = ["Highlighter", "snippet"]

WIDTH = 220


# The same words and stems as the index's analyser (`\w+`, lower case, Porter),
# without its token objects: snippets run on every hit shown, while typing.
_WORD = re.compile(r"\w+(?:\.?\w+)*")
_stem: Callable[[str], str] = lru_cache(maxsize=100_000)(stem)


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


class Highlighter:
    """Snippets with the words of one query in bold: made once per query, used per hit.

    A Porter stem keeps all but at most the last two letters of its word as
    written, so only words starting with the first letters of a stem, an exact
    word or a word start can match: one regular-expression scan (in C) finds
    them, and only they are stemmed and checked. The window's results list asks
    a hundred snippets for every keystroke.

    Args:
        stems: the query's terms as `ijref.search.schema.word_analyzer` writes them
            (the words here are split and stemmed the same way).
        exact: lower-case whole words that also count as matches (acronyms).
        starts: lower-case word starts that count as matches (a word being typed).
        width: about how many characters to show.
    """

    def __init__(
        self,
        stems: Collection[str],
        exact: Collection[str] = (),
        starts: Collection[str] = (),
        width: int = WIDTH,
    ) -> None:
        self._stems = frozenset(stems)
        self._exact = frozenset(exact)
        self._starts = tuple(starts)
        self._width = width
        prefixes = {s[: max(1, len(s) - 2)] for s in self._stems if s}
        prefixes |= {w for w in (*self._exact, *self._starts) if w}
        alternatives = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
        # at the start of a word as `_WORD` cuts them (not after a letter, nor "U." of U.S.A.)
        self._candidates = (
            re.compile(rf"(?<!\w)(?<!\w\.)(?:{alternatives})", re.IGNORECASE) if prefixes else None
        )

    def marks(self, text: str) -> list[tuple[int, int]]:
        """The spans of the words of `text` that match."""
        if self._candidates is None:
            return []
        stems, exact, starts = self._stems, self._exact, self._starts
        found: list[tuple[int, int]] = []
        end = 0
        for c in self._candidates.finditer(text):
            if c.start() < end:
                continue  # inside a word already looked at
            m = _WORD.match(text, c.start())
            if m is None:
                continue
            end = m.end()
            word = m.group().lower()
            if word in exact or _stem(word) in stems or (starts and word.startswith(starts)):
                found.append(m.span())
        return found

    def snippet(self, text: str) -> str:
        """An HTML fragment of `text` around its matched words, matches in bold."""
        width = self._width
        marks = self.marks(text)
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


def snippet(
    text: str,
    stems: Collection[str],
    exact: Collection[str] = (),
    starts: Collection[str] = (),
    width: int = WIDTH,
) -> str:
    """An HTML fragment of `text` around its matched words, matches in bold (see
    `Highlighter`, which a caller making many snippets for one query keeps)."""
    return Highlighter(stems, exact, starts, width).snippet(text)
