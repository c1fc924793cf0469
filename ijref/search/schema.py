"""The Whoosh schema and its analysers: one place that says how text is indexed.

Fields:
    title, body: stemmed words (body: summary, parties, place, type, notes).
    name: short name, aliases and party acronyms as exact lower-case words.
    alias: canonical alias tokens (see `aliases`), exact.
    label: each whole name (title, short name, alias) as one token, so that a
        query that is exactly a record's name puts that record first.
    complete: edge n-grams (1..`EDGE_MAX` letters) of the unstemmed words of
        titles and names, for search-as-you-type without prefix expansion.
    kind, sector, country, org, years, year: filter and facet keys, exact.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import (
    Analyzer,
    LowercaseFilter,
    NgramFilter,
    RegexTokenizer,
    StopFilter,
    Token,
    Tokenizer,
)
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Frequency, Positions
from whoosh.lang.porter import stem as porter_stem
from whoosh.system import pack_uint

__all__ = [
    "EDGE_MAX",
    "SCHEMA_VERSION",
    "STOP_WORDS",
    "TEXT_FIELDS",
    "WordAnalyzer",
    "edge_analyzer",
    "exact_analyzer",
    "schema",
    "word_analyzer",
]

# Bump when fields or analysers change: an index of another version is rebuilt.
SCHEMA_VERSION = 5
# Longest prefix the as-you-type field holds; longer typed prefixes are cut to it.
EDGE_MAX = 8
# Words of questions people type ("what did we sign on forestry") that carry no topic.
_STOPS_TEXT = """a an and are as at be by can for from have if in is it may not of on or that
the this to us we when will with yet you your what which who whom did do does done how about
our there their they was were any all"""
_EXTRA_STOPS = frozenset(_STOPS_TEXT.split())
# The words no stemmed field holds.
STOP_WORDS = _EXTRA_STOPS
TEXT_FIELDS = ("title", "name", "alias", "body")


_WORD = re.compile(r"\w+(?:\.?\w+)*")
# Module level, not on the analyser: Whoosh pickles analysers into the index.
_stem = lru_cache(maxsize=200_000)(porter_stem)


class WordAnalyzer(Tokenizer):  # type: ignore[misc]
    """Words, lower-cased, stop words dropped, Porter-stemmed: in one pass.

    The same tokens as Whoosh's `StemmingAnalyzer` (its pattern; positions
    renumbered over dropped stop words), without a generator per filter:
    indexing spends much of its time here.
    """

    def __init__(self, stoplist: frozenset[str] = _EXTRA_STOPS) -> None:
        self.stoplist = stoplist

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordAnalyzer) and other.stoplist == self.stoplist

    def __hash__(self) -> int:
        return hash(self.stoplist)

    def __call__(  # Whoosh passes these positionally
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        stops = self.stoplist
        matches = _WORD.finditer(value) if tokenize else iter([None])
        pos = start_pos
        for m in matches:
            original = m.group() if m is not None else value
            word = original.lower()
            stopped = word in stops
            if stopped and removestops:
                continue  # and, like Whoosh's StopFilter, renumber the rest
            t.stopped = stopped
            t.text = word if stopped else _stem(word)
            t.boost = 1.0
            if keeporiginal:
                t.original = original
            if positions:
                t.pos = pos
            if chars:
                start = start_char + (m.start() if m is not None else 0)
                t.startchar, t.endchar = start, start + len(original)
            yield t
            pos += 1

    def stems(self, value: str) -> Iterator[str]:
        """Just the indexed words of `value`, in order (what indexing needs)."""
        stops = self.stoplist
        for m in _WORD.finditer(value):
            word = m.group().lower()
            if word not in stops:
                yield _stem(word)


class WordPositions(Positions):  # type: ignore[misc]
    """Whoosh's `Positions` postings, made without Token objects for `WordAnalyzer`.

    The encoded values are exactly `Positions.encode`'s, so reading is unchanged;
    the encodings of the usual one-position postings are cached.
    """

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[Any]:
        if not isinstance(analyzer, WordAnalyzer) or not isinstance(value, str):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        stops = analyzer.stoplist
        # list comprehensions, not a generator per word: indexing spends much time here
        lowered = [w.lower() for w in _WORD.findall(value)]
        poses: dict[str, list[int]] = {}
        for pos, word in enumerate([_stem(w) for w in lowered if w not in stops]):
            found = poses.get(word)
            if found is None:
                poses[word] = [pos]
            else:
                found.append(pos)
        fb = self.field_boost
        yield from [
            (word, len(plist), len(plist) * fb, _encoded(self, plist))
            for word, plist in poses.items()
        ]


_ONE_POSITION: dict[int, bytes] = {}


def _encoded(fmt: Positions, plist: list[int]) -> bytes:
    if len(plist) == 1:
        cached = _ONE_POSITION.get(plist[0])
        if cached is None:
            cached = _ONE_POSITION[plist[0]] = fmt.encode(plist)
        return cached
    out: bytes = fmt.encode(plist)
    return out


class EdgeFrequency(Frequency):  # type: ignore[misc]
    """Whoosh's `Frequency` postings of `edge_analyzer`'s word starts, made in one pass.

    The same (word start, frequency, weight, encoding) as `Frequency.word_values`
    over `edge_analyzer()`, without its chain of generators and Token objects.
    """

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Any:
        if not isinstance(value, str) or kwargs.get("mode", "index") != "index":
            return super().word_values(value, analyzer, **kwargs)
        stops = _EXTRA_STOPS
        freqs: dict[str, int] = {}
        for word in [w.lower() for w in _WORD.findall(value)]:
            if word not in stops:
                for size in range(1, min(EDGE_MAX, len(word)) + 1):
                    start = word[:size]
                    freqs[start] = freqs.get(start, 0) + 1
        fb = self.field_boost
        return [(w, n, n * fb, pack_uint(n)) for w, n in freqs.items()]


class Text(TEXT):  # type: ignore[misc]
    """Whoosh's `TEXT`, whose terms for the writer come as one list, not a generator:
    the writer asks for well over a million of them at 10,000 records."""

    def index(self, value: Any, **kwargs: Any) -> Any:
        if not isinstance(value, str):
            return super().index(value, **kwargs)
        kwargs.setdefault("mode", "index")
        return [
            (w.encode("utf-8"), freq, weight, vbytes)
            for w, freq, weight, vbytes in self.format.word_values(value, self.analyzer, **kwargs)
        ]


def word_analyzer() -> Analyzer:
    """Stemmed, lower-cased words without stop words."""
    return WordAnalyzer()


def exact_analyzer() -> Analyzer:
    """Lower-cased whole words, no stemming (acronyms, names)."""
    return RegexTokenizer() | LowercaseFilter()


def edge_analyzer() -> Analyzer:
    """Word starts of 1..EDGE_MAX letters, unstemmed, stop words dropped."""
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | StopFilter(stoplist=_EXTRA_STOPS, minsize=1)
        | NgramFilter(minsize=1, maxsize=EDGE_MAX, at="start")
    )


def _words_field(stored: bool = False) -> TEXT:
    field = Text(stored=stored, analyzer=word_analyzer())
    field.format = WordPositions(field_boost=field.format.field_boost)
    return field


def _edge_field() -> TEXT:
    field = Text(analyzer=edge_analyzer(), phrase=False)
    field.format = EdgeFrequency(field_boost=field.format.field_boost)
    return field


def schema() -> Schema:
    """The one schema of every ijref index."""
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        title=_words_field(stored=True),
        name=TEXT(analyzer=exact_analyzer()),
        alias=KEYWORD(),
        label=KEYWORD(),
        body=_words_field(),
        complete=_edge_field(),
        sector=KEYWORD(),
        sectors=STORED(),
        country=KEYWORD(lowercase=True),
        org=KEYWORD(lowercase=True),
        years=KEYWORD(),
        year=ID(),
        date=STORED(),
        summary=STORED(),
    )
