"""Bring a database's schema to this release's with Alembic: which revision it is at, and the upgrade."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

_SCRIPTS = Path(__file__).with_name("migrations")
RELEASE_0_1_0 = "0001"  # the revision a database made before migrations existed is taken to be at


def _config(conn: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    config.attributes["connection"] = conn
    return config


def head() -> str:
    """The revision this release's code expects."""
    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    found = ScriptDirectory.from_config(config).get_current_head()
    assert found is not None
    return found


def current(engine: Engine) -> str | None:
    """The revision the database is at; ``RELEASE_0_1_0`` for one made before migrations; None when empty."""
    with engine.connect() as conn:
        revision = MigrationContext.configure(conn).get_current_revision()
        if revision is None and "articles" in inspect(conn).get_table_names():
            return RELEASE_0_1_0
        return revision


def stamp_head(conn: Connection) -> None:
    """Record that a database just made whole by ``create_all`` is at this release's revision."""
    command.stamp(_config(conn), head())


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Run every migration the database lacks, in one transaction; return (from revision, to revision)."""
    before = current(engine)
    with engine.begin() as conn:
        config = _config(conn)
        if MigrationContext.configure(conn).get_current_revision() is None:
            command.stamp(config, RELEASE_0_1_0)  # made by release 0.1.0, before migrations
        command.upgrade(config, "head")
    return before, head()
