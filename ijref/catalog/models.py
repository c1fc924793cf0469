"""SQLAlchemy 2.0 typed models of the reference catalog.

The tables are written only by `ijref build`; at run time they are read through
`ijref.catalog.store`, which turns rows into domain records.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = [
    "AliasRow",
    "Base",
    "CitationRow",
    "ClaimCitationRow",
    "ClaimRow",
    "DateRow",
    "ExtensionRow",
    "FigureRow",
    "LinkRow",
    "MetaRow",
    "NoteRow",
    "PartyRow",
    "PersonRow",
    "RecordRow",
    "RelationRow",
    "ReplacedIdRow",
    "SectorLinkRow",
    "SourceRow",
]


class Base(DeclarativeBase):
    """Declarative base of the catalog schema."""


class MetaRow(Base):
    """Key/value facts about the build: data version, content hash, as-of date."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SourceRow(Base):
    __tablename__ = "source"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    publisher: Mapped[str] = mapped_column(Text)
    date: Mapped[str] = mapped_column(String)
    file: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text, default="")
    covers: Mapped[str] = mapped_column(String, default="")
    language: Mapped[str] = mapped_column(String, default="")
    numbering: Mapped[str] = mapped_column(String, default="paragraph")
    short_name: Mapped[str] = mapped_column(Text, default="")


class RecordRow(Base):
    __tablename__ = "record"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    kind: Mapped[str] = mapped_column(String, index=True)
    title: Mapped[str] = mapped_column(Text)
    short_name: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text)
    place: Mapped[str] = mapped_column(Text, default="")
    country: Mapped[str] = mapped_column(String, default="")
    parent: Mapped[str] = mapped_column(String, default="")
    org_type: Mapped[str] = mapped_column(String, default="")
    agreement_type: Mapped[str] = mapped_column(String, default="")
    term: Mapped[str] = mapped_column(String, default="")
    category: Mapped[str] = mapped_column(String, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # earliest day of the main date, ISO text, for ordering without parsing EDTF
    sort_date: Mapped[str] = mapped_column(String, default="", index=True)
    main_date: Mapped[str] = mapped_column(String, default="")
    source_file: Mapped[str] = mapped_column(String, default="")
    # a hash of the record's content, to find what a data update changed
    digest: Mapped[str] = mapped_column(String, default="")

    aliases: Mapped[list[AliasRow]] = relationship(order_by="AliasRow.pos")
    sectors: Mapped[list[SectorLinkRow]] = relationship(
        order_by="SectorLinkRow.pos", foreign_keys="SectorLinkRow.record_id"
    )
    parties: Mapped[list[PartyRow]] = relationship(
        order_by="PartyRow.pos", foreign_keys="PartyRow.record_id"
    )
    people: Mapped[list[PersonRow]] = relationship(order_by="PersonRow.pos")
    dates: Mapped[list[DateRow]] = relationship(order_by="DateRow.pos")
    figures: Mapped[list[FigureRow]] = relationship(order_by="FigureRow.pos")
    relations: Mapped[list[RelationRow]] = relationship(
        order_by="RelationRow.pos", foreign_keys="RelationRow.record_id"
    )
    links: Mapped[list[LinkRow]] = relationship(order_by="LinkRow.pos")
    citations: Mapped[list[CitationRow]] = relationship(order_by="CitationRow.pos")
    notes: Mapped[list[NoteRow]] = relationship(order_by="NoteRow.pos")
    extensions: Mapped[list[ExtensionRow]] = relationship(order_by="ExtensionRow.pos")
    claims: Mapped[list[ClaimRow]] = relationship(order_by="ClaimRow.pos")
    claim_citations: Mapped[list[ClaimCitationRow]] = relationship(
        order_by="[ClaimCitationRow.claim_pos, ClaimCitationRow.pos]"
    )
    replaces: Mapped[list[ReplacedIdRow]] = relationship(order_by="ReplacedIdRow.pos")


class _Child:
    """Columns every child table shares: its record and its position."""

    record_id: Mapped[str] = mapped_column(ForeignKey("record.id"), primary_key=True)
    pos: Mapped[int] = mapped_column(Integer, primary_key=True)


class AliasRow(_Child, Base):
    __tablename__ = "alias"
    alias: Mapped[str] = mapped_column(Text)


class SectorLinkRow(_Child, Base):
    """A record's place in a sector; `derived` rows place an organization in the
    sectors of the records it takes part in, so the tree can list it there."""

    __tablename__ = "record_sector"
    sector_id: Mapped[str] = mapped_column(ForeignKey("record.id"), index=True)
    derived: Mapped[bool] = mapped_column(default=False)


class PartyRow(_Child, Base):
    __tablename__ = "party"
    org_id: Mapped[str] = mapped_column(ForeignKey("record.id"), index=True)
    role: Mapped[str] = mapped_column(String, default="")


class PersonRow(_Child, Base):
    __tablename__ = "person"
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(Text, default="")
    org_id: Mapped[str] = mapped_column(String, default="")


class DateRow(_Child, Base):
    __tablename__ = "record_date"
    role: Mapped[str] = mapped_column(String)
    edtf: Mapped[str] = mapped_column(String)
    earliest: Mapped[str] = mapped_column(String, default="", index=True)
    latest: Mapped[str] = mapped_column(String, default="")


class FigureRow(_Child, Base):
    __tablename__ = "figure"
    label: Mapped[str] = mapped_column(Text)
    value: Mapped[float] = mapped_column()
    unit: Mapped[str] = mapped_column(String)
    as_of: Mapped[str] = mapped_column(String, default="")
    qualifier: Mapped[str] = mapped_column(String, default="")


class RelationRow(_Child, Base):
    __tablename__ = "relation"
    type: Mapped[str] = mapped_column(String)
    target_id: Mapped[str] = mapped_column(ForeignKey("record.id"), index=True)


class LinkRow(_Child, Base):
    __tablename__ = "link"
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text, default="")


class CitationRow(_Child, Base):
    __tablename__ = "citation"
    source_id: Mapped[str] = mapped_column(ForeignKey("source.id"))
    section: Mapped[str] = mapped_column(Text)
    paragraph: Mapped[int] = mapped_column(Integer)
    item: Mapped[int] = mapped_column(Integer, default=0)


class NoteRow(_Child, Base):
    __tablename__ = "editorial_note"
    text: Mapped[str] = mapped_column(Text)


class ExtensionRow(_Child, Base):
    __tablename__ = "extension"
    until: Mapped[str] = mapped_column(String)
    date: Mapped[str] = mapped_column(String, default="")
    kind: Mapped[str] = mapped_column(String, default="extension")
    conditional: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")


class ClaimRow(_Child, Base):
    """What one source says a date or figure is.

    `field` names what it belongs to (`date`, `figure`, `extension`) and
    `owner_pos` which one (its `pos` in that table); `value` is the EDTF text of a
    date or the number of a figure, as text.
    """

    __tablename__ = "claim"
    field: Mapped[str] = mapped_column(String)
    owner_pos: Mapped[int] = mapped_column(Integer)
    value: Mapped[str] = mapped_column(String)
    as_of: Mapped[str] = mapped_column(String, default="")
    qualifier: Mapped[str] = mapped_column(String, default="")
    note: Mapped[str] = mapped_column(Text, default="")


class ClaimCitationRow(Base):
    """Where a claim is said."""

    __tablename__ = "claim_citation"
    record_id: Mapped[str] = mapped_column(ForeignKey("record.id"), primary_key=True)
    claim_pos: Mapped[int] = mapped_column(Integer, primary_key=True)
    pos: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("source.id"))
    section: Mapped[str] = mapped_column(Text, default="")
    paragraph: Mapped[int] = mapped_column(Integer, default=0)
    item: Mapped[int] = mapped_column(Integer, default=0)


class ReplacedIdRow(_Child, Base):
    """An id the record had before it was renamed (each old id belongs to one record)."""

    __tablename__ = "replaced_id"
    old_id: Mapped[str] = mapped_column(String, unique=True)
