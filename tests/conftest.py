"""Fixtures shared by every test folder: the two stores mvcalc supports, SQLite and PostgreSQL.

- `database_url` (per test, parametrised `[sqlite]` / `[postgresql]`): a fresh, empty database.
- `shared_database_url` (per session, parametrised the same way): one database for a whole
  session's tests (a live server's, say).
- `postgres` (per session): the server's admin URL, and `postgres.create()` for more databases.

The PostgreSQL server is `MVCALC_TEST_DATABASE_URL` (default
postgresql+psycopg://postgres@127.0.0.1:5432/test); each run creates its own uniquely named
databases there and drops them at the end. When it cannot be reached the PostgreSQL cases
skip, except with `CI` set, where they fail.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

# Like a served process (mvcalc.web.app.one_blas_thread), the tests make many tiny BLAS calls
# (2-D optimisers, small fits), which OpenBLAS's worker threads slow down several times on a
# busy machine; set before NumPy loads, and inherited by the servers and CLIs the tests start.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import pytest  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

DEFAULT_TEST_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
STORES = ("sqlite", "postgresql")


class Postgres:
    """The test server: creates uniquely named databases and drops them all in `close()`."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.prefix = f"mvcalc_test_{uuid.uuid4().hex[:10]}"
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT", pool_pre_ping=True,
                                   connect_args={"connect_timeout": 5})
        self.made: list[str] = []
        with self.admin.connect() as connection:
            connection.execute(text("SELECT 1"))

    def create(self, label: str = "") -> str:
        """A new empty database; returns its URL."""
        name = f"{self.prefix}_{len(self.made)}{'_' + label if label else ''}"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        self.made.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        for name in self.made:
            with self.admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres():
    url = os.environ.get("MVCALC_TEST_DATABASE_URL", "").strip() or DEFAULT_TEST_URL
    try:
        server = Postgres(url)
    except Exception as exc:  # any failure to reach it: the driver's, the network's
        message = f"PostgreSQL at {make_url(url).render_as_string()} is unreachable: {str(exc).splitlines()[0]}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    yield server
    server.close()


def _url(kind: str, request, folder) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'progress.sqlite3'}"
    return request.getfixturevalue("postgres").create()


@pytest.fixture(params=STORES)
def database_url(request, tmp_path) -> str:
    """A fresh empty database for one test, on SQLite and on PostgreSQL."""
    url = _url(request.param, request, tmp_path)
    yield url
    if request.param == "postgresql":
        request.getfixturevalue("postgres").drop(url)


@pytest.fixture(scope="session", params=STORES)
def shared_database_url(request, tmp_path_factory) -> str:
    """One database for every test of a session that asks for it, on SQLite and on PostgreSQL."""
    return _url(request.param, request, tmp_path_factory.mktemp(f"shared-{request.param}"))


CHROMIUM = "/usr/bin/chromium"  # Debian's chromium: tests never download a browser
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    """Playwright driving Debian's chromium, shared by every browser test (skipped without it, failed in CI)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (make browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
