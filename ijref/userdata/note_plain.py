"""A note's Markdown as the words a reader sees, for the notes index and its snippets.

Notes are written in Markdown; a search result quoting `**LUPEX**` or
`[JAXA](https://…)` shows syntax where the reader expects their words. The
markup is read by markdown-it (CommonMark), and only what it would display is
kept: text, code, image descriptions, and raw HTML as the literal text it is
(a note's HTML is never rendered in a snippet, only shown escaped).
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

__all__ = ["plain_text"]

# Block tokens whose content is shown as it is written.
_LITERAL_BLOCKS = frozenset({"fence", "code_block", "html_block"})
# Inline tokens whose content is text the reader sees.
_INLINE_TEXT = frozenset({"text", "code_inline", "html_inline"})
_BREAKS = frozenset({"softbreak", "hardbreak"})


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark")


def _inline(children: list[Token]) -> str:
    out: list[str] = []
    for child in children:
        if child.type in _INLINE_TEXT:
            out.append(child.content)
        elif child.type in _BREAKS:
            out.append("\n")
        elif child.type == "image":
            out.append(_inline(child.children or []))  # its description
    return "".join(out)


def plain_text(markdown: str) -> str:
    """The text of a note without its Markdown syntax, one block per line."""
    blocks: list[str] = []
    for token in _parser().parse(markdown):
        if token.type == "inline":
            blocks.append(_inline(token.children or []))
        elif token.type in _LITERAL_BLOCKS:
            blocks.append(token.content.rstrip("\n"))
    return "\n".join(blocks)
