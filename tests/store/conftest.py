"""Store tests run on SQLite and on a real PostgreSQL server (`MVCALC_TEST_DATABASE_URL`).

Each PostgreSQL test module gets a fresh database of its own (dropped afterwards). Without a
reachable server the PostgreSQL cases are skipped, except in CI (the `CI` variable set), where
they fail.
"""

from __future__ import annotations

import pytest
from postgres_db import postgres_database

from mvcalc.store import Store


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request, tmp_path):
    """A migrated, empty store on SQLite, then on PostgreSQL."""
    if request.param == "sqlite":
        store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
        store.migrate()
        yield store
        store.engine.dispose()
        return
    url, drop = postgres_database("accounts_test")
    store = Store(url)
    store.migrate()
    yield store
    store.engine.dispose()
    drop()
