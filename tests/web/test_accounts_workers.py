"""Accounts on `mvcalc serve --workers 2`: a session, its CSRF token and a Sandpit round work on every worker."""

from __future__ import annotations

import json

from mvcalc.store.api import Store
from mvcalc.web.auth import SESSION_COOKIE

from .accounts_fixtures import Browser, seed_class
from .server import LiveServer


def test_a_signed_in_learner_is_served_by_either_worker(database_url):
    seed_class(Store(database_url))
    server = LiveServer(database_url, ("--accounts", "--workers", "2")).start()
    ann = Browser(server.url)
    try:
        assert ann.sign_in("ann").status_code == 303
        # many requests on fresh connections: the kernel spreads them over both workers
        for _ in range(12):
            fresh = Browser(server.url)
            fresh.http.cookies.update(ann.http.cookies)
            page = fresh.get("/")
            assert page.status_code == 200 and "Ann" in page.text  # signed in, whichever worker answered
            fresh.close()
        headers = {"Accept": "application/json", "Content-Type": "application/json", "X-CSRF-Token": ann.token}
        started = ann.http.post("/api/sandpit/rounds", content=json.dumps({"level": "intro"}), headers=headers)
        assert started.status_code == 200, started.text
        key = started.json()["round"]
        for k in range(10):
            fresh = Browser(server.url)
            fresh.http.cookies.update(ann.http.cookies)
            probe = fresh.http.post(f"/api/sandpit/rounds/{key}/probe", headers=headers,
                                    content=json.dumps({"x": 0.2 + 0.1 * k, "y": 0.2}))
            assert probe.status_code == 200 and probe.json()["used"] == k + 1, probe.text
            fresh.close()
        session = ann.http.cookies.get(SESSION_COOKIE)
        assert ann.post("/logout").status_code == 303
        for _ in range(6):  # the ended session is refused by both workers
            replay = Browser(server.url)
            replay.http.cookies.set(SESSION_COOKIE, session, domain="127.0.0.1")
            assert replay.get("/").status_code == 303
            replay.close()
    finally:
        ann.close()
        server.stop()
