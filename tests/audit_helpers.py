"""Checks of the curated records against the source they cite.

Used by `test_audit.py` and `test_summaries.py`; kept out of `ijref/` because it
is a curation tool, not part of the product. Everything here is pure: it takes
the source text, the records and the exceptions, and returns problems as strings.

- `paragraphs`: the source's non-blank lines, numbered from 1 (the record format's
  paragraph numbers).
- `date_mentions` / `number_mentions`: every date and every number a paragraph
  writes, in whatever form ("8th December 2006", "Dec 2006", "July 16,, 2020",
  "4 to 8 March, 2019", "F.Y. 2020-21", "2,849", "Eighteen").
- `audit`: dates and figures found in the cited paragraphs, citations pointing at
  real paragraphs under the right heading, every paragraph cited, every acronym
  known.
- `shared_runs`: runs of eight or more words a text shares with the source.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ijref.domain.records import Citation, FigureClaim, Record, Source

__all__ = [
    "Exceptions",
    "Mention",
    "SourceText",
    "acronyms",
    "audit",
    "brief_text",
    "date_found",
    "date_mentions",
    "load_exceptions",
    "load_source_texts",
    "number_mentions",
    "paragraphs",
    "sections",
    "shared_runs",
    "sheet_items",
    "sheet_text",
    "words",
]

SOURCE_ID = "source/dst-brief-2020-12"
SOURCE_FILE = "india-japan-st-cooperation-2020-12.txt"
RUN = 8

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<{n}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<{n}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{n}>(?:19|20)\d\d)"
_SEP = r"\s*[,(]*\s*"
_TO = r"\s*(?:-|–|—|to|and)\s*"


def _m(n: str) -> str:
    return _MONTH.replace("{n}", n)


def _d(n: str) -> str:
    return _DAY.replace("{n}", n)


def _y(n: str) -> str:
    return _YEAR.replace("{n}", n)


# Most specific first; each pattern yields one or two day/month/year mentions.
_DATE_PATTERNS = [
    # 28 July- 3 Aug 2019 ; 20 January to 28 January 2020
    rf"\b{_d('d1')}\s+{_m('m1')}{_TO}{_d('d2')}\s+{_m('m2')}{_SEP}{_y('y')}",
    # January 20 to January 28, 2020
    rf"\b{_m('m1')}\s+{_d('d1')}{_TO}{_m('m2')}\s+{_d('d2')}{_SEP}{_y('y')}",
    # 4 to 8 March, 2019 ; 27-29 May, 2019
    rf"\b{_d('d1')}{_TO}{_d('d2')}\s+{_m('m1')}{_SEP}{_y('y')}",
    # January 27-31, 2020 ; November 7-13, 2019
    rf"\b{_m('m1')}\s+{_d('d1')}{_TO}{_d('d2')}{_SEP}{_y('y')}",
    # 8th December 2006 ; 1 March 2019 ; 15th February, 2020
    rf"\b{_d('d1')}\s+{_m('m1')}{_SEP}{_y('y')}",
    # December 8, 2006 ; July 16,, 2020 ; February 21st, 2020
    rf"\b{_m('m1')}\s+{_d('d1')}{_SEP}{_y('y')}",
    # December 2006 ; Dec 2017 ; September, 2017
    rf"\b{_m('m1')}{_SEP}{_y('y')}",
    # 2006-12-08
    rf"\b{_y('y')}-(?P<m1n>[01]\d)-(?P<d1>[0-3]\d)\b",
]
_DATE_RES = [re.compile(p, re.IGNORECASE) for p in _DATE_PATTERNS]
# April 2018 through March 2019: both ends are plain month mentions already.
_FY = re.compile(r"\b(?P<y>(?:19|20)\d\d)\s*[-–]\s*(?P<y2>\d\d)\b(?![-\d])")
# F.Y. 2019 / F.Y.2019 / FY 2019: April 2019 to March 2020 (not "F.Y. 2020-21").
_FY_ONE = re.compile(r"\bF\.?\s?Y\.?\s?((?:19|20)\d\d)\b(?!\s*[-–]\s*\d)")
_YEAR_RANGE = re.compile(r"\b(?P<y>(?:19|20)\d\d)\s*[-–]\s*(?P<y2>(?:19|20)\d\d)\b")
_BARE_YEAR = re.compile(r"(?<![\d-])((?:19|20)\d\d)(?!\d)")
_DECADE = re.compile(r"\b((?:19|20)\d)0'?s\b")


@dataclass(frozen=True, slots=True)
class Mention:
    """A point in time a paragraph names: a year, a month or a day (decade: `decade`)."""

    year: int
    month: int | None = None
    day: int | None = None
    decade: bool = False


def _month(text: str) -> int:
    return MONTHS[text[:3].lower()]


def date_mentions(text: str) -> set[Mention]:
    """Every year, month and day `text` writes, each end of a range on its own.

    A financial year "2020-21" gives April 2020 and March 2021 (India's year runs
    April–March) as well as the two years.
    """
    found: set[Mention] = set()
    for rx in _DATE_RES:
        for m in rx.finditer(text):
            g = m.groupdict()
            year = int(g["y"])
            if g.get("m1n"):
                found.add(Mention(year, int(g["m1n"]), int(g["d1"])))
                continue
            m1 = _month(g["m1"])
            m2 = _month(g["m2"]) if g.get("m2") else m1
            d1 = int(g["d1"]) if g.get("d1") else None
            d2 = int(g["d2"]) if g.get("d2") else None
            found.add(Mention(year, m1, d1))
            found.add(Mention(year, m1))
            if d2 is not None:
                found.add(Mention(year, m2, d2))
                found.add(Mention(year, m2))
    for m in _FY_ONE.finditer(text):
        y = int(m[1])
        found |= {Mention(y, 4), Mention(y + 1, 3)}
    for m in _FY.finditer(text):
        y = int(m["y"])
        if (y + 1) % 100 == int(m["y2"]):
            found |= {Mention(y), Mention(y + 1), Mention(y, 4), Mention(y + 1, 3)}
    for m in _YEAR_RANGE.finditer(text):
        found |= {Mention(int(m["y"])), Mention(int(m["y2"]))}
    for m in _BARE_YEAR.finditer(text):
        found.add(Mention(int(m[1])))
    for m in _DECADE.finditer(text):
        found.add(Mention(int(m[1]) * 10, decade=True))
    return found


def _edtf_points(edtf: str) -> list[Mention]:
    """The ends of an EDTF date or interval, open ends (`..`) left out."""
    points: list[Mention] = []
    for part in edtf.split("/"):
        core = part.strip().rstrip("?~%")
        if core in ("", ".."):
            continue
        if re.fullmatch(r"\d\d\dX", core):
            points.append(Mention(int(core[:3]) * 10, decade=True))
            continue
        pieces = [int(x) for x in core.split("-")]
        points.append(
            Mention(
                pieces[0],
                pieces[1] if len(pieces) > 1 else None,
                pieces[2] if len(pieces) > 2 else None,
            )
        )
    return points


def _point_found(point: Mention, mentions: set[Mention]) -> bool:
    if point.decade:
        return point in mentions
    # A record may be less precise than the source, never more.
    return any(
        m.year == point.year
        and not m.decade
        and (point.month is None or m.month == point.month)
        and (point.day is None or m.day == point.day)
        for m in mentions
    )


def date_found(edtf: str, text: str) -> bool:
    """True when every end of the EDTF date is written in `text` in some form."""
    mentions = date_mentions(text)
    return all(_point_found(p, mentions) for p in _edtf_points(edtf))


NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "single": 1,
    "twice": 2,
    "half": 50,  # "half" of something, as a percentage
}
_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\d.,])\d+(?:\.\d+)?")


def number_mentions(text: str) -> set[float]:
    """Every number `text` writes: digits ("2,849", "50%") and words ("Eighteen")."""
    found = {float(m.replace(",", "")) for m in _NUMBER.findall(text)}
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in NUMBER_WORDS:
            found.add(float(NUMBER_WORDS[word]))
    return found


def paragraphs(text: str) -> dict[int, str]:
    """The source's non-blank lines, numbered from 1 (the title line is 1)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return dict(enumerate(lines, start=1))


def sections(
    paras: dict[int, str], headings: Iterable[int], inline: Iterable[int] = ()
) -> dict[int, str]:
    """The heading each paragraph sits under (a heading sits under itself).

    An inline heading ("Cooperation in Nuclear Science and Technology: The first
    …") opens its section with the words before its first colon.
    """
    heads = set(headings)
    inline_heads = set(inline)
    out: dict[int, str] = {}
    current = ""
    for number in sorted(paras):
        if number in inline_heads:
            current = paras[number].split(":", 1)[0].strip()
        elif number in heads:
            current = paras[number].rstrip(":").strip()
        out[number] = current
    return out


_TOKEN = re.compile(r"[A-Za-z][A-Za-z&]*")
_URL = re.compile(r"https?://\S+")


def acronyms(text: str) -> set[str]:
    """Words the text writes as acronyms: two or more capitals ("JAXA", "MoEF&CC",
    "CiRA"), split at hyphens and slashes, a plural "s" dropped ("IITs")."""
    found: set[str] = set()
    for token in _TOKEN.findall(_URL.sub(" ", text)):
        word = token.strip("&")
        if sum(c.isupper() for c in word) < 2:
            continue
        if word.endswith("s") and word[-2:-1].isupper():
            word = word[:-1]
        found.add(word)
    return found


@dataclass(frozen=True, slots=True)
class Exceptions:
    """What the audit is told to let through, each with a reason.

    `headings` maps a brief paragraph to `(reason, inline)`: an inline heading
    opens its section with the words before its first colon, and the rest of the
    paragraph is text to cite. `uncited` is keyed by (source id, paragraph or item).
    """

    headings: dict[int, str] = field(default_factory=dict)
    uncited: dict[tuple[str, int], str] = field(default_factory=dict)
    not_organizations: dict[str, str] = field(default_factory=dict)
    unmatched: dict[tuple[str, str], str] = field(default_factory=dict)
    inline_headings: frozenset[int] = frozenset()


def load_exceptions(path: Path) -> Exceptions:
    """Read the exceptions file; every entry must give a reason."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for table, items in data.items():
        for item in items:
            if not str(item.get("reason", "")).strip():
                raise ValueError(f"{path.name}: [[{table}]] {item} has no reason")
    headings = data.get("heading", [])
    return Exceptions(
        headings={int(x["paragraph"]): x["reason"] for x in headings},
        inline_headings=frozenset(int(x["paragraph"]) for x in headings if x.get("inline")),
        uncited={
            (x.get("source", SOURCE_ID), int(x.get("paragraph") or x.get("item"))): x["reason"]
            for x in data.get("uncited", [])
        },
        not_organizations={x["acronym"]: x["reason"] for x in data.get("not_organization", [])},
        unmatched={(x["id"], x["value"]): x["reason"] for x in data.get("unmatched", [])},
    )


_ITEM = re.compile(r"^(\d+)\.\s+(.*)$")


def sheet_items(text: str) -> dict[int, str]:
    """A fact sheet's numbered items (`7. More than 250 joint projects …`)."""
    out: dict[int, str] = {}
    for line in text.splitlines():
        m = _ITEM.match(line.strip())
        if m:
            out[int(m[1])] = m[2]
    return out


@dataclass(frozen=True, slots=True)
class SourceText:
    """One source as the audit reads it.

    Attributes:
        id: the source id.
        units: its paragraphs (the brief) or items (a fact sheet), by number.
        sections: the brief's section of each paragraph (empty for a fact sheet).
        own_dates: the date the source gives itself and the latest it covers (EDTF):
            what a running total's as-of may be.
        by_item: cited by item number.
        text: the whole text (for the no-copying test).
    """

    id: str
    units: dict[int, str]
    sections: dict[int, str]
    own_dates: tuple[str, ...]
    by_item: bool
    text: str

    def unit_name(self, number: int) -> str:
        return f"item {number}" if self.by_item else f"paragraph {number}"


def brief_text(text: str, exceptions: Exceptions, source: Source | None = None) -> SourceText:
    """The brief: paragraphs and the sections they sit under."""
    paras = paragraphs(text)
    own = (source.date, source.covers) if source else ("2020-12",)
    return SourceText(
        source.id if source else SOURCE_ID,
        paras,
        sections(paras, exceptions.headings, exceptions.inline_headings),
        tuple(d for d in own if d),
        False,
        text,
    )


def sheet_text(text: str, source: Source) -> SourceText:
    """A fact sheet: its numbered items."""
    own = tuple(d for d in (source.date, source.covers) if d)
    return SourceText(source.id, sheet_items(text), {}, own, True, text)


def load_source_texts(
    folder: Path, sources: Sequence[Source], exceptions: Exceptions
) -> list[SourceText]:
    """Every source record's text, read from `folder` (the shared sources)."""
    out: list[SourceText] = []
    for s in sources:
        text = (folder / s.file).read_text(encoding="utf-8")
        out.append(
            sheet_text(text, s) if s.numbering == "item" else brief_text(text, exceptions, s)
        )
    return out


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


@dataclass(frozen=True, slots=True)
class _Value:
    """A date or number of a record, with the text it must be found in."""

    where: str
    value: str
    is_date: bool
    citations: tuple[Citation, ...]  # empty: the record's citations
    may_be_own_date: bool = False  # an as-of may be the cited source's own date


def _values(record: Record) -> Iterator[_Value]:
    for d in record.dates:
        if d.claims:
            for i, c in enumerate(d.claims):
                yield _Value(f"dates[{d.role}][{i}]", c.date.text, True, c.citations)
        else:
            yield _Value(f"dates[{d.role}]", d.date.text, True, ())
    for i, e in enumerate(record.extensions):
        yield _Value(f"extensions[{i}].until", e.until.text, True, ())
        if e.date_claims:
            for j, c in enumerate(e.date_claims):
                yield _Value(f"extensions[{i}].date[{j}]", c.date.text, True, c.citations)
        elif e.date is not None:
            yield _Value(f"extensions[{i}].date", e.date.text, True, ())
    for f in record.figures:
        claims = f.claims or (FigureClaim(f.value, f.as_of, ()),)
        for i, c in enumerate(claims):
            where = f"figures[{f.label}]" + (f"[{i}]" if f.claims else "")
            yield _Value(where, _fmt(c.value), False, c.citations)
            if c.as_of is not None:
                yield _Value(f"{where}.as_of", c.as_of.text, True, c.citations, True)


def _financial_year_slip(value: str, text: str) -> str | None:
    """The April–March span to write when `value` is a calendar year (or a pair of
    years) that the cited text gives as a financial year ("F.Y. 2019", "2019-20")."""
    years = [int(m[1]) for m in _FY_ONE.finditer(text)]
    years += [int(m["y"]) for m in _FY.finditer(text) if (int(m["y"]) + 1) % 100 == int(m["y2"])]
    for y in years:
        if value in (str(y), f"{y}/{y + 1}"):
            return f"{y}-04/{y + 1}-03"
    return None


def audit(
    texts: Sequence[SourceText], records: Sequence[Record], exceptions: Exceptions
) -> list[str]:
    """Every problem found, one line each (`record id: field: message`)."""
    by_id = {t.id: t for t in texts}
    problems: list[str] = []
    cited: set[tuple[str, int]] = set()

    def unit_text(c: Citation) -> str | None:
        src = by_id.get(c.source)
        number = c.item or c.paragraph
        return src.units.get(number) if src else None

    for r in records:
        for c in r.citations:
            src = by_id.get(c.source)
            if src is None:
                continue
            number = c.item or c.paragraph
            if number not in src.units:
                problems.append(f"{r.id}: citation: {c.source} has no {src.unit_name(number)}")
                continue
            cited.add((src.id, number))
            if not src.by_item and c.section.rstrip(":").strip() != src.sections[number]:
                problems.append(
                    f"{r.id}: citation: paragraph {number} sits under "
                    f"{src.sections[number]!r}, not {c.section!r}"
                )
        for v in _values(r):
            cites = v.citations or r.citations
            found = [t for c in cites if (t := unit_text(c)) is not None]
            if not found:
                continue
            text = "\n".join(found)
            if (r.id, v.value) in exceptions.unmatched:
                continue
            if v.is_date:
                ok = date_found(v.value, text)
                if not ok and v.may_be_own_date:
                    ok = any(
                        v.value in by_id[c.source].own_dates for c in cites if c.source in by_id
                    )
                slip = _financial_year_slip(v.value, text)
                if slip:
                    problems.append(
                        f"{r.id}: {v.where}: {v.value} is a financial year in the cited text; "
                        f"write {slip}"
                    )
            else:
                ok = float(v.value) in number_mentions(text)
            if not ok:
                said = "cited items or paragraphs" if v.citations else "cited paragraphs"
                problems.append(f"{r.id}: {v.where}: {v.value} is not in the {said}")
        for f in r.figures:
            if f.as_of is None:
                problems.append(
                    f"{r.id}: figures[{f.label}]: no as_of; say when it held "
                    "(a running total: the date of the source that gives it)"
                )
    for t in texts:
        for number in sorted(t.units):
            if (t.id, number) in cited or (t.id, number) in exceptions.uncited:
                continue
            if (
                not t.by_item
                and number in exceptions.headings
                and number not in exceptions.inline_headings
            ):
                continue
            where = f"{t.id} {t.unit_name(number)}" if t.by_item else t.unit_name(number)
            problems.append(f"{where}: cited by no record: {t.units[number][:60]!r}")
    known: set[str] = set()
    for r in records:
        names = {n for n in (r.short_name, *r.aliases) if n}
        known |= names
        if r.kind.value == "organization":
            for name in names:
                known |= acronyms(name)
    brief = by_id.get(SOURCE_ID)
    for word in sorted(acronyms(brief.text) if brief else ()):
        if word not in known and word not in exceptions.not_organizations:
            problems.append(f"acronym {word!r}: no organization or record has it as a name")
    return problems


def words(text: str) -> list[str]:
    """Lower-case words, punctuation dropped (the unit of `shared_runs`)."""
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'", ""))


def shared_runs(text: str, source: str, run: int = RUN) -> list[str]:
    """Runs of `run` or more consecutive words `text` shares with `source`."""
    src = words(source)
    grams = {tuple(src[i : i + run]) for i in range(len(src) - run + 1)}
    mine = words(text)
    hits: list[str] = []
    i = 0
    while i <= len(mine) - run:
        if tuple(mine[i : i + run]) in grams:
            j = i + run
            while j < len(mine) and tuple(mine[j - run + 1 : j + 1]) in grams:
                j += 1
            hits.append(" ".join(mine[i:j]))
            i = j
        else:
            i += 1
    return hits
