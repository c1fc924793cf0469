"""How well search answers: ranking cases (a query, the records that answer it) and
their recall@5 and mean reciprocal rank, finished and as typed.

The cases live in `tests/ranking_cases.toml` (see there for the format);
`ijref bench ranking` prints these figures for the current build.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ijref.domain.errors import UserFacingError
from ijref.search.results import Results

__all__ = ["Case", "Outcome", "Report", "Searcher", "evaluate", "load_cases"]

# Hits looked at per query: an answer further down counts as not found (rank 0).
DEPTH = 20
RECALL_AT = 5


class Searcher(Protocol):
    def search(self, text: str, *, limit: int = 20, as_you_type: bool = False) -> Results: ...


@dataclass(frozen=True, slots=True)
class Case:
    """A query and the records that answer it, all of them in the first `within` hits.

    `typed`: the query is a word being typed; it is asked as typed only.
    """

    query: str
    answers: tuple[str, ...]
    within: int
    typed: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    """Where one case's answers came (1-based ranks; 0: not in the first `DEPTH`)."""

    case: Case
    as_typed: bool
    ranks: tuple[int, ...]
    first: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return all(0 < r <= self.case.within for r in self.ranks)

    @property
    def recall(self) -> float:
        return sum(0 < r <= RECALL_AT for r in self.ranks) / len(self.ranks)

    @property
    def reciprocal_rank(self) -> float:
        found = [r for r in self.ranks if r > 0]
        return 1 / min(found) if found else 0.0


@dataclass(frozen=True, slots=True)
class Report:
    """Every outcome, and the figures over them for one way of asking."""

    outcomes: tuple[Outcome, ...]

    def of(self, as_typed: bool) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.as_typed == as_typed)

    def recall(self, as_typed: bool) -> float:
        """Mean share of each case's answers in its first five hits."""
        found = self.of(as_typed)
        return sum(o.recall for o in found) / len(found) if found else 0.0

    def mrr(self, as_typed: bool) -> float:
        """Mean reciprocal rank of each case's best-placed answer."""
        found = self.of(as_typed)
        return sum(o.reciprocal_rank for o in found) / len(found) if found else 0.0

    def failures(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if not o.ok)


def load_cases(path: Path) -> list[Case]:
    """The `[[case]]` tables of a ranking-cases file.

    Raises:
        UserFacingError: when the file is missing or not in that format.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserFacingError(f"no ranking cases at {path}; pass --cases FILE") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UserFacingError(f"cannot read the ranking cases {path} ({exc}); fix it") from None
    cases: list[Case] = []
    for i, raw in enumerate(data.get("case", []), start=1):
        try:
            answers = tuple(str(a) for a in raw["answers"])
            case = Case(str(raw["query"]), answers, int(raw["within"]), bool(raw.get("typed")))
        except (KeyError, TypeError, ValueError):
            raise UserFacingError(
                f"case {i} of {path} needs query, answers = [...] and within; fix it"
            ) from None
        if not answers or case.within < 1:
            raise UserFacingError(f"case {i} of {path} needs an answer and within ≥ 1; fix it")
        cases.append(case)
    if not cases:
        raise UserFacingError(f"{path} holds no [[case]] tables; add some")
    return cases


def _outcome(service: Searcher, case: Case, as_typed: bool) -> Outcome:
    hits = [h.id for h in service.search(case.query, limit=DEPTH, as_you_type=as_typed).hits]
    ranks = tuple(hits.index(a) + 1 if a in hits else 0 for a in case.answers)
    return Outcome(case, as_typed, ranks, tuple(hits[:3]))


def evaluate(service: Searcher, cases: Sequence[Case]) -> Report:
    """Ask every case finished (unless it is a word being typed) and as typed."""
    outcomes = []
    for case in cases:
        if not case.typed:
            outcomes.append(_outcome(service, case, as_typed=False))
        outcomes.append(_outcome(service, case, as_typed=True))
    return Report(tuple(outcomes))
