"""A fresh database on the real PostgreSQL server of the tests (`MVCALC_TEST_DATABASE_URL`).

Without a reachable server the caller is skipped, except in CI (the `CI` variable set), where it fails.
"""

from __future__ import annotations

import os
import secrets

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_database(prefix: str):
    """Create a fresh PostgreSQL database; returns (url, drop) or calls pytest.skip/fail."""
    base = make_url(os.environ.get("MVCALC_TEST_DATABASE_URL", DEFAULT_PG))
    name = f"{prefix}_{secrets.token_hex(4)}"
    try:
        admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # no driver, no server: skip here, fail in CI
        message = f"PostgreSQL at {base.render_as_string(hide_password=True)} is not reachable: {exc}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return base.set(database=name).render_as_string(hide_password=False), drop
