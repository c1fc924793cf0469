"""Tags on bookmarks, and an index for listing notes newest first.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bookmark_tags",
        sa.Column(
            "record_id",
            sa.String(200),
            sa.ForeignKey("bookmarks.record_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("tag", sa.String(100), primary_key=True),
    )
    with op.batch_alter_table("notes") as batch:
        batch.create_index("ix_notes_updated_at", ["updated_at"])


def downgrade() -> None:
    with op.batch_alter_table("notes") as batch:
        batch.drop_index("ix_notes_updated_at")
    op.drop_table("bookmark_tags")
