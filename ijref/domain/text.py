"""Labels a person or an import supplies (tags, titles): one line, nothing that disguises text.

Control characters (C0, DEL, C1: a terminal obeys some of them) and the
Unicode marks that reorder text (bidi embeddings, overrides and isolates, as in
`#<U+202E>evil tag`) are dropped; line breaks and tabs become spaces; runs of spaces
collapse to one.
"""

from __future__ import annotations

import re

__all__ = ["clean_label"]

_SPACES = re.compile(r"[\t\n\v\f\r\x1c-\x1f\x85\u2028\u2029]")
_HIDDEN = re.compile(
    r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def clean_label(text: str) -> str:
    """`text` as one line, without control characters or bidirectional formatting."""
    return " ".join(_HIDDEN.sub("", _SPACES.sub(" ", text)).split())
