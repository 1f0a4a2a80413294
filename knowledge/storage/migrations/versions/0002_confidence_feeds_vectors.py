"""Since release 0.1.0: each quote's attribution confidence, failed feed entries, sentence vectors.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Columns earlier development databases may lack too (release 0.1.0 has every one but the last).
_COLUMNS = (
    ("sentences", sa.Column("terms", sa.Text(), nullable=False, server_default="")),
    ("quotes", sa.Column("terms", sa.Text(), nullable=False, server_default="")),
    ("speakers", sa.Column("names", sa.Text(), nullable=False, server_default="")),
    ("quotes", sa.Column("confidence", sa.Float(), nullable=False, server_default="1.0")),
)


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    tables = set(inspector.get_table_names())
    for table, column in _COLUMNS:
        if column.name not in {c["name"] for c in inspector.get_columns(table)}:
            op.add_column(table, column)
    if "search_meta" not in tables:  # a development database older than release 0.1.0
        op.create_table(
            "search_meta",
            sa.Column("key", sa.Text(), primary_key=True),
            sa.Column("value", sa.Text(), nullable=False),
        )
    if "feed_failures" not in tables:
        op.create_table(
            "feed_failures",
            sa.Column("url", sa.String(2000), primary_key=True),
            sa.Column("failures", sa.Integer(), nullable=False),
            sa.Column("reason", sa.Text(), nullable=False),
            sa.Column("retry_at", sa.BigInteger(), nullable=False),
        )
        op.create_index("ix_feed_failures_retry_at", "feed_failures", ["retry_at"])
    if "article_vectors" not in tables:
        op.create_table(
            "article_vectors",
            sa.Column(
                "article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
            ),
            sa.Column("model", sa.String(200), nullable=False),
            sa.Column("dim", sa.Integer(), nullable=False),
            sa.Column("sentences", sa.LargeBinary(), nullable=False),
            sa.Column("quotes", sa.LargeBinary(), nullable=False),
            sa.Column("centre", sa.LargeBinary(), nullable=False),
        )
        op.create_index("ix_article_vectors_model", "article_vectors", ["model"])


def downgrade() -> None:
    op.drop_table("article_vectors")
    op.drop_table("feed_failures")
    with op.batch_alter_table("quotes") as batch:
        batch.drop_column("confidence")
