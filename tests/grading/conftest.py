"""Fixtures of the grading tests: submissions, a fresh PostgreSQL database, real `mvcalc worker` processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from mvcalc.store import submissions
from mvcalc.store.api import Store

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def reference(name: str = "backprop") -> str:
    return resources.files(f"mvcalc.assignments.{name}").joinpath("reference.py").read_text(encoding="utf-8")


def starter(name: str = "backprop") -> str:
    from mvcalc.assignments import get

    return f"# mvcalc assignment: {name}\n" + get(name).starter_text()


def wrong_backprop() -> str:
    """J_b3 summed but not averaged over the examples: loads fine, fails J_b3 only."""
    text = reference()
    head, tail = text.split("def J_b3(", 1)
    body, rest = tail.split("\n\n\n", 1)
    return head + "def J_b3(" + body.replace("/ x.size", "", 1) + "\n\n\n" + rest


def wait_for(store: Store, ids, timeout: float = 90.0, done=("graded", "failed")) -> list[dict]:
    deadline = time.monotonic() + timeout
    while True:
        rows = [submissions.get(store, i) for i in ids]
        if all(r["status"] in done for r in rows) or time.monotonic() > deadline:
            return rows
        time.sleep(0.2)


def records(store: Store, submission_id: int) -> int:
    """How many assignment records (what progress reads) a submission produced."""
    return sum(1 for r in store.assignments("local") if r["details"].get("submission") == submission_id)


@pytest.fixture
def pg_url():
    """A fresh database `queue_test_…` on the test PostgreSQL server (MVCALC_TEST_DATABASE_URL), dropped after."""
    base = make_url(os.environ.get("MVCALC_TEST_DATABASE_URL", DEFAULT_PG))
    name = f"queue_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        admin.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {base.render_as_string()} is unreachable: {exc}")
        pytest.skip(f"PostgreSQL is unreachable ({type(exc).__name__})")
    url = base.set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


class Workers:
    """Real `mvcalc worker` subprocesses; every one is stopped (or killed) at the end of the test."""

    def __init__(self, url: str, log_dir: Path):
        self.url = url
        self.log_dir = log_dir
        self.processes: list[subprocess.Popen] = []

    def start(self, *args: str, env: dict | None = None) -> subprocess.Popen:
        log = open(self.log_dir / f"worker-{len(self.processes)}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "-m", "mvcalc", "worker", "--db", self.url, "--heartbeat", "0.5",
             "--stalled-after", "4", *args],
            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        self.processes.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def workers(pg_url, tmp_path):
    Store(pg_url).migrate()
    pool = Workers(pg_url, tmp_path)
    yield pool
    pool.stop_all()
