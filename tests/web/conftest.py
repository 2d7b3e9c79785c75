"""Fixtures of the web tests: a real server over HTTP on loopback, its store, a CSRF-carrying client.

Every server test that uses them runs twice: on SQLite and on PostgreSQL (`shared_database_url`
of tests/conftest.py). Browser tests run on SQLite only: what they add (typesetting, figures,
the keyboard) does not depend on the database, and the server tests cover both stores."""

from __future__ import annotations

import re

import httpx
import pytest

from mvcalc.store.api import Store

from .server import LiveServer


def pytest_collection_modifyitems(config, items):
    keep, drop = [], []
    for item in items:
        param = getattr(getattr(item, "callspec", None), "params", {}).get("shared_database_url")
        (drop if param == "postgresql" and item.get_closest_marker("browser") else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def db_url(shared_database_url) -> str:
    return shared_database_url


@pytest.fixture(scope="session")
def live(db_url):
    server = LiveServer(db_url).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def store(db_url) -> Store:
    return Store(db_url)


class Client:
    """An httpx client that, like a browser, keeps the CSRF cookie and sends the page's token back."""

    def __init__(self, base: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=30, follow_redirects=False)
        self.token = ""

    def get(self, path: str, **kw) -> httpx.Response:
        response = self.http.get(path, **kw)
        found = re.search(r'name="csrf-token" content="([^"]+)"', response.text)
        if found:
            self.token = found.group(1)
        return response

    def post(self, path: str, data: dict | None = None, *, token: bool = True, **kw) -> httpx.Response:
        data = dict(data or {})
        if token:
            data.setdefault("csrf_token", self.token)
        return self.http.post(path, data=data, **kw)

    def close(self) -> None:
        self.http.close()


@pytest.fixture
def client(live):
    c = Client(live.url)
    c.get("/")
    yield c
    c.close()
