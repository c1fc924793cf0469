"""The indexed words in memory, for "is this a word?" and "which words are near it?".

Whoosh answers both by seeking through its term table on disk, a few hundred
reads per question. Typo tolerance asks them for every word typed, so the
stemmed words of titles and summaries are read once per searcher into a set,
with an index of their one-letter deletions (the symmetric-delete method):
words within one or two edits of a typed word are found with a few dictionary
look-ups and checked with a true edit distance.
"""

from __future__ import annotations

from collections.abc import Iterable

from whoosh.support.levenshtein import damerau_levenshtein

__all__ = ["Vocabulary"]

_MIN = 3


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Vocabulary:
    """A set of words with a nearest-words search."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(words)
        self._near: dict[str, list[str]] = {}
        for w in self.words:
            if len(w) < _MIN or w.isdigit():
                continue
            for key in (w, *_deletes(w)):
                self._near.setdefault(key, []).append(w)

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def near(self, word: str, maxdist: int) -> list[tuple[int, str]]:
        """Indexed words within `maxdist` edits of `word` (not itself), nearest first."""
        if maxdist < 1 or len(word) < _MIN:
            return []
        keys = {word} | _deletes(word)
        if maxdist > 1:
            keys |= {d2 for d in list(keys) for d2 in _deletes(d)}
        found: dict[str, int] = {}
        for key in keys:
            for cand in self._near.get(key, ()):
                if cand != word and cand not in found and abs(len(cand) - len(word)) <= maxdist:
                    dist = damerau_levenshtein(cand, word)
                    if dist <= maxdist:
                        found[cand] = dist
        return sorted((d, w) for w, d in found.items())
