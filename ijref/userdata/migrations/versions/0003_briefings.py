"""Briefings: a named, ordered set of records and chosen notes for a meeting.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "briefings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("title", sa.String(200), nullable=False, unique=True),
        sa.Column("meeting", sa.Text, nullable=False),
        sa.Column("meeting_date", sa.String(10), nullable=True),
        sa.Column("handling", sa.String(200), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "briefing_items",
        sa.Column(
            "briefing_id",
            sa.Integer,
            sa.ForeignKey("briefings.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("record_id", sa.String(200), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("notes", sa.String(10), nullable=False),
    )
    op.create_table(
        "briefing_notes",
        sa.Column("briefing_id", sa.Integer, primary_key=True),
        sa.Column("record_id", sa.String(200), primary_key=True),
        sa.Column("note_uuid", sa.String(36), primary_key=True),
        sa.ForeignKeyConstraint(
            ["briefing_id", "record_id"],
            ["briefing_items.briefing_id", "briefing_items.record_id"],
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("briefing_notes")
    op.drop_table("briefing_items")
    op.drop_table("briefings")
