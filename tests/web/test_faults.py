"""Faults, over real HTTP: a full disk, a read-only or vanished database file, a PostgreSQL server
restarted under load, oversized and deeply nested bodies. The learner gets a clear answer
("your answer could not be saved: ..."), nothing acknowledged is lost, and the server keeps
running and recovers by itself once the store is back."""

from __future__ import annotations

import collections
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from mvcalc.store import Store

from .learners import Learner, saved_answers
from .scratch_postgres import ScratchPostgres, binaries
from .server import LiveServer

ROOT = os.geteuid() == 0


# ---------------------------------------------------------------- on both stores


def test_ready_checks_the_store(client):
    response = client.get("/ready")
    assert response.status_code == 200 and response.json() == {"status": "ok", "store": "ok"}


@pytest.mark.parametrize("path", ["/api/preview", "/api/figures/network-backprop", "/api/sandpit/rounds",
                                  "/api/sandpit/rounds/x/probe"])
@pytest.mark.parametrize("content_type", ["application/json", "text/plain"])
def test_deeply_nested_json_is_refused_with_a_400(client, path, content_type):
    body = '{"text": ' + "[" * 50_000 + "]" * 50_000 + "}"
    headers = {"Content-Type": content_type, "X-CSRF-Token": client.token, "Accept": "application/json"}
    response = client.http.post(path, content=body, headers=headers)
    assert response.status_code == 400 and "nested too deeply" in response.json()["error"]


def test_shallow_json_still_works(client):
    headers = {"Content-Type": "application/json", "X-CSRF-Token": client.token}
    response = client.http.post("/api/preview", content='{"text": "[[1, 2], [3, 4]]"}', headers=headers)
    assert response.status_code == 200 and response.json()["ok"]


def test_oversized_bodies_are_refused_with_a_413(client):
    headers = {"Content-Type": "application/json", "X-CSRF-Token": client.token, "Accept": "application/json"}
    declared = client.http.post("/api/preview", content=b" " * 2_000_001, headers=headers)
    assert declared.status_code == 413 and "too large" in declared.json()["error"]

    def chunks():  # no Content-Length: counted while it arrives
        for _ in range(3):
            yield b"a" * 800_000

    streamed = client.http.post("/practice/m1-s4-product-rule", content=chunks(),
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert streamed.status_code == 413 and "too large" in streamed.text
    assert client.get("/health").status_code == 200


# ---------------------------------------------------------------- SQLite file faults


def _serve(url: str) -> LiveServer:
    return LiveServer(url).start()


def _protect(path: Path, on: bool) -> None:
    """Make a file unwritable (root ignores permissions, so the immutable attribute) or writable again."""
    if ROOT:
        subprocess.run(["chattr", "+i" if on else "-i", str(path)], check=True)
    else:
        path.chmod(0o444 if on else 0o644)


def _answers_until(learner: Learner, status: int, start: int, tries: int = 20) -> int:
    for n in range(start, start + tries):
        if learner.answer(f"{n}") == status:
            return n + 1
    raise AssertionError(f"no answer got {status}: {learner.other or learner.refused}")


def _nothing_lost(learner: Learner, store: Store) -> None:
    saved = collections.Counter(saved_answers(store))
    assert learner.other == []
    assert all(saved[a] == 1 for a in learner.answered), "an acknowledged answer is missing or doubled"
    assert not any(saved[a] for a in learner.refused), "a refused answer was saved"


def _files(path: Path) -> list[Path]:
    """The database and its WAL files (its `-shm` is memory-mapped: the SIGBUS case)."""
    return [f for f in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")) if f.exists()]


@pytest.mark.parametrize("which", ["database", "database and WAL files"])
def test_a_database_file_made_unwritable_while_running(tmp_path, which):
    path = tmp_path / "progress.sqlite3"
    server = _serve(f"sqlite:///{path}")
    learner = Learner([server.url])
    try:
        n = _answers_until(learner, 200, 0)
        files = _files(path) if which != "database" else [path]
        assert len(files) == 3 or which == "database"
        for f in files:
            _protect(f, True)
        try:
            n = _answers_until(learner, 503, n)
            assert learner.http.get(server.url + "/ready").status_code == 503
            assert learner.http.get(server.url + "/health").status_code == 200
            # a practice view (its transactions run on the event loop) is refused the same way
            page = learner.http.get(server.url + "/practice/m1-s4-product-rule")
            assert page.status_code == 503 and "read-only" in page.text
            assert server.process.poll() is None, "the server died"
        finally:
            for f in files:
                _protect(f, False)
        _answers_until(learner, 200, n)  # back: it recovers without a restart
        assert server.process.poll() is None
    finally:
        learner.close()
        server.stop()
    _nothing_lost(learner, Store(f"sqlite:///{path}"))


def test_a_vanished_database_file(tmp_path):
    path = tmp_path / "progress.sqlite3"
    server = _serve(f"sqlite:///{path}")
    learner = Learner([server.url])
    try:
        n = _answers_until(learner, 200, 0)
        path.rename(tmp_path / "moved.sqlite3")
        n = _answers_until(learner, 503, n)
        page = learner.http.get(server.url + "/practice/m1-s4-product-rule")
        assert page.status_code == 503 and "Your progress could not be read" in page.text and "vanished" in page.text
        assert not path.exists(), "a vanished file must not be silently replaced by an empty one"
        (tmp_path / "moved.sqlite3").rename(path)
        _answers_until(learner, 200, n)
    finally:
        learner.close()
        server.stop()
    _nothing_lost(learner, Store(f"sqlite:///{path}"))


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB tmpfs (root only: mounting needs it)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root: " + mounted.stderr.decode().strip())
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_full_disk(small_disk):
    url = f"sqlite:///{small_disk / 'progress.sqlite3'}"
    server = _serve(url)
    learner = Learner([server.url])
    filler = small_disk / "filler"
    try:
        n = _answers_until(learner, 200, 0)
        with open(filler, "wb") as f:  # fill the disk to the last byte
            try:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
            except OSError:
                pass
        n = _answers_until(learner, 503, n)
        assert "could not be saved" in learner.http.post(
            f"{server.url}/practice/m1-s4-product-rule", data={"csrf_token": learner.token, "question": "m1-product-linear",
                                                               "seed": 11, "answer": "x"}).text
        assert learner.http.get(server.url + "/health").status_code == 200
        filler.unlink()
        _answers_until(learner, 200, n + 1)
        assert server.process.poll() is None
    finally:
        learner.close()
        server.stop()
    learner.refused.append("x")  # the HTML form post above was refused too
    _nothing_lost(learner, Store(url))


# ---------------------------------------------------------------- PostgreSQL restarted under load


@pytest.fixture
def scratch_postgres():
    if binaries() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL's initdb and pg_ctl are not installed")
        pytest.skip("PostgreSQL's initdb and pg_ctl are not installed")
    cluster = ScratchPostgres().start()
    yield cluster
    cluster.close()


def test_postgresql_restarted_under_load(scratch_postgres):
    server = _serve(scratch_postgres.url)
    learners = [Learner([server.url]) for _ in range(3)]
    stop = threading.Event()

    def load(k: int, learner: Learner) -> None:
        n = 0
        while not stop.is_set():
            learner.answer(f"{k}-{n}")
            n += 1

    threads = [threading.Thread(target=load, args=(k, lr)) for k, lr in enumerate(learners)]
    try:
        for t in threads:
            t.start()
        time.sleep(1.5)
        scratch_postgres.stop("fast")  # the server goes away for longer than the store retries
        time.sleep(5)
        scratch_postgres.start()
        time.sleep(4)
        stop.set()
        for t in threads:
            t.join(timeout=60)
        last = [lr.answer(f"after-{k}") for k, lr in enumerate(learners)]
        assert last == [200, 200, 200], "the app did not recover by itself"
        assert server.process.poll() is None
    finally:
        stop.set()
        for lr in learners:
            lr.close()
        server.stop()
    store = Store(scratch_postgres.url)
    for lr in learners:
        assert lr.other == [], lr.other[:3]
    assert sum(len(lr.refused) for lr in learners) > 0, "the outage was never seen"
    saved = collections.Counter(saved_answers(store))
    for lr in learners:
        assert all(saved[a] == 1 for a in lr.answered), "an acknowledged answer is missing or doubled"
    store.engine.dispose()


# ---------------------------------------------------------------- start-up problems


def _serve_once(url: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mvcalc", "serve", "--db", url, "--get", "/health"],
                          capture_output=True, text=True, timeout=120)


def _one_line_and_exit_2(result: subprocess.CompletedProcess, words: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "Traceback" not in result.stderr, result.stderr


def test_start_up_on_a_read_only_database_file(tmp_path):
    path = tmp_path / "progress.sqlite3"
    Store(f"sqlite:///{path}").migrate()
    _protect(path, True)
    try:
        _one_line_and_exit_2(_serve_once(f"sqlite:///{path}"), "read-only")
    finally:
        _protect(path, False)


@pytest.mark.parametrize(("url", "words"), [
    ("postgresql+psycopg://postgres@127.0.0.1:1/nothing", "cannot be reached"),
    ("nosuchdb://x/y", "is not a database URL"),
    ("sqlite:////proc/mvcalc/progress.sqlite3", "cannot create the folder"),
])
def test_start_up_problems_are_one_line_and_exit_2(url, words):
    _one_line_and_exit_2(_serve_once(url), words)

