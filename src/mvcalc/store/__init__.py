"""Progress store: SQLAlchemy models and Alembic migrations; SQLite by default."""
