"""The schema of release 0.1.0, as its ``create_all`` made it: a database of that release is stamped here.

Revision ID: 0001
"""

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to do: the tables of 0.1.0 are there (a new database is made whole and stamped at head)."""


def downgrade() -> None:
    """Release 0.1.0 is the first schema: there is nothing before it."""
