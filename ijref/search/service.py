"""Queries against an index: text and filters in, ranked hits with snippets and facets out.

Open a service with `ijref.search.opening.open_search`, which checks the index
(and rebuilds a damaged one) before Whoosh reads anything. One searcher serves
every query; a lock makes `search` safe to call from any one thread at a time
(the app's worker). Every query is matched and ranked by one `Scorer`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.query import Query

from ijref.domain.errors import UserFacingError
from ijref.domain.records import Kind
from ijref.search.highlight import Highlighter
from ijref.search.indexer import load_aliases
from ijref.search.querying import FILTER_FIELDS, ParsedQuery, QueryParser, Word, filter_keys
from ijref.search.results import Hit, Results
from ijref.search.schema import EDGE_MAX, schema
from ijref.search.scoring import Scorer
from ijref.search.tuning import TUNING, Tuning
from ijref.search.vocabulary import Vocabulary, load_words
from ijref.search.weighting import Ranking

__all__ = ["Hit", "Plan", "Results", "SearchIndexError", "SearchService"]

_FIELD_OF_FILTER = {"kind": "kind", "sector": "sector", "org": "org", "country": "country",
                    "year": "years"}  # fmt: skip
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Plan:
    """A query as `SearchService.search` runs it.

    Attributes:
        query: the scored query (None: filters only).
        allowed: the documents the filters allow (None: no filter).
        text: the text searched (corrected, cut to the limits).
        corrections: each (word typed, word searched instead).
        notice: what was cut, or "".
        plain: the query language did not parse; the text was read as plain words.
    """

    query: Query | None
    allowed: frozenset[int] | None
    text: str
    corrections: tuple[tuple[str, str], ...]
    notice: str
    plain: bool


class SearchIndexError(UserFacingError):
    """The index cannot be used and cannot be rebuilt here; the message says what to run."""


def _open_index(index_dir: Path) -> Any:
    """Open a checked index folder.

    Opening unpickles the schema Whoosh keeps in the folder (and reading a
    posting block unpickles it), so only folders the app made itself and has
    checked may come here (see `opening`) — never a folder a person or a data
    pack points at.
    """
    ix = FileStorage(str(index_dir), readonly=True).open_index()
    if set(ix.schema.names()) != set(schema().names()):
        ix.close()
        raise ValueError("the index has other fields")
    return ix


def clean_text(text: str) -> str:
    """`text` with what cannot be written as UTF-8 (lone surrogates) replaced by `?`.

    A command line passes undecodable bytes as lone surrogates; Whoosh encodes
    every term as UTF-8.
    """
    return text.encode("utf-8", "replace").decode("utf-8")


class SearchService:
    """One reused searcher over one checked index folder."""

    def __init__(self, index_dir: Path, *, notice: str = "", tuning: Tuning = TUNING) -> None:
        """Open `index_dir` as it is: only a folder `opening` has checked.

        Raises:
            SearchIndexError: when it cannot be opened.
        """
        self.index_dir = index_dir
        self.notice = notice
        try:
            self._ix = _open_index(index_dir)
            self._searcher = self._ix.searcher(weighting=Ranking(tuning.kind_priors))
        except Exception as exc:
            raise SearchIndexError(
                f"the search index in {index_dir} cannot be opened ({exc}); run `ijref build` again"
            ) from None
        self._reader = self._searcher.reader()
        self._tuning = tuning
        self._parser = QueryParser(self._ix.schema, load_aliases(index_dir), tuning)
        self._scorer = Scorer(self._searcher, tuning)
        self._lock = threading.Lock()
        self._vocab: Vocabulary | None = None
        self._facet_keys: dict[str, tuple[tuple[str, frozenset[int]], ...]] | None = None

    def close(self) -> None:
        with self._lock:
            self._searcher.close()
            self._ix.close()

    def __enter__(self) -> SearchService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- search
    def search(
        self,
        text: str,
        *,
        kind: str | None = None,
        sector: str | None = None,
        limit: int = 20,
        year: int | str | None = None,
        country: str | None = None,
        org: str | None = None,
        as_you_type: bool = False,
        facets: bool = False,
        correct: bool = True,
    ) -> Results:
        """Search; never raises for anything typed.

        A query typed (`as_you_type`) ranks as the same query finished, except that
        its last word, when no record holds it as written, also matches the starts
        of words of titles and names. Words no record holds are read as typos of
        the nearest words that some record does (`Results.corrected` says so),
        unless `correct` is False; while typing, a last word that starts words of
        titles or names is not a typo. A query longer than the limits of `Tuning`
        is cut, and `Results.notice` says so.

        Args:
            text: words, phrases, operators and filters (see `ijref.search.querying`).
            kind, sector, year, country, org: filters on top of those in the text;
                `year` may be a range `2015..2018`.
            limit: how many hits to return.
            as_you_type: the last word may be unfinished (it matches word starts).
            facets: also count matches by kind, sector, year and country.
            correct: read unknown words as typos of the nearest known ones.
        """
        plan = self.plan(
            text,
            kind=kind,
            sector=sector,
            year=year,
            country=country,
            org=org,
            as_you_type=as_you_type,
            correct=correct,
        )
        with self._lock:
            if plan.query is None and plan.allowed is None:
                results = Results((), 0, {}, plain=plan.plain)
            elif plan.query is None:
                docs = plan.allowed if plan.allowed is not None else self._scorer.all_docs()
                top = [(0.0, d) for d in self._newest_first(docs, max(1, limit))]
                results = self._results(top, docs, None, facets, plain=plan.plain)
            else:
                top, matched = self._scorer.top(plan.query, plan.allowed, max(1, limit))
                results = self._results(top, matched, plan.query, facets, plain=plan.plain)
        return replace(
            results,
            corrected=plan.text if plan.corrections else "",
            corrections=plan.corrections,
            notice=plan.notice,
        )

    def plan(
        self,
        text: str,
        *,
        kind: str | None = None,
        sector: str | None = None,
        year: int | str | None = None,
        country: str | None = None,
        org: str | None = None,
        as_you_type: bool = False,
        correct: bool = True,
    ) -> Plan:
        """What `search` runs for these arguments: the Whoosh query and the documents
        the filters allow (for tests that check the ranking against Whoosh's own)."""
        text, notices = self._bounded(clean_text(text))
        parsed = self._parser.parse(text)
        extra = {"kind": kind, "sector": sector, "year": year, "country": country, "org": org}
        include = dict(parsed.include)
        for name, value in extra.items():
            if value is not None and str(value).strip():
                keys = filter_keys(name, clean_text(str(value))) or ("\x00no-such-key",)
                include[name] = tuple(set(include.get(name, keys)) & set(keys)) or keys
        with self._lock:
            corrections: tuple[tuple[str, str], ...] = ()
            if correct:
                corrections, too_long = self._corrections(parsed, as_you_type)
                if too_long:
                    notices.append(
                        f"words over {self._tuning.max_typo_letters} letters are not corrected"
                    )
                if corrections:
                    text = _replaced(text, parsed.words, dict(corrections))
                    parsed = self._parser.parse(text)
            query = parsed.query
            if as_you_type and query is not None and parsed.tail and not self._written(parsed.tail):
                query = self._parser.with_prefix(query, parsed.tail)
            filtered = bool(include or parsed.exclude)
            allowed = self._allowed(include, parsed.exclude) if filtered else None
        return Plan(query, allowed, text, corrections, "; ".join(notices), parsed.plain)

    def _bounded(self, text: str) -> tuple[str, list[str]]:
        """`text` cut to the limits of `Tuning`, and what was cut."""
        t = self._tuning
        notices: list[str] = []
        if len(text) > t.max_query_chars:
            text = text[: t.max_query_chars]
            notices.append(f"only its first {t.max_query_chars} characters were searched")
        for i, m in enumerate(_WORD.finditer(text)):
            if i == t.max_query_words:
                text = text[: m.start()].rstrip()
                notices.append(f"only its first {t.max_query_words} words were searched")
                break
        return text, notices

    def _results(
        self,
        top: list[tuple[float, int]],
        matched: frozenset[int],
        query: Query | None,
        facets: bool,
        *,
        plain: bool,
    ) -> Results:
        stems: set[str] = set()
        exact: set[str] = set()
        starts: set[str] = set()
        if query is not None:
            # Not Query.existing_terms: in Whoosh 2.7 it keeps only the first leaf's field.
            by_field = {"name": exact, "complete": starts}
            for leaf in query.leaves():
                for fieldname, text in leaf.expanded_terms(self._reader):
                    word = text.decode("utf-8") if isinstance(text, bytes) else str(text)
                    by_field.get(fieldname, stems).add(word)
        highlighter = Highlighter(stems, exact, starts)
        hits = []
        for score, docnum in top:
            f = self._searcher.stored_fields(docnum)
            hits.append(
                Hit(
                    f["id"],
                    f["kind"],
                    f["title"],
                    tuple(f.get("sectors", ())),
                    score,
                    f.get("date", ""),
                    highlighter.snippet(f.get("summary", "")),
                )
            )
        counts = self._facets(matched) if facets else {}
        return Results(tuple(hits), len(matched), counts, plain=plain)

    def has_record(self, record_id: str) -> bool:
        """Whether the index holds a record with this id."""
        with self._lock:
            return ("id", record_id) in self._reader

    # ------------------------------------------------------------- typos
    def _vocabulary(self) -> Vocabulary:
        if self._vocab is None:
            self._vocab = Vocabulary(load_words(self.index_dir))
        return self._vocab

    def _known(self, word: str) -> bool:
        """Whether the index holds a typed word as a word (else it may be a typo)."""
        stem = self._parser.stem(word)
        if not stem:
            return True  # a stop word: nothing to correct
        low = word.lower()
        return (
            ("title", stem) in self._reader
            or ("body", stem) in self._reader
            or ("name", low) in self._reader
            or low in self._vocabulary()
        )

    def _written(self, word: str) -> bool:
        """Whether `word` is a word some record holds as written (not just a word's
        start, nor a stop word, which no field but names keeps)."""
        low = word.lower()
        if not self._parser.stem(low):
            return False
        return low in self._vocabulary() or ("name", low) in self._reader

    def _starts_words(self, word: str) -> bool:
        """Whether `word` starts a word of some title or name."""
        return ("complete", word.lower()[:EDGE_MAX]) in self._reader

    def _corrections(
        self, parsed: ParsedQuery, as_you_type: bool
    ) -> tuple[tuple[tuple[str, str], ...], bool]:
        """(typed, nearest written word) for each word no record holds; and whether a
        word was too long to correct."""
        out: dict[str, str] = {}
        too_long = False
        last = len(parsed.words) - 1
        for i, w in enumerate(parsed.words):
            word = w.text
            if word in out or self._known(word):
                continue
            if as_you_type and i == last and parsed.tail and self._starts_words(word):
                continue  # still being typed
            if len(word) > self._tuning.max_typo_letters:
                too_long = True
                continue
            best = self._vocabulary().best(word.lower(), self._tuning.max_typos(word))
            if best is not None:
                out[word] = _same_case(word, best)
        return tuple(out.items()), too_long

    # --------------------------------------------------------- filters, facets
    def _keys(self, fieldname: str) -> list[str]:
        return [
            t.decode("utf-8") if isinstance(t, bytes) else str(t)
            for t in self._reader.lexicon(fieldname)
        ]

    def _docs(self, fieldname: str, key: str) -> frozenset[int]:
        return self._scorer.docs(fieldname, key)

    def _union(self, name: str, keys: Iterable[str]) -> frozenset[int]:
        fieldname = _FIELD_OF_FILTER[name]
        out: set[int] = set()
        for key in keys:
            found = self._docs(fieldname, key)
            if not found and name == "sector":
                # a partial slug ("health") stands for every sector it starts
                for k in self._keys("sector"):
                    if k.startswith(key):
                        found = found | self._docs("sector", k)
            out |= found
        return frozenset(out)

    def _allowed(
        self, include: Mapping[str, tuple[str, ...]], exclude: Mapping[str, tuple[str, ...]]
    ) -> frozenset[int] | None:
        allowed: frozenset[int] | None = None
        for name in FILTER_FIELDS:
            if name in include:
                docs = self._union(name, include[name])
                allowed = docs if allowed is None else allowed & docs
        banned = frozenset().union(*(self._union(n, keys) for n, keys in exclude.items()))
        if banned:
            if allowed is None:
                allowed = self._scorer.all_docs()
            allowed -= banned
        return allowed

    def _newest_first(self, docs: frozenset[int], limit: int) -> list[int]:
        out: list[int] = []
        for key in sorted(self._keys("year"), reverse=True):
            out += sorted(docs & self._docs("year", key))
            if len(out) >= limit:
                return out[:limit]
        rest = sorted(docs.difference(out))
        return (out + rest)[:limit]

    def _facet_sets(self) -> dict[str, tuple[tuple[str, frozenset[int]], ...]]:
        """Each facet's labels and their documents, read once (the index never changes):
        a query's facets are then set intersections, with no lexicon read."""
        if self._facet_keys is None:

            def sets(
                fieldname: str, keys: Iterable[str], label: Callable[[str], str]
            ) -> tuple[tuple[str, frozenset[int]], ...]:
                return tuple((label(k), self._docs(fieldname, k)) for k in keys)

            self._facet_keys = {
                "kind": sets("kind", [k.value for k in Kind], str),
                "sector": sets("sector", self._keys("sector"), str),
                "year": sets("year", [k for k in self._keys("year") if k], str),
                "country": sets("country", self._keys("country"), str.upper),
            }
        return self._facet_keys

    def _facets(self, matched: frozenset[int]) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for name, keyed in self._facet_sets().items():
            found = ((label, len(matched & docs)) for label, docs in keyed)
            counts[name] = dict(sorted(((k, n) for k, n in found if n), key=lambda kv: -kv[1]))
        return counts


def _same_case(typed: str, word: str) -> str:
    """`word` written as `typed` was: JAXSA → JAXA, Hiroshma → Hiroshima."""
    if typed.isupper() and len(typed) > 1:
        return word.upper()
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _replaced(text: str, words: Sequence[Word], corrections: Mapping[str, str]) -> str:
    """`text` with every occurrence of each corrected word replaced in place."""
    out = text
    for w in sorted(words, key=lambda w: -w.start):
        if w.text in corrections:
            out = out[: w.start] + corrections[w.text] + out[w.end :]
    return out
