"""The alias table: names that mean the same thing, matched as whole words.

Each group of forms (``MoU`` / ``Memorandum of Understanding``) gets one
canonical token. At index time a record carries the token of every form found
in its names; at query time the token of every form found in the query is
searched too, so any form finds records written with any other.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ijref.domain.errors import UserFacingError
from ijref.domain.records import Kind, Record

__all__ = ["AliasTable", "load_alias_file", "words"]

_WORD = re.compile(r"[^\W_]+|&")
# A form written like an acronym (IA, MoU, JAXA) matches record text only in that
# spelling: "ia" or "pm" inside ordinary prose must not count.
_ACRONYM_MAX = 6


def words(text: str) -> list[str]:
    """The words of `text` with their case kept; `&` reads as `and`."""
    return ["and" if w == "&" else w for w in _WORD.findall(text)]


def _is_acronym(form_words: Sequence[str]) -> bool:
    return (
        len(form_words) == 1
        and len(form_words[0]) <= _ACRONYM_MAX
        and any(c.isupper() for c in form_words[0])
    )


@dataclass(frozen=True, slots=True)
class _Form:
    token: str
    exact: tuple[str, ...] | None  # the spelling required in record text, if any


@dataclass(slots=True)
class AliasTable:
    """Groups of equivalent names, each with one canonical token."""

    groups: list[list[str]] = field(default_factory=list)
    _forms: dict[tuple[str, ...], list[_Form]] = field(default_factory=dict)
    _longest: int = 0

    @classmethod
    def from_groups(cls, groups: Iterable[Sequence[str]]) -> AliasTable:
        """A table from groups of forms; groups sharing a form are merged."""
        merged: list[list[str]] = []
        index: dict[tuple[str, ...], int] = {}
        for group in groups:
            forms = [f for f in group if words(f)]
            keys = {tuple(w.lower() for w in words(f)) for f in forms}
            hits = sorted({index[k] for k in keys if k in index})
            if hits:
                target = hits[0]
                for other in hits[1:]:
                    merged[target].extend(merged[other])
                    merged[other] = []
                merged[target].extend(forms)
            else:
                target = len(merged)
                merged.append(list(forms))
            for i, g in enumerate(merged):
                for f in g:
                    index[tuple(w.lower() for w in words(f))] = i
        table = cls()
        for group_forms in merged:
            if not group_forms:
                continue
            table.groups.append(list(dict.fromkeys(group_forms)))
            token = "_".join(w.lower() for w in words(group_forms[0]))
            for f in group_forms:
                ws = tuple(words(f))
                key = tuple(w.lower() for w in ws)
                entry = _Form(token, ws if _is_acronym(ws) else None)
                if entry not in table._forms.setdefault(key, []):
                    table._forms[key].append(entry)
                table._longest = max(table._longest, len(key))
        return table

    @classmethod
    def for_records(cls, curated: Iterable[Sequence[str]], records: Iterable[Record]) -> AliasTable:
        """The curated groups plus each organization's acronym, full name and aliases."""
        groups = [list(g) for g in curated]
        for r in records:
            if r.kind is Kind.ORGANIZATION:
                groups.append([f for f in (r.short_name, r.title, *r.aliases) if f])
        return cls.from_groups(groups)

    def __len__(self) -> int:
        return len({f.token for forms in self._forms.values() for f in forms})

    def _scan(self, text: str, *, strict: bool) -> set[str]:
        ws = words(text)
        low = [w.lower() for w in ws]
        found: set[str] = set()
        for i in range(len(ws)):
            for n in range(1, min(self._longest, len(ws) - i) + 1):
                for form in self._forms.get(tuple(low[i : i + n]), ()):
                    if strict and form.exact is not None and tuple(ws[i : i + n]) != form.exact:
                        continue
                    found.add(form.token)
        return found

    def tokens_in_record_text(self, text: str) -> set[str]:
        """Canonical tokens of the forms written in a record's text (acronyms case-exact)."""
        return self._scan(text, strict=True)

    def tokens_in_query(self, text: str) -> set[str]:
        """Canonical tokens of the forms a person typed (any case)."""
        return self._scan(text, strict=False)


def load_alias_file(path: Path) -> list[list[str]]:
    """The groups of a curated alias file; a missing file is an empty table.

    Raises:
        UserFacingError: when the file is not valid TOML or not `[[group]] forms = [...]`.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserFacingError(f"cannot read the alias table {path} ({exc}); fix the file") from None
    groups = data.get("group", [])
    if not isinstance(groups, list) or not all(
        isinstance(g, dict)
        and isinstance(g.get("forms"), list)
        and all(isinstance(f, str) for f in g["forms"])
        for g in groups
    ):
        raise UserFacingError(
            f'the alias table {path} must hold [[group]] tables with forms = ["…", …]; fix it'
        )
    return [list(g["forms"]) for g in groups]
