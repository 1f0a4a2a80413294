"""Keep articles and chats in a SQL database (SQLite or PostgreSQL) through SQLAlchemy."""
