"""When each reader asked their questions, so the limit on how fast one reader may ask holds across replicas.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questions_asked",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reader_id", sa.BigInteger(), nullable=False),
        sa.Column("asked_at", sa.Float(), nullable=False),
    )
    op.create_index("ix_questions_asked_reader", "questions_asked", ["reader_id", "asked_at"])


def downgrade() -> None:
    op.drop_table("questions_asked")
