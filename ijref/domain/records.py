"""Record kinds and their parts, as plain frozen dataclasses.

Every record has a stable id `kind/slug` that never changes once published;
bookmarks and notes hang on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from ijref.domain.dates import EdtfDate
from ijref.domain.sourced import (
    Citation,
    DateClaim,
    FigureClaim,
    dates_differ,
    disagreement_span,
    figure_history,
    figures_differ,
    latest_figure,
    settled_date,
)

__all__ = [
    "AGREEMENT_TYPES",
    "RELATION_TYPES",
    "Citation",
    "DateClaim",
    "DatedRole",
    "Extension",
    "Figure",
    "FigureClaim",
    "Kind",
    "Link",
    "Party",
    "Person",
    "Record",
    "Relation",
    "Source",
    "kind_of_id",
]

ID_PATTERN = re.compile(r"^(sector|organization|agreement|programme|event)/[a-z0-9][a-z0-9-]*$")

AGREEMENT_TYPES = (
    "IGA",
    "MoU",
    "MoC",
    "LoI",
    "IA",
    "Arrangement",
    "Joint Research Contract",
    "Joint Statement",
    "Joint Declaration",
)
RELATION_TYPES = ("under", "renews", "extends", "supersedes", "part-of", "related")


class Kind(StrEnum):
    """The five record kinds, in the order the tree groups them."""

    SECTOR = "sector"
    AGREEMENT = "agreement"
    PROGRAMME = "programme"
    EVENT = "event"
    ORGANIZATION = "organization"

    @property
    def plural(self) -> str:
        """The group label in the tree: Agreements, Programmes, …"""
        return {
            "sector": "Sectors",
            "agreement": "Agreements",
            "programme": "Programmes",
            "event": "Events",
            "organization": "Organizations",
        }[self.value]


def kind_of_id(record_id: str) -> Kind:
    """The kind named by an id's prefix.

    Raises:
        ValueError: when the id is not `kind/slug`.
    """
    if not ID_PATTERN.match(record_id):
        raise ValueError(f"{record_id!r} is not a record id of the form kind/slug")
    return Kind(record_id.split("/", 1)[0])


@dataclass(frozen=True, slots=True)
class Source:
    """A document or page facts are taken from: the DST brief, a fact sheet of a page.

    Attributes:
        date: the date the source gives itself (EDTF), "" when it gives none.
        covers: the latest event it mentions (EDTF), "" when not recorded.
        numbering: `paragraph` (cited by section and paragraph) or `item` (a fact
            sheet, cited by item number).
        short_name: what a value's citation calls it (`DST brief`); the title if empty.
    """

    id: str
    title: str
    publisher: str
    date: str
    file: str = ""
    url: str = ""
    covers: str = ""
    language: str = ""
    numbering: str = "paragraph"
    short_name: str = ""

    @property
    def label(self) -> str:
        """The short name, else the title."""
        return self.short_name or self.title

    @property
    def cited_as(self) -> str:
        """How a full citation names it: a page by its publisher and title."""
        return f"{self.publisher}, “{self.title}”" if self.numbering == "item" else self.title


@dataclass(frozen=True, slots=True)
class DatedRole:
    """A date with what it marks: signed, held, start, end, established, …

    `date` is the value every consumer uses. Where the record gives the date as
    values with their sources (`claims`), `date` is settled from them: the earliest
    value the sources do not exclude (see `ijref.domain.sourced`).
    """

    role: str
    date: EdtfDate
    claims: tuple[DateClaim, ...] = ()

    @classmethod
    def of(cls, role: str, claims: tuple[DateClaim, ...]) -> DatedRole:
        """A date given by several sources, settled from their claims."""
        return cls(role, settled_date(claims), claims)

    @property
    def differs(self) -> bool:
        """True when the sources give dates that cannot all be right."""
        return dates_differ(self.claims)

    @property
    def span(self) -> EdtfDate | None:
        """First to last competing value when the sources differ, else None."""
        return disagreement_span(self.claims)


@dataclass(frozen=True, slots=True)
class Party:
    """An organization taking part, with its side (its country) and role."""

    org_id: str
    name: str
    short_name: str
    country: str
    role: str = ""

    @property
    def side(self) -> str:
        """`India`, `Japan`, or `Other` for third parties."""
        return {"IN": "India", "JP": "Japan"}.get(self.country, "Other")


@dataclass(frozen=True, slots=True)
class Person:
    """Someone named in a role: a co-chair, a signatory, a minister on a visit."""

    name: str
    role: str = ""
    org_id: str = ""
    org_name: str = ""


@dataclass(frozen=True, slots=True)
class Figure:
    """A number a source gives, with its unit and when it held.

    Where the record gives the figure as values with their sources (`claims`),
    `value`, `as_of` and `qualifier` are those of the latest claim; claims at
    several dates are the figure's `history`.
    """

    label: str
    value: float
    unit: str
    as_of: EdtfDate | None = None
    claims: tuple[FigureClaim, ...] = ()
    qualifier: str = ""

    @classmethod
    def of(cls, label: str, unit: str, claims: tuple[FigureClaim, ...]) -> Figure:
        """A figure given by several sources or at several dates."""
        last = latest_figure(claims)
        return cls(label, last.value, unit, last.as_of, claims, last.qualifier)

    @property
    def value_text(self) -> str:
        """The value without a trailing `.0` for whole numbers, after its qualifier."""
        return FigureClaim(self.value, qualifier=self.qualifier).value_text

    @property
    def history(self) -> tuple[FigureClaim, ...]:
        """The values in as-of order when the figure is given at two or more dates."""
        return figure_history(self.claims)

    @property
    def differs(self) -> bool:
        """True when two sources give different values for the same date."""
        return figures_differ(self.claims)


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed link from this record to another (`under`, `renews`, …).

    `inverse` marks relations found on the other record (e.g. the events under an
    agreement), added by the catalog when it reads a record.
    """

    type: str
    target: str
    title: str = ""
    inverse: bool = False


@dataclass(frozen=True, slots=True)
class Link:
    """An external address, shown and never fetched."""

    url: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class Extension:
    """A renewal or extension of an agreement.

    Attributes:
        until: the new end (EDTF).
        date: when it was agreed, where the source says.
        kind: `extension`, `renewal` or `automatic`.
        conditional: only if one side asks ("if required").
        date_claims: what each source says `date` is, where the record gives it so;
            `date` is then settled from them.
    """

    until: EdtfDate
    date: EdtfDate | None = None
    kind: str = "extension"
    conditional: bool = False
    note: str = ""
    date_claims: tuple[DateClaim, ...] = ()

    @property
    def date_differs(self) -> bool:
        """True when the sources give different dates for the extension."""
        return dates_differ(self.date_claims)


@dataclass(frozen=True, slots=True)
class Record:
    """One record of any kind; fields that do not apply to a kind stay empty."""

    id: str
    kind: Kind
    title: str
    summary: str
    short_name: str = ""
    aliases: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    parties: tuple[Party, ...] = ()
    people: tuple[Person, ...] = ()
    dates: tuple[DatedRole, ...] = ()
    figures: tuple[Figure, ...] = ()
    related: tuple[Relation, ...] = ()
    links: tuple[Link, ...] = ()
    citations: tuple[Citation, ...] = ()
    notes: tuple[str, ...] = ()
    place: str = ""
    # ids this record had before it was renamed (bookmarks and notes follow it)
    replaces: tuple[str, ...] = ()
    # organization
    country: str = ""
    parent: str = ""
    org_type: str = ""
    # agreement
    agreement_type: str = ""
    term: str = ""
    extensions: tuple[Extension, ...] = ()
    # programme / event
    category: str = ""
    # sector
    order: int = 0
    source_file: str = field(default="", compare=False)

    def date(self, role: str) -> EdtfDate | None:
        """The first date with this role, if any (settled, where sources differ)."""
        return next((d.date for d in self.dates if d.role == role), None)

    def dated(self, role: str) -> DatedRole | None:
        """The first date with this role with its claims, if any."""
        return next((d for d in self.dates if d.role == role), None)

    @property
    def main_date(self) -> EdtfDate | None:
        """The date a list sorts and shows this record by."""
        for role in ("signed", "held", "start", "established", "launched"):
            found = self.date(role)
            if found is not None:
                return found
        return self.dates[0].date if self.dates else None

    @property
    def display_name(self) -> str:
        """Short name where there is one, else the title."""
        return self.short_name or self.title
