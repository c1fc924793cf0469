"""Does this machine have a font for every script a briefing's text uses?

Qt finds fonts through the platform (fontconfig on Linux, the system's own on
Windows and macOS); a script with no font would print as empty boxes, so the
app says so before making a PDF.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtGui import QFontDatabase

from ijref.briefing.document import BriefingDocument
from ijref.briefing.scripts import scripts_in
from ijref.domain.errors import UserFacingError

__all__ = ["missing_fonts", "missing_fonts_message", "require_fonts"]

WS = QFontDatabase.WritingSystem
WRITING_SYSTEMS = {
    "Arabic": WS.Arabic,
    "Bengali": WS.Bengali,
    "Devanagari": WS.Devanagari,
    "Gujarati": WS.Gujarati,
    "Gurmukhi": WS.Gurmukhi,
    "Hebrew": WS.Hebrew,
    "Japanese": WS.Japanese,
    "Kannada": WS.Kannada,
    "Korean": WS.Korean,
    "Malayalam": WS.Malayalam,
    "Oriya": WS.Oriya,
    "Sinhala": WS.Sinhala,
    "Tamil": WS.Tamil,
    "Telugu": WS.Telugu,
    "Thai": WS.Thai,
}
# What to install, named for the Noto family the Linux package declares.
SUGGESTED = {"Japanese": "Noto Sans CJK JP", "Korean": "Noto Sans CJK KR"}


def _installed(system: QFontDatabase.WritingSystem) -> list[str]:
    return list(QFontDatabase.families(system))


def missing_fonts(
    texts: Iterable[str],
    families: Callable[[QFontDatabase.WritingSystem], list[str]] | None = None,
) -> list[str]:
    """The scripts used in `texts` that no installed font covers, sorted.

    Args:
        families: the fonts for a writing system (default: the platform's).
    """
    families = families or _installed
    return sorted(
        name
        for name in scripts_in(texts)
        if name in WRITING_SYSTEMS and not families(WRITING_SYSTEMS[name])
    )


def missing_fonts_message(missing: list[str]) -> str:
    """One line naming the scripts without a font and what to install."""
    names = ", ".join(missing)
    fonts = ", ".join(SUGGESTED.get(m, f"Noto Sans {m}") for m in missing)
    return (
        f"no installed font can show the {names} text in this briefing (it would print as "
        f"empty boxes); install {fonts} and export again, or export as .odt"
    )


def require_fonts(
    doc: BriefingDocument,
    families: Callable[[QFontDatabase.WritingSystem], list[str]] | None = None,
) -> None:
    """Raises UserFacingError (one line) when a script of `doc` has no font here."""
    missing = missing_fonts(doc.texts(), families)
    if missing:
        raise UserFacingError(missing_fonts_message(missing))
