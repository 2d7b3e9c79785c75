"""kill -9 of an app process under load: no acknowledged answer and no Sandpit round is lost.

Two `mvcalc serve` processes share one database (SQLite file or PostgreSQL), or one
`mvcalc serve --workers 2`; learners answer and probe Sandpit rounds on both while one
process is killed without warning. Afterwards every answer whose 200 arrived is in the
store exactly once, every round whose start was acknowledged is there with at least the
probes acknowledged, and every round plays on in the process that is left.
"""

from __future__ import annotations

import collections
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from mvcalc.store import Store

from .learners import Learner, saved_answers
from .server import LiveServer

LEARNERS = 4


def _workers(pid: int) -> list[int]:
    """The app processes uvicorn's supervisor `pid` spawned (not multiprocessing's helpers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid and b"spawn_main" in command:
                found.append(int(entry.name))
    return found


def _run_load(urls: list[str], kill) -> tuple[list[Learner], dict[str, int]]:
    """Learners answer and probe on every server; `kill()` is called in the middle."""
    learners = [Learner(urls) for _ in range(LEARNERS)]
    rounds: dict[str, int] = {}  # round id -> probes acknowledged
    lock = threading.Lock()
    for k, learner in enumerate(learners):
        started = learner.post_json(urls[k % len(urls)], "/api/sandpit/rounds", {"level": "intro"})
        assert started.status_code == 200, started.text
        rounds[started.json()["round"]] = 0
    stop = threading.Event()

    def load(k: int, learner: Learner, key: str) -> None:
        n = 0
        while not stop.is_set():
            url = urls[n % len(urls)]
            learner.answer(f"{k}-{n}", url)
            if n % 3 == 0:
                x, y = 0.3 + (n % 17) * 0.3, 0.2 + (k % 5) * 0.01  # far from any phone, mostly
                try:
                    out = learner.post_json(url, f"/api/sandpit/rounds/{key}/probe", {"x": x, "y": y})
                except Exception:  # noqa: BLE001 - the killed process: nothing acknowledged
                    out = None
                if out is not None and out.status_code == 200:
                    with lock:
                        rounds[key] = max(rounds[key], out.json()["used"])
            n += 1

    threads = [threading.Thread(target=load, args=(k, lr, key)) for k, (lr, key) in enumerate(zip(learners, rounds, strict=True))]
    for t in threads:
        t.start()
    time.sleep(3)
    kill()
    time.sleep(3)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    return learners, rounds


def _nothing_lost(url: str, learners: list[Learner], rounds: dict[str, int], survivor: str) -> None:
    store = Store(url)
    saved = collections.Counter(saved_answers(store))
    answered = [a for lr in learners for a in lr.answered]
    assert answered, "no answer was acknowledged"
    for learner in learners:
        assert learner.other == [], learner.other[:3]
    missing = [a for a in answered if saved[a] != 1]
    assert missing == [], f"acknowledged answers lost or doubled: {missing[:5]}"
    for key, acknowledged in rounds.items():
        state = store.round(key, "local")
        assert state is not None, "an acknowledged round was lost"
        numbers = [p["number"] for p in state["probes"]]
        assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= acknowledged
        if state["status"] == "playing":  # and it plays on in the process that is left
            out = learners[0].post_json(survivor, f"/api/sandpit/rounds/{key}/probe", {"x": 5.9, "y": 0.1})
            assert out.status_code == 200 and out.json()["used"] == len(numbers) + 1
    store.engine.dispose()


def test_kill_9_of_one_of_two_app_processes(database_url):
    a, b = LiveServer(database_url).start(), LiveServer(database_url).start()
    try:
        learners, rounds = _run_load([a.url, b.url], lambda: a.process.send_signal(signal.SIGKILL))
        assert a.process.wait(timeout=10) == -signal.SIGKILL and b.process.poll() is None
        _nothing_lost(database_url, learners, rounds, b.url)
    finally:
        a.stop()
        b.stop()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_kill_9_of_a_worker_of_serve_workers_2(database_url):
    server = LiveServer(database_url, ("--workers", "2")).start()
    try:
        workers = _workers(server.process.pid)
        assert len(workers) >= 2, workers

        def kill() -> None:
            os.kill(workers[0], signal.SIGKILL)

        learners, rounds = _run_load([server.url], kill)
        assert server.process.poll() is None
        _nothing_lost(database_url, learners, rounds, server.url)
    finally:
        server.stop()
