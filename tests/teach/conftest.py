"""The LTI tests' two real HTTP servers on 127.0.0.1: the course (accounts on) and a simulated LMS."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest
import uvicorn
from postgres_db import postgres_database

from mvcalc.store import Store
from mvcalc.store import lti as lti_store
from mvcalc.web.app import Settings, create_app

from .platform import CLIENT_ID, DEPLOYMENT, Platform


class ToolServer:
    """The course app served by uvicorn in a thread, on a free loopback port."""

    def __init__(self, database_url: str) -> None:
        self.app = create_app(Settings(database_url=database_url, accounts=True))
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        sock.close()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> ToolServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("the course did not start")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.app.state.store.engine.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def lti_db(request, tmp_path_factory):
    """The course's database: a SQLite file, then a fresh PostgreSQL database (skipped without a
    server, failed in CI)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('teach') / 'course.sqlite3'}"
        return
    url, drop = postgres_database("teach_web")
    yield url
    drop()


@pytest.fixture(scope="module")
def tool(lti_db):
    server = ToolServer(lti_db).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def platform(tool, lti_db):
    lms = Platform().start(tool.url)
    lti_store.add_platform(
        Store(lti_db), lms.issuer, CLIENT_ID, deployment_ids=[DEPLOYMENT], auth_login_url=lms.url + "/auth",
        auth_token_url=lms.url + "/token", key_set_url=lms.url + "/jwks", name="Simulated LMS",
    )
    yield lms
    lms.stop()


@pytest.fixture
def browser_client(tool):
    """An httpx client with a cookie jar, like a browser (redirects followed by hand)."""
    with httpx.Client(timeout=30, follow_redirects=False) as client:
        yield client
