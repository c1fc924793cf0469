"""The query language: text a person types → a Whoosh query plus filters.

Accepted: words, "phrases", AND / OR / NOT, parentheses, and the filters
`kind:`, `sector:`, `org:`, `country:`, `year:` (`year:2018`, `year:2015..2018`),
each also negated with a leading `-` or `NOT`. Filters narrow the results and
never score: several values of one filter are alternatives, different filters
all apply. Anything else is accepted too: where the operators do not parse, the
text is read as plain words, so `parse` never raises.
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

__all__ = [
    "FILTER_FIELDS",
    "ParsedQuery",
    "QueryParser",
    "filter_keys",
    "has_operators",
    "max_typos",
]

FILTER_FIELDS = ("kind", "sector", "org", "country", "year")
# How much a match in each field counts against a match in the summary.
FIELD_BOOSTS = {"title": 3.0, "name": 4.0, "body": 1.0}
ALIAS_BOOST = 3.0
# A query that is a record's whole name (title, acronym, alias) puts it first: per
# word typed, as the words' own scores grow with their number.
LABEL_BOOST = 20.0
# "what did we sign on forestry": questions about signing are about agreements.
SIGN_BOOST = 15.0
_SIGN = re.compile(r"\b(sign|signs|signed|signing|agreements?)\b", re.IGNORECASE)
_FILTER = re.compile(
    r"(?:(?<=\s)|^)(?P<neg>-|NOT\s+)?(?P<field>kind|sector|org|country|year):"
    r'(?:"(?P<quoted>[^"]*)"?|(?P<value>[^\s()"]+))',
    re.IGNORECASE,
)
_YEAR_RANGE = re.compile(r"^(\d{4})?(?:\.\.|–|-)(\d{4})?$")
_YEAR = re.compile(r"^\d{4}$")
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
class ParsedQuery:
    """What a query text asks for.

    Attributes:
        query: the scored part, or None when the text holds only filters.
        include: filter field → keys, any of which a hit must carry.
        exclude: filter field → keys no hit may carry.
        words: the plain words typed, for the typo-tolerant pass.
        plain: True when the text fell back to plain words.
        text: the text left once filters are taken out.
        prefix: the unfinished last word, when typing.
    """

    query: Query | None
    include: dict[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: dict[str, tuple[str, ...]] = field(default_factory=dict)
    words: tuple[str, ...] = ()
    plain: bool = False
    text: str = ""
    prefix: str = ""


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
        v = value.lower()
        return (v if v.startswith("sector/") else v.replace(" ", "-"),)
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

    def __init__(self, schema: Schema, aliases: AliasTable) -> None:
        self._aliases = aliases
        self._stem = word_analyzer()
        self._parser = qparser.MultifieldParser(
            list(FIELD_BOOSTS),
            schema,
            fieldboosts=FIELD_BOOSTS,
            group=qparser.OrGroup.factory(0.9),
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
            list(FIELD_BOOSTS),
            schema,
            fieldboosts=FIELD_BOOSTS,
            group=qparser.OrGroup.factory(0.9),
            plugins=[qparser.WhitespacePlugin()],
        )

    def parse(self, text: str, *, as_you_type: bool = False) -> ParsedQuery:
        """Read `text`; never raises.

        Args:
            text: what the person typed.
            as_you_type: the last word may be unfinished: it also matches as a
                prefix of the words of titles and names.
        """
        include: dict[str, list[str]] = {}
        exclude: dict[str, list[str]] = {}
        rest: list[str] = []
        pos = 0
        for m in _FILTER.finditer(text):
            name = m.group("field").lower()
            value = m.group("quoted") if m.group("quoted") is not None else m.group("value")
            keys = filter_keys(name, value or "")
            rest.append(text[pos : m.start()])
            pos = m.end()
            if keys is None:
                rest.append(" " + (value or "") + " ")
                continue
            target = exclude if m.group("neg") else include
            target.setdefault(name, []).extend(keys)
        rest.append(text[pos:])
        remaining = " ".join(rest)
        typed = tuple(words(remaining))
        prefix = ""
        if as_you_type and typed and remaining and not remaining[-1].isspace():
            tail = remaining.rsplit(None, 1)[-1]
            if re.fullmatch(r"[^\W_]+", tail):
                prefix = tail.lower()
                remaining = remaining[: len(remaining) - len(tail)]
        query, plain = self._text_query(remaining)
        if prefix:
            query = self._with_prefix(query, prefix)
        return ParsedQuery(
            query,
            {k: tuple(dict.fromkeys(v)) for k, v in include.items()},
            {k: tuple(dict.fromkeys(v)) for k, v in exclude.items()},
            typed,
            plain,
            remaining,
            prefix,
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
        tokens = self._aliases.tokens_in_query(text)
        extra: list[Query] = [Term("alias", t, boost=ALIAS_BOOST) for t in sorted(tokens)]
        label = org_key(text)
        if label:
            extra.append(Term("label", label, boost=LABEL_BOOST * len(words(text))))
        query = Or([query, *extra])
        if _SIGN.search(text):
            query = AndMaybe(query, Term("kind", "agreement", boost=SIGN_BOOST))
        return query, plain

    def _plain_query(self, text: str) -> Query:
        try:
            q: Query = self._plain.parse(" ".join(w.lower() for w in words(text)))
        except Exception:
            return NullQuery
        return q

    def _with_prefix(self, query: Query | None, prefix: str) -> Query:
        options: list[Query] = [Term("complete", prefix[:EDGE_MAX], boost=2.0)]
        stems = [t.text for t in self._stem(prefix)]
        # From three letters on, what is typed may already be a whole word of a
        # summary; one or two letters are only ever word starts (and match so many
        # records that extra alternatives would only slow the first keystrokes).
        if stems and len(prefix) >= 3:
            options += [Term("title", stems[0], boost=3.0), Term("body", stems[0])]
        typed: Query = Or(options)
        return typed if query is None else query & typed

    def stem(self, word: str) -> str:
        """The indexed form of a word ("" for a stop word)."""
        return next((t.text for t in self._stem(word)), "")


def max_typos(word: str) -> int:
    """How many edits a word may be off by: none under 4 letters, 2 from 8 letters."""
    if len(word) < 4 or word.isdigit():
        return 0
    return 1 if len(word) < 8 else 2


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
