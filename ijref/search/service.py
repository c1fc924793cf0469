"""Queries against an index: text and filters in, ranked hits with snippets and facets out.

Lifecycle: `SearchService.open` checks the index against its checksum manifest
before Whoosh reads it, and rebuilds a missing or damaged one from the catalog's
records into a writable folder (the shipped index is never written). One
searcher serves every query and is refreshed when the index has changed; a lock
makes `search` safe to call from any one thread at a time (the app's worker).
"""

from __future__ import annotations

import shutil
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.query import And, AndNot, Phrase, Query, Term

from ijref.domain.errors import UserFacingError
from ijref.domain.records import Kind, Record
from ijref.search import integrity
from ijref.search.aliases import AliasTable, default_alias_file, load_alias_file
from ijref.search.direct import FieldLengths, top_scored
from ijref.search.docsets import DocSets
from ijref.search.highlight import snippet
from ijref.search.indexer import _sector_titles, build_index, load_aliases
from ijref.search.querying import FILTER_FIELDS, ParsedQuery, QueryParser, Word, filter_keys
from ijref.search.results import Hit, Results
from ijref.search.schema import EDGE_MAX, schema, word_analyzer
from ijref.search.tuning import TUNING, Tuning
from ijref.search.vocabulary import Vocabulary, load_words

__all__ = ["Hit", "RecordsLoader", "Results", "SearchIndexError", "SearchService"]

RecordsLoader = Callable[[], Sequence[Record]]
# Matches of a query narrowed by AND, phrases or filters are ranked by visiting
# just them (see `direct`), however many; those of other queries, up to this many.
DIRECT_ALWAYS = 300
_ORIGIN_FILE = "origin.txt"
_FIELD_OF_FILTER = {"kind": "kind", "sector": "sector", "org": "org", "country": "country",
                    "year": "years"}  # fmt: skip


class SearchIndexError(UserFacingError):
    """The index cannot be used and cannot be rebuilt here; the message says what to run."""


def _open_index(index_dir: Path) -> Any:
    """Open a checked index folder.

    Opening unpickles the schema Whoosh keeps in the folder, so only folders the
    app made itself (the build's index or our own cache) may come here — never a
    folder a person or a data pack points at.
    """
    ix = FileStorage(str(index_dir), readonly=True).open_index()
    if set(ix.schema.names()) != set(schema().names()):
        ix.close()
        raise ValueError("the index has other fields")
    return ix


class SearchService:
    """One reused searcher over one index folder."""

    def __init__(
        self,
        index_dir: Path,
        *,
        notice: str = "",
        tuning: Tuning = TUNING,
        _rebuild: Callable[[], SearchService] | None = None,
    ) -> None:
        """Open `index_dir` as it is (see `open` for checking and rebuilding).

        Raises:
            SearchIndexError: when it cannot be opened.
        """
        self.index_dir = index_dir
        self.notice = notice
        try:
            self._ix = _open_index(index_dir)
            self._searcher = self._ix.searcher()
        except Exception as exc:
            raise SearchIndexError(
                f"the search index in {index_dir} cannot be opened ({exc}); run `ijref build` again"
            ) from None
        self._tuning = tuning
        self._aliases = load_aliases(index_dir)
        self._parser = QueryParser(self._ix.schema, self._aliases, tuning)
        self._stem = word_analyzer()
        self._lock = threading.Lock()
        self._sets = DocSets(self._searcher)
        self._lengths = FieldLengths(self._searcher)
        self._vocab: Vocabulary | None = None
        self._rebuild = _rebuild

    # ------------------------------------------------------------- lifecycle
    @classmethod
    def open(
        cls,
        index_dir: Path,
        *,
        records_loader: RecordsLoader | None = None,
        rebuild_dir: Path | None = None,
        alias_file: Path | None = None,
    ) -> SearchService:
        """Open an index, or rebuild it when it is missing or damaged.

        Call off the GUI thread: checking reads every file once, and a rebuild
        indexes every record.

        Args:
            index_dir: the build's index; only read.
            records_loader: gives the catalog's records for a rebuild.
            rebuild_dir: a writable folder of the app's own (the user cache) for a
                rebuilt index; it is replaced whole.
            alias_file: the curated alias table for a rebuild (default `db/aliases.toml`).

        Returns:
            The service; `service.notice` holds a one-line message when it rebuilt.

        Raises:
            SearchIndexError: when the index is unusable and no rebuild is possible.
        """
        problem = integrity.check(index_dir)
        if problem is None:
            try:
                return cls(index_dir)
            except SearchIndexError as exc:
                problem = f"cannot be opened ({exc})"
        if records_loader is None or rebuild_dir is None:
            raise SearchIndexError(
                f"the search index in {index_dir} is unusable ({problem}); run `ijref build` again"
            )
        origin = str(index_dir.resolve())
        if integrity.check(rebuild_dir) is None and _origin(rebuild_dir) == origin:
            try:
                return cls(rebuild_dir, notice="")
            except SearchIndexError:
                pass
        curated = load_alias_file(alias_file or default_alias_file())
        count = rebuild(records_loader(), rebuild_dir, curated, origin=origin)
        return cls(
            rebuild_dir,
            notice=f"The search index was unusable ({problem}); "
            f"rebuilt it from the catalog ({count} records).",
        )

    def close(self) -> None:
        with self._lock:
            self._searcher.close()
            self._ix.close()

    def __enter__(self) -> SearchService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _refresh(self) -> None:
        if self._searcher.up_to_date():
            return
        try:
            self._searcher = self._searcher.refresh()
        except TypeError:
            # Whoosh cannot refresh the reader of an empty index; open a new one.
            self._searcher.close()
            self._searcher = self._ix.searcher()
        self._sets = DocSets(self._searcher)
        self._lengths = FieldLengths(self._searcher)
        self._vocab = None

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
        its last word, when the index does not hold it as a word, also matches the
        starts of words of titles and names. Words the index does not hold are read
        as typos of the nearest words it does (`Results.corrected` says so), unless
        `correct` is False; while typing, a last word that starts indexed words is
        not a typo.

        Args:
            text: words, phrases, operators and filters (see `ijref.search.querying`).
            kind, sector, year, country, org: filters on top of those in the text;
                `year` may be a range `2015..2018`.
            limit: how many hits to return.
            as_you_type: the last word may be unfinished (it matches word starts).
            facets: also count matches by kind, sector, year and country.
            correct: read unknown words as typos of the nearest known ones.
        """
        parsed = self._parser.parse(text)
        extra = {"kind": kind, "sector": sector, "year": year, "country": country, "org": org}
        include = dict(parsed.include)
        for name, value in extra.items():
            if value is not None and str(value).strip():
                keys = filter_keys(name, str(value)) or ("\x00no-such-key",)
                include[name] = tuple(set(include.get(name, keys)) & set(keys)) or keys
        with self._lock:
            self._refresh()
            corrections: tuple[tuple[str, str], ...] = ()
            if correct:
                corrections = self._corrections(parsed, as_you_type)
                if corrections:
                    text = _replaced(text, parsed.words, dict(corrections))
                    parsed = self._parser.parse(text)
            query = parsed.query
            if as_you_type and query is not None and parsed.tail and not self._written(parsed.tail):
                query = self._parser.with_prefix(query, parsed.tail)
            results = self._search(query, parsed, include, max(1, limit), facets)
        if corrections:
            return replace(results, corrected=text, corrections=corrections)
        return results

    def _search(
        self,
        query: Query | None,
        parsed: ParsedQuery,
        include: Mapping[str, tuple[str, ...]],
        limit: int,
        facets: bool,
    ) -> Results:
        allowed = self._allowed(include, parsed.exclude)
        if query is None and not include and not parsed.exclude:
            return Results((), 0, {}, plain=parsed.plain)
        if query is None:
            docs = allowed if allowed is not None else self._sets.all()
            top = [(0.0, d) for d in self._newest_first(docs, limit)]
            return self._results(top, docs, None, facets, plain=parsed.plain)
        top, matched = self._run(query, allowed, limit)
        return self._results(top, matched, query, facets, plain=parsed.plain)

    def _run(
        self, query: Query, allowed: frozenset[int] | None, limit: int
    ) -> tuple[list[tuple[float, int]], frozenset[int]]:
        s = self._searcher
        if allowed is not None and not allowed:
            return [], frozenset()
        matched = self._sets.query(query)
        if allowed is not None:
            matched &= allowed
        narrowed = allowed is not None or _intersects(query)
        if s.is_atomic() and (narrowed or len(matched) <= DIRECT_ALWAYS):
            # The matches are a small part of what the terms' postings hold.
            ranked = top_scored(s, query, matched, limit, self._lengths, self._sets.postings)
            return ranked, matched
        if _has_phrase(query):
            # Phrases were checked position by position for `matched`; rank those
            # documents by their words rather than check every position again.
            query, allowed = _words_of_phrases(query), matched
        # Whoosh takes a plain set (not a frozenset) as a filter.
        found = s.search(
            query, limit=limit, filter=set(allowed) if allowed is not None else None, terms=False
        )
        top = [(float(score), int(docnum)) for score, docnum in found.top_n]
        return top, matched

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
                for fieldname, text in leaf.expanded_terms(self._searcher.reader()):
                    word = text.decode("utf-8") if isinstance(text, bytes) else str(text)
                    by_field.get(fieldname, stems).add(word)
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
                    snippet(f.get("summary", ""), stems, exact, starts),
                )
            )
        counts = self._facets(matched) if facets else {}
        return Results(tuple(hits), len(matched), counts, plain=plain)

    def has_record(self, record_id: str) -> bool:
        """Whether the index holds a record with this id."""
        with self._lock:
            return ("id", record_id) in self._searcher.reader()

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
        reader = self._searcher.reader()
        low = word.lower()
        return (
            ("title", stem) in reader
            or ("body", stem) in reader
            or ("name", low) in reader
            or low in self._vocabulary()
        )

    def _written(self, word: str) -> bool:
        """Whether `word` is written as it is in some record (not just a stem's start)."""
        low = word.lower()
        return low in self._vocabulary() or ("name", low) in self._searcher.reader()

    def _starts_words(self, word: str) -> bool:
        """Whether `word` starts a word of some title or name."""
        return ("complete", word.lower()[:EDGE_MAX]) in self._searcher.reader()

    def _corrections(self, parsed: ParsedQuery, as_you_type: bool) -> tuple[tuple[str, str], ...]:
        """(typed, nearest indexed word) for each word the index does not hold."""
        out: dict[str, str] = {}
        last = len(parsed.words) - 1
        for i, w in enumerate(parsed.words):
            word = w.text
            if word in out or self._known(word):
                continue
            if as_you_type and i == last and parsed.tail and self._starts_words(word):
                continue  # still being typed
            best = self._vocabulary().best(word.lower(), self._tuning.max_typos(word))
            if best is not None:
                out[word] = _same_case(word, best)
        return tuple(out.items())

    # --------------------------------------------------------- filters, facets
    def _keys(self, fieldname: str) -> list[str]:
        reader = self._searcher.reader()
        return [
            t.decode("utf-8") if isinstance(t, bytes) else str(t) for t in reader.lexicon(fieldname)
        ]

    def _docs(self, fieldname: str, key: str) -> frozenset[int]:
        return self._sets.term(fieldname, key)

    def _union(self, name: str, keys: Iterable[str]) -> frozenset[int]:
        fieldname = _FIELD_OF_FILTER[name]
        out: set[int] = set()
        for key in keys:
            found = self._docs(fieldname, key)
            if not found and name == "sector":
                # a partial slug ("health") stands for every sector it starts
                for k in self._keys("sector"):
                    if k.startswith(key) or k.startswith(f"sector/{key}"):
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
                allowed = self._sets.all()
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

    def _facets(self, matched: frozenset[int]) -> dict[str, dict[str, int]]:
        def count(
            fieldname: str, keys: Iterable[str], label: Callable[[str], str]
        ) -> dict[str, int]:
            found = {label(k): len(matched & self._docs(fieldname, k)) for k in keys}
            return dict(sorted(((k, n) for k, n in found.items() if n), key=lambda kv: -kv[1]))

        return {
            "kind": count("kind", [k.value for k in Kind], str),
            "sector": count(
                "sector", [k for k in self._keys("sector") if k.startswith("sector/")], str
            ),
            "year": count("year", [k for k in self._keys("year") if k], str),
            "country": count("country", self._keys("country"), str.upper),
        }


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


def _intersects(q: Query) -> bool:
    return isinstance(q, (And, AndNot, Phrase)) or any(_intersects(c) for c in q.children())


def _has_phrase(q: Query) -> bool:
    return isinstance(q, Phrase) or any(_has_phrase(c) for c in q.children())


def _words_of_phrases(q: Query) -> Query:
    """`q` with each phrase read as all of its words (for scoring known matches)."""
    if isinstance(q, Phrase):
        return And([Term(q.fieldname, w, boost=q.boost) for w in q.words])
    if q.is_leaf():
        return q
    return q.apply(_words_of_phrases)


def _origin(folder: Path) -> str:
    try:
        return (folder / _ORIGIN_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def rebuild(
    records: Sequence[Record], rebuild_dir: Path, curated: Sequence[Sequence[str]], *, origin: str
) -> int:
    """Index `records` into `rebuild_dir`, replacing it whole; returns the count.

    Only ever called with the app's own cache folder: it deletes what was there.
    """
    rebuild_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = rebuild_dir.parent / f".{rebuild_dir.name}.tmp-{uuid.uuid4().hex}"
    try:
        count = build_index(
            records,
            tmp,
            aliases=AliasTable.for_records(curated, records),
            sector_titles=_sector_titles(records),
        )
        (tmp / _ORIGIN_FILE).write_text(origin + "\n", encoding="utf-8")
        if rebuild_dir.exists():
            shutil.rmtree(rebuild_dir)
        tmp.rename(rebuild_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return count
