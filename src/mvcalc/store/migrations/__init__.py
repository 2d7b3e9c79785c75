"""Alembic migrations of the progress store (run by Store.migrate)."""
