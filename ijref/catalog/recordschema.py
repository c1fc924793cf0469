"""The shape of the record files (`db/records/*.toml`), as Pydantic models.

`recordfile` validates each table against these and turns them into domain
records; `db/records/FORMAT.md` describes the same shape for people.

A date or a figure is written either as one value (`date = "2016-11-11"`,
`value = 277`) or as a list of values, each with where it is said
(`date = [{ value = "1985-08", cite = [...] }, ...]`): the second form is how a
record keeps what several sources say, side by side.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PositiveInt,
    StringConstraints,
    Tag,
    model_validator,
)

from ijref.domain.dates import EdtfDate, EdtfError
from ijref.domain.records import AGREEMENT_TYPES, ID_PATTERN, RELATION_TYPES
from ijref.domain.sourced import QUALIFIERS
from ijref.domain.validity import parse_term

__all__ = [
    "MODELS",
    "UNION_TAGS",
    "AgreementIn",
    "CitationIn",
    "CiteIn",
    "DateIn",
    "DateValueIn",
    "EventIn",
    "ExtensionIn",
    "FigureIn",
    "FigureValueIn",
    "OrganizationIn",
    "PersonIn",
    "ProgrammeIn",
    "SectorIn",
    "SourceIn",
]


def _edtf(text: str) -> str:
    try:
        EdtfDate.parse(text)
    except EdtfError as exc:
        raise ValueError(str(exc)) from exc
    return text


def _term(text: str) -> str:
    parse_term(text)
    return text


def _url(text: str) -> str:
    if not text.startswith(("http://", "https://")):
        raise ValueError(f"{text!r} is not an http(s) address")
    return text


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Edtf = Annotated[str, AfterValidator(_edtf)]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN.pattern)]
SourceId = Annotated[str, StringConstraints(pattern=r"^source/[a-z0-9][a-z0-9-]*$")]
Qualifier = Literal["", "about", "more than", "at least", "up to", "over"]
Number = int | float

# The tags of the one-or-many unions; error paths leave them out.
ONE, MANY = "one", "many"
UNION_TAGS = frozenset({ONE, MANY})


def _one_or_many(value: Any) -> str:
    return MANY if isinstance(value, list) else ONE


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _one_locator(paragraph: int | None, item: int | None) -> None:
    if (paragraph is None) == (item is None):
        raise ValueError("give a paragraph (of a document) or an item (of a fact sheet)")


class CiteIn(_Strict):
    """Where one value is said: a source and its paragraph or item, which must also
    be among the record's `citations` (where a paragraph's section is given)."""

    source: SourceId
    paragraph: PositiveInt | None = None
    item: PositiveInt | None = None

    @model_validator(mode="after")
    def _locator(self) -> CiteIn:
        _one_locator(self.paragraph, self.item)
        return self


class CitationIn(_Strict):
    """A record's citation: section and paragraph of a document, or item of a fact sheet."""

    source: SourceId
    section: str = ""
    paragraph: PositiveInt | None = None
    item: PositiveInt | None = None

    @model_validator(mode="after")
    def _locator(self) -> CitationIn:
        _one_locator(self.paragraph, self.item)
        if self.paragraph is not None and not self.section.strip():
            raise ValueError("a paragraph citation needs the section it sits under")
        if self.item is not None and self.section:
            raise ValueError("a fact sheet's item is cited without a section")
        return self


Cites = Annotated[list[CiteIn], Field(min_length=1)]


class DateValueIn(_Strict):
    value: Edtf
    cite: Cites
    note: str = ""


DateValues = Annotated[list[DateValueIn], Field(min_length=1)]
OneOrManyDates = Annotated[
    Annotated[Edtf, Tag(ONE)] | Annotated[DateValues, Tag(MANY)],
    Discriminator(_one_or_many),
]


class DateIn(_Strict):
    role: Text
    date: OneOrManyDates


class PartyIn(_Strict):
    org: Id
    role: str = ""


class PersonIn(_Strict):
    name: Text
    role: str = ""
    org: Id | None = None


class FigureValueIn(_Strict):
    value: Number
    as_of: Edtf | None = None
    qualifier: Qualifier = ""
    cite: Cites
    note: str = ""


FigureValues = Annotated[list[FigureValueIn], Field(min_length=1)]
OneOrManyNumbers = Annotated[
    Annotated[Number, Tag(ONE)] | Annotated[FigureValues, Tag(MANY)],
    Discriminator(_one_or_many),
]


class FigureIn(_Strict):
    label: Text
    value: OneOrManyNumbers
    unit: Text
    as_of: Edtf | None = None
    qualifier: Qualifier = ""

    @model_validator(mode="after")
    def _one_place_for_as_of(self) -> FigureIn:
        if isinstance(self.value, list) and (self.as_of is not None or self.qualifier):
            raise ValueError("with a list of values, give as_of and qualifier with each value")
        return self


class RelationIn(_Strict):
    type: Literal["under", "renews", "extends", "supersedes", "part-of", "related"]
    id: Id


class LinkIn(_Strict):
    url: Annotated[str, AfterValidator(_url)]
    title: str = ""


class ExtensionIn(_Strict):
    until: Edtf
    date: OneOrManyDates | None = None
    kind: Literal["extension", "renewal", "automatic"] = "extension"
    conditional: bool = False
    note: str = ""


class _RecordIn(_Strict):
    id: Id
    title: Text
    summary: Text
    short_name: str = ""
    aliases: list[Text] = []
    sectors: list[Id] = []
    parties: list[PartyIn] = []
    people: list[PersonIn] = []
    dates: list[DateIn] = []
    figures: list[FigureIn] = []
    related: list[RelationIn] = []
    links: list[LinkIn] = []
    citations: Annotated[list[CitationIn], Field(min_length=1)]
    notes: list[Text] = []
    place: str = ""
    # ids the record had before it was renamed
    replaces: list[Id] = []


class SectorIn(_RecordIn):
    order: int


class OrganizationIn(_RecordIn):
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    parent: Id | None = None
    org_type: str = ""


class AgreementIn(_RecordIn):
    type: Literal[
        "IGA",
        "MoU",
        "MoC",
        "LoI",
        "IA",
        "Arrangement",
        "Joint Research Contract",
        "Joint Statement",
        "Joint Declaration",
    ]
    term: Annotated[str, AfterValidator(_term)] | None = None
    extensions: list[ExtensionIn] = []


class ProgrammeIn(_RecordIn):
    category: str = ""


class EventIn(_RecordIn):
    category: str = ""


class SourceIn(_Strict):
    """A source: the brief (cited by paragraph) or a fact sheet of a page (by item)."""

    id: SourceId
    title: Text
    short_name: str = ""
    publisher: Text
    date: Edtf | None = None
    covers: Edtf | None = None
    file: str = ""
    url: Annotated[str, AfterValidator(_url)] | None = None
    language: str = ""
    numbering: Literal["paragraph", "item"] = "paragraph"


MODELS: dict[str, type[_Strict]] = {
    "sector": SectorIn,
    "organization": OrganizationIn,
    "agreement": AgreementIn,
    "programme": ProgrammeIn,
    "event": EventIn,
    "source": SourceIn,
}
assert set(AGREEMENT_TYPES) == set(AgreementIn.model_fields["type"].annotation.__args__)  # type: ignore[union-attr]
assert set(RELATION_TYPES) == set(RelationIn.model_fields["type"].annotation.__args__)  # type: ignore[union-attr]
assert set(QUALIFIERS) == set(Qualifier.__args__)  # type: ignore[attr-defined]
