"""SQLAlchemy 2.0 typed models of the user database (the current schema).

The migration scripts in `migrations/versions` describe the same tables step by
step; they never import this module, so old migrations do not drift with it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "Base",
    "BookmarkRow",
    "BookmarkTagRow",
    "BriefingItemRow",
    "BriefingNoteRow",
    "BriefingRow",
    "NoteRow",
    "UtcDateTime",
    "utcnow",
]


def utcnow() -> dt.datetime:
    """Now, in UTC, to the microsecond (the precision that is stored and exported)."""
    return dt.datetime.now(dt.UTC)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """An aware UTC datetime stored as ISO 8601 text, so it sorts and exports losslessly."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")

    def process_result_value(self, value: str | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        parsed = dt.datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    pass


class NoteRow(Base):
    """A Markdown note on a record, or free-standing (`record_id` is NULL)."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Stable across machines: export/import merges on it.
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    record_id: Mapped[str | None] = mapped_column(String(200), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_notes_updated_at", "updated_at"),)


class BookmarkRow(Base):
    """A bookmarked record, at most one per record."""

    __tablename__ = "bookmarks"

    record_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class BookmarkTagRow(Base):
    """One tag on a bookmark (added by migration 0002)."""

    __tablename__ = "bookmark_tags"

    record_id: Mapped[str] = mapped_column(
        String(200), ForeignKey("bookmarks.record_id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(100), primary_key=True)


class BriefingRow(Base):
    """A named briefing for a meeting (added by migration 0003)."""

    __tablename__ = "briefings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Stable across machines: export/import merges on it.
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    title: Mapped[str] = mapped_column(String(200), unique=True)
    meeting: Mapped[str] = mapped_column(Text)
    # ISO 8601 day (`2018-06-01`), or NULL when the meeting has no date yet.
    meeting_date: Mapped[str | None] = mapped_column(String(10))
    handling: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class BriefingItemRow(Base):
    """A record in a briefing, at its place in the order, with which of its notes go in.

    `notes` is `all` (every note on the record when the briefing is made), `none`,
    or `chosen` (those listed in `briefing_notes`).
    """

    __tablename__ = "briefing_items"

    briefing_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("briefings.id", ondelete="CASCADE"), primary_key=True
    )
    record_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(String(10))


class BriefingNoteRow(Base):
    """A note chosen for a record of a briefing, by the note's uuid (stable on import)."""

    __tablename__ = "briefing_notes"

    briefing_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    note_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)

    __table_args__ = (
        ForeignKeyConstraint(
            ["briefing_id", "record_id"],
            ["briefing_items.briefing_id", "briefing_items.record_id"],
            ondelete="CASCADE",
        ),
    )


class SeenChangeRow(Base):
    """A record a data update changed that the user has opened since (added by migration 0004).

    `data_version` is the content hash of the installed data the change came with,
    so the next update's changes are marked afresh.
    """

    __tablename__ = "seen_changes"

    data_version: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    seen_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
