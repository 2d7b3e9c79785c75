"""Accounts mode on a real PostgreSQL server, over real HTTP: sign in, practise, take an attempt."""

from __future__ import annotations

import pytest
from postgres_db import postgres_database

from mvcalc.exercises import registry as bank
from mvcalc.store import Store
from mvcalc.store import accounts as acc

from .accounts_fixtures import Browser, seed_class
from .server import LiveServer
from .test_routes import _quiz_form


@pytest.fixture(scope="module")
def hosted_pg():
    url, drop = postgres_database("accounts_web")
    store = Store(url)
    seed_class(store)
    server = LiveServer(url, ("--accounts",)).start()
    yield server, store
    server.stop()
    store.engine.dispose()
    drop()


def test_a_class_on_postgresql_signs_in_practises_and_takes_an_attempt(hosted_pg):
    server, store = hosted_pg
    ann = Browser(server.url)
    assert ann.get("/").status_code == 303
    assert ann.sign_in("ann").status_code == 303
    q = bank.get("m1-product-linear").generate(5)
    response = ann.post("/practice/m1-s4-product-rule", {"question": q.id, "seed": q.seed, "answer": q.answer_text})
    assert response.status_code == 200 and "verdict correct" in response.text
    assert store.attempts("ann", question_id=q.id)[0]["status"] == "correct"
    assert store.attempts("bea") == []
    start = ann.post("/assessments/m1-assessment/start")
    attempt = acc.find_attempt(store, "ann", "m1-assessment", 1)
    assert start.headers["location"] == f"/assessments/m1-assessment/take/{attempt.id}"
    form = {k: v for k, v in _quiz_form("m1-assessment", attempt.seed).items() if k not in ("seed", "attempt")}
    result = ann.post("/assessments/m1-assessment", {**form, "attempt": attempt.id})
    assert result.status_code == 200 and "100 %" in result.text
    assert acc.attempts_of(store, "ann", "m1-assessment")[0].result_id is not None
    ann.post("/logout")
    assert ann.get("/").status_code == 303
    ann.close()
