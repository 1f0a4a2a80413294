"""The Telegram updates already taken on, so several bot replicas handle each update once.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "processed_updates",
        sa.Column("update_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("claimed_at", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_processed_updates_claimed_at", "processed_updates", ["claimed_at"])


def downgrade() -> None:
    op.drop_table("processed_updates")
