"""Which records changed by a data update the user has opened (the rest stay marked).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seen_changes",
        sa.Column("data_version", sa.String(64), primary_key=True),
        sa.Column("record_id", sa.String(200), primary_key=True),
        sa.Column("seen_at", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("seen_changes")
