"""A deterministic synthetic corpus and query mix for the search benchmark.

Words are pronounceable pseudo-words (syllable chains) with a Zipf-distributed
frequency, like the words of real prose; records have the shape of real ones
(title, acronym, summary of ~150 words, sectors, parties, a year), so the index
and the queries exercise the same fields as the catalog does.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass

from ijref.domain.dates import EdtfDate, Precision
from ijref.domain.records import DatedRole, Kind, Party, Record
from ijref.search.schema import STOP_WORDS

__all__ = [
    "QUERY_CLASSES",
    "BenchQuery",
    "Corpus",
]

QUERY_CLASSES = ("term", "and", "phrase", "prefix", "fuzzy", "filtered")
_ONSETS = [
    "b",
    "c",
    "d",
    "f",
    "g",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "w",
    "y",
    "z",
    "br",
    "tr",
    "st",
    "ch",
    "sh",
    "pl",
    "gr",
    "kr",
    "dr",
    "fl",
    "th",
    "sk",
]
_VOWELS = ["a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ea", "ou", "io"]
_CODAS = ["", "", "", "n", "r", "s", "l", "m", "k", "t", "nd", "st"]
_KIND_WEIGHTS = ((Kind.AGREEMENT, 30), (Kind.PROGRAMME, 25), (Kind.EVENT, 35))
_ROLE = {Kind.AGREEMENT: "signed", Kind.PROGRAMME: "start", Kind.EVENT: "held"}
_FIRST_YEAR, _LAST_YEAR = 1985, 2024
SECTORS = 24
_FUNCTION_TEXT = """the of and to in a is that for it as with was on be by at this are from
or an have not which we were will can may their there they all any when if about our"""
FUNCTION_WORDS = tuple(_FUNCTION_TEXT.split())
ZIPF_S = 1.07


@dataclass(frozen=True, slots=True)
class BenchQuery:
    """One query of the mix, in the words of the service and of FTS5."""

    cls: str
    text: str
    fts: str
    kind: str | None = None
    sector: str | None = None
    years: tuple[int, int] | None = None
    as_you_type: bool = False


def _year_date(year: int) -> EdtfDate:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return EdtfDate(str(year), start, end, Precision.YEAR, _key=(start, end))


class Corpus:
    """`n` records, the same for the same `n` and `seed`, generated one at a time."""

    def __init__(self, n: int, seed: int = 1, vocabulary: int = 24_000) -> None:
        self.n = n
        self.seed = seed
        rng = random.Random(seed)
        words: dict[str, None] = {}
        while len(words) < vocabulary - len(FUNCTION_WORDS):
            syllables = rng.choice((1, 2, 2, 2, 3, 3, 4))
            w = "".join(
                rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                for _ in range(syllables)
            )
            # not a word the service drops as a stop word ("do", "us"): the corpus's
            # content words are content words to every engine
            if w not in FUNCTION_WORDS and w not in STOP_WORDS:
                words.setdefault(w, None)
        # Like English: the commonest words are function words ("the", "of": about
        # 40% of running text, dropped by the analyser), then the shortest words.
        self.vocabulary: list[str] = [*FUNCTION_WORDS, *sorted(words, key=len)]
        weights = [1.0 / (rank + 1) ** ZIPF_S for rank in range(len(self.vocabulary))]
        self._cum = list(itertools.accumulate(weights))
        self._dates = {y: _year_date(y) for y in range(_FIRST_YEAR, _LAST_YEAR + 1)}
        self.sectors = [f"sector/s{i:02d}" for i in range(SECTORS)]
        self.orgs = max(1, min(500, n // 20))

    def _words(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.vocabulary, cum_weights=self._cum, k=k)

    def _org(self, i: int) -> tuple[str, str, str, str]:
        rng = random.Random(self.seed * 1_000_003 + i)
        name = [w.capitalize() for w in self._words(rng, rng.randint(3, 5))]
        acronym = "".join(w[0] for w in name).upper() + str(i)
        return f"organization/o{i:04d}", " ".join(name), acronym, "IN" if i % 2 else "JP"

    def record(self, i: int) -> Record:
        """Record number `i` (0-based)."""
        rng = random.Random(self.seed * 7_919 + i)
        if i < SECTORS:
            title = " ".join(w.capitalize() for w in self._words(rng, 2))
            return Record(self.sectors[i], Kind.SECTOR, title, self._summary(rng, 40))
        if i < SECTORS + self.orgs:
            oid, name, acronym, country = self._org(i - SECTORS)
            return Record(
                oid,
                Kind.ORGANIZATION,
                name,
                self._summary(rng, 60),
                short_name=acronym,
                country=country,
            )
        kind = rng.choices([k for k, _ in _KIND_WEIGHTS], [w for _, w in _KIND_WEIGHTS])[0]
        title_words = self._words(rng, rng.randint(4, 9))
        year = rng.randint(_FIRST_YEAR, _LAST_YEAR)
        parties = []
        for j in rng.sample(range(self.orgs), min(2, self.orgs)):
            oid, name, acronym, country = self._org(j)
            parties.append(Party(oid, name, acronym, country))
        return Record(
            f"{kind.value}/r{i:07d}",
            kind,
            " ".join(w.capitalize() if k == 0 else w for k, w in enumerate(title_words)),
            self._summary(rng, rng.randint(120, 180)),
            sectors=tuple(rng.sample(self.sectors, rng.choice((1, 1, 2)))),
            parties=tuple(parties),
            dates=(DatedRole(_ROLE[kind], self._dates[year]),),
        )

    def _summary(self, rng: random.Random, k: int) -> str:
        ws = self._words(rng, k)
        sentences = []
        pos = 0
        while pos < len(ws):
            n = rng.randint(10, 18)
            part = ws[pos : pos + n]
            sentences.append(" ".join([part[0].capitalize(), *part[1:]]) + ".")
            pos += n
        return " ".join(sentences)

    def __iter__(self) -> Iterator[Record]:
        return (self.record(i) for i in range(self.n))

    def __len__(self) -> int:
        return self.n

    def sector_titles(self) -> dict[str, str]:
        return {r.id: r.title for r in (self.record(i) for i in range(min(SECTORS, self.n)))}

    def org_names(self) -> list[list[str]]:
        """Alias groups of the organizations: acronym ↔ full name."""
        return [[self._org(j)[2], self._org(j)[1]] for j in range(self.orgs)]

    # ------------------------------------------------------------- queries
    def queries(self, per_class: int = 40) -> list[BenchQuery]:
        """The fixed mix: `per_class` queries of each class (prefix: whole words typed)."""
        rng = random.Random(self.seed * 31 + 7)
        # words people search for: not function words, nor the commonest others
        content = self.vocabulary[len(FUNCTION_WORDS) + 20 : 5000]
        common = set(self.vocabulary[: len(FUNCTION_WORDS) + 20])
        sample = [
            self.record(i)
            for i in rng.sample(range(SECTORS + self.orgs, self.n), min(200, self.n - 600))
        ] or [self.record(i) for i in range(self.n)]
        out: list[BenchQuery] = []
        for _ in range(per_class):
            w = self._content_word(rng, content)
            out.append(BenchQuery("term", w, f'"{w}"'))
        for _ in range(per_class):
            a, b = self._content_word(rng, content), self._content_word(rng, content)
            out.append(BenchQuery("and", f"{a} AND {b}", f'"{a}" AND "{b}"'))
        for _ in range(per_class):
            # two adjacent words, neither a function word nor among the commonest
            phrase = ""
            while not phrase:
                ws = [w.strip(".").lower() for w in rng.choice(sample).summary.split()]
                j = rng.randrange(len(ws) - 1)
                if ws[j] not in common and ws[j + 1] not in common:
                    phrase = f"{ws[j]} {ws[j + 1]}"
            out.append(BenchQuery("phrase", f'"{phrase}"', f'"{phrase}"'))
        typed = 0
        while typed < per_class:
            r = rng.choice(sample)
            word = max(
                (w for w in r.title.lower().split() if w not in FUNCTION_WORDS), key=len, default=""
            )
            if len(word) < 2:
                continue
            for end in range(2, len(word) + 1):
                out.append(BenchQuery("prefix", word[:end], f'"{word[:end]}"*', as_you_type=True))
                typed += 1
        for _ in range(per_class):
            w = self._typo(rng, self._content_word(rng, content, min_len=6))
            out.append(BenchQuery("fuzzy", w, f'"{w}"'))
        kinds = ("agreement", "programme", "event")
        for k in range(per_class):
            w = self._content_word(rng, content)
            lo = rng.randint(_FIRST_YEAR, _LAST_YEAR - 5)
            q = BenchQuery(
                "filtered",
                w,
                f'"{w}"',
                kind=rng.choice(kinds) if k % 3 != 2 else None,
                sector=rng.choice(self.sectors) if k % 3 != 0 else None,
                years=(lo, lo + rng.randint(0, 5)) if k % 2 == 0 else None,
            )
            out.append(q)
        return out

    def _content_word(self, rng: random.Random, pool: list[str], min_len: int = 0) -> str:
        while True:
            w = pool[int(len(pool) ** rng.random()) - 1]  # log-uniform over ranks
            if len(w) >= min_len:
                return w

    def _typo(self, rng: random.Random, word: str) -> str:
        known = set(self.vocabulary)
        letters = "abcdefghiklmnoprstuy"
        while True:
            i = rng.randrange(1, len(word))
            op = rng.randrange(4)
            if op == 0:
                w = word[:i] + rng.choice(letters) + word[i + 1 :]
            elif op == 1:
                w = word[:i] + word[i + 1 :]
            elif op == 2:
                w = word[:i] + rng.choice(letters) + word[i:]
            else:
                w = word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :] if i > 1 else word
            if w != word and w not in known:
                return w
