"""Record kinds and their parts, as plain frozen dataclasses.

Every record has a stable id `kind/slug` that never changes once published;
bookmarks and notes hang on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from ijref.domain.dates import EdtfDate

__all__ = [
    "AGREEMENT_TYPES",
    "RELATION_TYPES",
    "Citation",
    "DatedRole",
    "Extension",
    "Figure",
    "Kind",
    "Link",
    "Party",
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
    """A document facts are taken from (the DST brief, later others)."""

    id: str
    title: str
    publisher: str
    date: str
    file: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a record's facts come from: source, section heading, paragraph number.

    Paragraphs are the source's non-blank lines numbered from 1.
    """

    source: str
    section: str
    paragraph: int

    def text(self, source_title: str | None = None) -> str:
        """A citation line a person can paste into a brief."""
        name = source_title or self.source
        return f"{name}, “{self.section}”, para. {self.paragraph}"


@dataclass(frozen=True, slots=True)
class DatedRole:
    """A date with what it marks: signed, held, start, end, established, …"""

    role: str
    date: EdtfDate


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
class Figure:
    """A number the source gives, with its unit and when it held."""

    label: str
    value: float
    unit: str
    as_of: EdtfDate | None = None

    @property
    def value_text(self) -> str:
        """The value without a trailing `.0` for whole numbers."""
        return str(int(self.value)) if float(self.value).is_integer() else str(self.value)


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
    """

    until: EdtfDate
    date: EdtfDate | None = None
    kind: str = "extension"
    conditional: bool = False
    note: str = ""


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
        """The first date with this role, if any."""
        return next((d.date for d in self.dates if d.role == role), None)

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
