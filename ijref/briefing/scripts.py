"""Which writing systems a text uses, so a renderer can check it has a font for each.

Latin, Greek and Cyrillic are left out: every platform's default fonts cover them.
Han characters count as Japanese: the app's readers meet them in Japanese text,
and a Japanese font covers them.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["SCRIPTS", "scripts_in"]

# (first, last code point, script) — the blocks a briefing may plausibly carry.
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"),
    (0x0750, 0x077F, "Arabic"),
    (0x0900, 0x097F, "Devanagari"),
    (0x0980, 0x09FF, "Bengali"),
    (0x0A00, 0x0A7F, "Gurmukhi"),
    (0x0A80, 0x0AFF, "Gujarati"),
    (0x0B00, 0x0B7F, "Oriya"),
    (0x0B80, 0x0BFF, "Tamil"),
    (0x0C00, 0x0C7F, "Telugu"),
    (0x0C80, 0x0CFF, "Kannada"),
    (0x0D00, 0x0D7F, "Malayalam"),
    (0x0D80, 0x0DFF, "Sinhala"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x1100, 0x11FF, "Korean"),
    (0x3040, 0x309F, "Japanese"),
    (0x30A0, 0x30FF, "Japanese"),
    (0x31F0, 0x31FF, "Japanese"),
    (0x3400, 0x4DBF, "Japanese"),
    (0x4E00, 0x9FFF, "Japanese"),
    (0xA8E0, 0xA8FF, "Devanagari"),
    (0xAC00, 0xD7AF, "Korean"),
    (0xF900, 0xFAFF, "Japanese"),
    (0xFF65, 0xFF9F, "Japanese"),
)
SCRIPTS = tuple(sorted({name for _, _, name in _RANGES}))


def _script(char: str) -> str | None:
    code = ord(char)
    if code < 0x0590:
        return None
    for lo, hi, name in _RANGES:
        if lo <= code <= hi:
            return name
    return None


def scripts_in(texts: Iterable[str]) -> set[str]:
    """The writing systems (names in `SCRIPTS`) the texts use beyond Latin."""
    found: set[str] = set()
    for text in texts:
        for char in set(text):
            name = _script(char)
            if name is not None:
                found.add(name)
    return found
