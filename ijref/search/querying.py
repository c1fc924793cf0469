"""The query language: text a person types → a Whoosh query plus filters.

Accepted: words, "phrases", AND / OR / NOT, parentheses, and the filters
`kind:`, `sector:`, `org:`, `country:`, `year:` (`year:2018`, `year:2015..2018`),
each also negated with a leading `-` or `NOT`. Filters narrow the results and
never score: several values of one filter are alternatives, different filters
all apply. Anything else is accepted too: where the operators do not parse, the
text is read as plain words, so `parse` never raises.

Words are OR-ed, each scored by BM25F in every text field, and the scores
summed. Whoosh's OR can scale a sum by a "coordination" factor, (n - 1) / n for
n of the query's terms the index holds; it is not used: with one term held
(a word found only in summaries) it makes every score 0, and Whoosh's searcher
recounts n as terms run out, so a document's score would depend on where it
sits in the index.

A query is always parsed as finished. While typing, the service may let the
last word also match word starts (`QueryParser.with_prefix`); that is the only
difference between a query typed and the same query finished.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import qparser
from whoosh.fields import Schema
from whoosh.query import And, AndMaybe, AndNot, Not, NullQuery, Or, Query, Term

from ijref.search.aliases import AliasTable, words
from ijref.search.indexer import org_key
from ijref.search.schema import EDGE_MAX, word_analyzer
from ijref.search.tuning import TUNING, Tuning

__all__ = [
    "FILTER_FIELDS",
    "ParsedQuery",
    "QueryParser",
    "Word",
    "filter_keys",
    "has_operators",
]

FILTER_FIELDS = ("kind", "sector", "org", "country", "year")
_SIGN = re.compile(r"\b(sign|signs|signed|signing|agreements?)\b", re.IGNORECASE)
_MEET = re.compile(
    r"\b(meet|meets|met|meeting|meetings|visit|visits|visited|workshops?|seminars?|"
    r"symposium|symposia|webinars?|launch|launched)\b",
    re.IGNORECASE,
)
_FILTER = re.compile(
    r"(?:(?<=\s)|^)(?P<neg>-|NOT\s+)?(?P<field>kind|sector|org|country|year):"
    r'(?:"(?P<quoted>[^"]*)"?|(?P<value>[^\s()"]+))',
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+")
_TAIL = re.compile(r"[^\W_]+$")
_YEAR_RANGE = re.compile(r"^(\d{4})?(?:\.\.|–|-)(\d{4})?$")
_YEAR = re.compile(r"^\d{4}$")
# a year among the words of a question: "what did we sign in 2017"
_YEAR_WORD = re.compile(r"(?<![\w.])(19[5-9]\d|20\d\d)(?![\w.])")
_LONGEST_YEAR_RANGE = 300
_KINDS = {
    "agreement": "agreement",
    "programme": "programme",
    "program": "programme",
    "event": "event",
    "meeting": "event",
    "organization": "organization",
    "organisation": "organization",
    "org": "organization",
    "sector": "sector",
}
_COUNTRIES = {"india": "in", "indian": "in", "japan": "jp", "japanese": "jp"}
_OPERATORS = re.compile(r'\b(AND|OR|NOT)\b|["()]')


@dataclass(frozen=True, slots=True)
class Word:
    """A word of the query text and where it stands in that text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """What a query text asks for.

    Attributes:
        query: the scored part, or None when the text holds only filters.
        include: filter field → keys, any of which a hit must carry.
        exclude: filter field → keys no hit may carry.
        words: the words typed outside filters, with their place in the text.
        plain: True when the text fell back to plain words.
        tail: the last word when the text ends in it (no space, quote or
            bracket after it): the word a person may still be typing.
    """

    query: Query | None
    include: dict[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: dict[str, tuple[str, ...]] = field(default_factory=dict)
    words: tuple[Word, ...] = ()
    plain: bool = False
    tail: str = ""


def _kind_key(value: str) -> str:
    v = value.lower().rstrip("s") if value.lower() not in _KINDS else value.lower()
    return _KINDS.get(v, _KINDS.get(value.lower(), v))


def filter_keys(field_name: str, value: str) -> tuple[str, ...] | None:
    """The index keys a filter value stands for; None when it is not a valid value."""
    value = value.strip()
    if not value:
        return None
    if field_name == "kind":
        return (_kind_key(value),)
    if field_name == "sector":
        v = value.lower().replace(" ", "-")
        return (v if v.startswith("sector/") else f"sector/{v}",)
    if field_name == "org":
        key = org_key(value.split("/", 1)[-1])
        return (key,) if key else None
    if field_name == "country":
        v = value.lower()
        return (_COUNTRIES.get(v, v),)
    if _YEAR.match(value):
        return (value,)
    m = _YEAR_RANGE.match(value)
    if m and (m.group(1) or m.group(2)):
        lo = int(m.group(1) or 1900)
        hi = int(m.group(2) or 2100)
        lo, hi = min(lo, hi), max(lo, hi)
        hi = min(hi, lo + _LONGEST_YEAR_RANGE)
        return tuple(str(y) for y in range(lo, hi + 1))
    return None


class QueryParser:
    """Turns query text into a `ParsedQuery`; one per searcher's schema and alias table."""

    def __init__(self, schema: Schema, aliases: AliasTable, tuning: Tuning = TUNING) -> None:
        self._aliases = aliases
        self._tuning = tuning
        self._stem = word_analyzer()
        boosts = dict(tuning.field_boosts)
        self._parser = qparser.MultifieldParser(
            list(boosts),
            schema,
            fieldboosts=boosts,
            group=qparser.OrGroup,
        )
        # Field names are handled above as filters; wildcards and ranges expand to
        # thousands of terms on a large index, and boosts are not for people.
        for plugin in (
            qparser.FieldsPlugin,
            qparser.WildcardPlugin,
            qparser.RangePlugin,
            qparser.BoostPlugin,
            qparser.EveryPlugin,
            qparser.SingleQuotePlugin,
        ):
            self._parser.remove_plugin_class(plugin)
        self._plain = qparser.MultifieldParser(
            list(boosts),
            schema,
            fieldboosts=boosts,
            group=qparser.OrGroup,
            plugins=[qparser.WhitespacePlugin()],
        )

    def parse(self, text: str) -> ParsedQuery:
        """Read `text` as a finished query; never raises."""
        include: dict[str, list[str]] = {}
        exclude: dict[str, list[str]] = {}
        # Filters are blanked out in place, so that word positions stay those of `text`.
        rest = list(text)
        for m in _FILTER.finditer(text):
            name = m.group("field").lower()
            quoted = m.group("quoted") is not None
            value = m.group("quoted") if quoted else m.group("value")
            keys = filter_keys(name, value or "")
            # an invalid value is read as words; a valid one is taken out whole
            end = m.end() if keys is not None else m.start("quoted" if quoted else "value")
            rest[m.start() : end] = " " * (end - m.start())
            if keys is None:
                continue
            target = exclude if m.group("neg") else include
            target.setdefault(name, []).extend(keys)
        remaining = "".join(rest)
        typed = tuple(Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(remaining))
        tail = _TAIL.search(remaining)
        query, plain = self._text_query(remaining)
        return ParsedQuery(
            query,
            {k: tuple(dict.fromkeys(v)) for k, v in include.items()},
            {k: tuple(dict.fromkeys(v)) for k, v in exclude.items()},
            typed,
            plain,
            tail.group() if tail else "",
        )

    def _text_query(self, text: str) -> tuple[Query | None, bool]:
        if not words(text):
            return None, False
        plain = False
        try:
            query: Query = self._parser.parse(text)
        except Exception:
            # Whoosh's parser is lenient, but any failure it has is a typing slip,
            # not a reason to show an error: read the words alone.
            plain = True
            query = self._plain_query(text)
        if query is NullQuery or type(query).__name__ == "_NullQuery":
            return None, plain
        query = _exclusions(query)
        if _negates(text) or _requires_all(text):
            return query, plain
        t = self._tuning
        tokens = self._aliases.tokens_in_query(text)
        extra: list[Query] = [Term("alias", tok, boost=t.alias_boost) for tok in sorted(tokens)]
        label = org_key(text)
        if label:
            extra.append(Term("label", label, boost=t.label_boost * len(words(text))))
        for year in dict.fromkeys(_YEAR_WORD.findall(text)):
            extra.append(Term("years", year, boost=t.year_boost))
        query = Or([query, *extra])
        # questions about signing are about agreements; about meetings, about events
        if _SIGN.search(text):
            query = AndMaybe(query, Term("kind", "agreement", boost=t.sign_boost))
        if _MEET.search(text):
            query = AndMaybe(query, Term("kind", "event", boost=t.event_boost))
        return query, plain

    def _plain_query(self, text: str) -> Query:
        try:
            q: Query = self._plain.parse(" ".join(w.lower() for w in words(text)))
        except Exception:
            return NullQuery
        return q

    def with_prefix(self, query: Query, word: str) -> Query:
        """`query` in which `word`, its last plain word, also matches word starts.

        The word-start term joins the group that holds the word's own terms, so
        it counts as that word would (with the others of an OR, required under
        AND, excluded under NOT). Where the word is not a plain term of the query
        (inside a phrase, say), the query is left as it is.
        """
        low = word.lower()
        start = Term("complete", low[:EDGE_MAX], boost=self._tuning.prefix_boost)

        def is_word(q: Query) -> bool:
            return isinstance(q, Term) and q.fieldname == "name" and q.text == low

        def add(q: Query) -> Query | None:
            """`q` with the word-start term beside the word's last term; None if absent."""
            if is_word(q):
                return Or([q, start])
            if isinstance(q, (AndNot, AndMaybe)):
                b = add(q.b)
                if b is not None:
                    return type(q)(q.a, b)
                a = add(q.a)
                return type(q)(a, q.b) if a is not None else None
            if isinstance(q, Not):
                inner = add(q.query)
                return Not(inner, boost=q.boost) if inner is not None else None
            if isinstance(q, (Or, And)):
                kids = list(q.subqueries)
                for i in range(len(kids) - 1, -1, -1):
                    if isinstance(q, Or) and is_word(kids[i]):
                        kids.insert(i + 1, start)
                        return _with_children(q, kids)
                    found = add(kids[i])
                    if found is not None:
                        kids[i] = found
                        return _with_children(q, kids)
            return None

        return add(query) or query

    def stem(self, word: str) -> str:
        """The indexed form of a word ("" for a stop word)."""
        return next((t.text for t in self._stem(word)), "")


def _with_children(q: Or | And, kids: list[Query]) -> Query:
    if isinstance(q, Or):
        return Or(kids, boost=q.boost, minmatch=q.minmatch, scale=q.scale)
    return And(kids, boost=q.boost)


def _exclusions(q: Query) -> Query:
    """`space NOT JAXA` means space without JAXA, not "space, or anything but JAXA".

    With words OR-ed by default, Whoosh reads a NOT inside a group as one more
    alternative; this turns every such group into (the rest) AND NOT (the negated).
    """
    if isinstance(q, Or):
        kids = [_exclusions(c) for c in q.subqueries]
        banned = [c.query for c in kids if isinstance(c, Not)]
        kept = [c for c in kids if not isinstance(c, Not)]
        if banned and kept:
            rest = kept[0] if len(kept) == 1 else Or(kept, boost=q.boost, scale=q.scale)
            return AndNot(rest, banned[0] if len(banned) == 1 else Or(banned))
        return Or(kids, boost=q.boost, minmatch=q.minmatch, scale=q.scale)
    if isinstance(q, And):
        return And([_exclusions(c) for c in q.subqueries], boost=q.boost)
    return q


def _negates(text: str) -> bool:
    return bool(re.search(r"\bNOT\b|(?:^|\s)-\w", text))


def _requires_all(text: str) -> bool:
    return bool(re.search(r"\bAND\b", text))


def has_operators(text: str) -> bool:
    """Whether the text uses the query language beyond plain words."""
    return bool(_OPERATORS.search(text))
