"""The Alembic migrations of the database schema, one module per revision (``knowledge.storage.migrate`` runs them)."""
