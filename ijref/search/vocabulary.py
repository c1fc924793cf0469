"""The words of the records as written, for correcting a typed word to the nearest one.

The index holds stems ("cooperation" → "cooper"), which are neither what a
person typed nor what to show back to them; so the build keeps the words of
titles, names and summaries as written (lower case, with how many records hold
each) in a file beside the index (`WORDS_FILE`). Words within one or two edits
of a typed word are found through an index of one-letter deletions (the
symmetric-delete method: a few dictionary look-ups per question) and checked
with a true edit distance.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from whoosh.support.levenshtein import damerau_levenshtein

__all__ = ["WORDS_FILE", "Vocabulary", "WordCounter", "load_words"]

# Beside the index: {"words": {word: number of records holding it}}.
WORDS_FILE = "words.json"
_MIN = 3
_LETTERS = re.compile(r"[^\W\d_]{3,}")


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class WordCounter:
    """Counts, record by record, the records each written word appears in."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def add(self, texts: Iterable[str]) -> None:
        """The texts of one record (title, names, summary…)."""
        found: set[str] = set()
        for text in texts:
            if text:
                found.update(_LETTERS.findall(text.lower()))
        self.counts.update(found)

    def save(self, index_dir: Path) -> None:
        data = {"words": dict(sorted(self.counts.items()))}
        (index_dir / WORDS_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def load_words(index_dir: Path) -> dict[str, int]:
    """The written words an index was built with (none if the file is missing or damaged)."""
    try:
        data = json.loads((index_dir / WORDS_FILE).read_text(encoding="utf-8"))
        words = data["words"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if not isinstance(words, dict):
        return {}
    return {w: n for w, n in words.items() if isinstance(w, str) and isinstance(n, int)}


class Vocabulary:
    """Written words with how many records hold each, and a nearest-word search."""

    def __init__(self, counts: Mapping[str, int]) -> None:
        self.counts = dict(counts)
        self._index: dict[str, list[str]] | None = None

    def _deletes_index(self) -> dict[str, list[str]]:
        """Each word and its one-letter deletions → the words (made at the first typo)."""
        if self._index is None:
            index: dict[str, list[str]] = {}
            for w in self.counts:
                if len(w) < _MIN:
                    continue
                for key in (w, *_deletes(w)):
                    index.setdefault(key, []).append(w)
            self._index = index
        return self._index

    def __contains__(self, word: object) -> bool:
        return word in self.counts

    def near(self, word: str, maxdist: int) -> list[tuple[int, str]]:
        """Words within `maxdist` edits of `word` (not itself), nearest first."""
        if maxdist < 1 or len(word) < _MIN:
            return []
        keys = {word} | _deletes(word)
        if maxdist > 1:
            keys |= {d2 for d in list(keys) for d2 in _deletes(d)}
        found: dict[str, int] = {}
        index = self._deletes_index()
        for key in keys:
            for cand in index.get(key, ()):
                if cand != word and cand not in found and abs(len(cand) - len(word)) <= maxdist:
                    dist = damerau_levenshtein(cand, word)
                    if dist <= maxdist:
                        found[cand] = dist
        return sorted((d, w) for w, d in found.items())

    def best(self, word: str, maxdist: int) -> str | None:
        """The nearest word to `word`; among equally near ones, the one most records hold."""
        near = self.near(word, maxdist)
        if not near:
            return None
        closest = near[0][0]
        return max((w for d, w in near if d == closest), key=lambda w: (self.counts[w], w))
