"""Grading queue: 100 submitted backprop files (half right, half wrong in four ways) graded by 1 and by 2
`mvcalc worker` processes on PostgreSQL, next to the same 100 graded serially in this process.

Figures: wall time and jobs per minute of each, and the ratios to the serial run. Workers are
started and registered before the jobs are queued, so the times are grading, not start-up.
The database is `queue_bench_…` on MVCALC_TEST_DATABASE_URL's server, dropped at the end.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from importlib import resources

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from mvcalc.assignments import get
from mvcalc.grading import grade
from mvcalc.grading.hosted import HostedQueue
from mvcalc.store import submissions
from mvcalc.store.api import Store

N = int(os.environ.get("MVCALC_BENCH_QUEUE_N", "100"))
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REFERENCE = resources.files("mvcalc.assignments.backprop").joinpath("reference.py").read_text(encoding="utf-8")
AVERAGE = "J = np.sum(J, axis=1, keepdims=True) / x.size\n    return J\n"


def files() -> list[str]:
    """N files, alternating right and wrong (not averaged, wrong sign, the starter, a syntax error)."""
    wrong = [
        REFERENCE.replace(AVERAGE, "J = np.sum(J, axis=1, keepdims=True)\n    return J\n", 1),
        REFERENCE.replace(AVERAGE, "J = -np.sum(J, axis=1, keepdims=True) / x.size\n    return J\n", 1),
        "# mvcalc assignment: backprop\n" + get("backprop").starter_text(),
        REFERENCE.replace("def J_b1(", "def J_b1(:", 1),
    ]
    return [REFERENCE if i % 2 == 0 else wrong[(i // 2) % len(wrong)] for i in range(N)]


def submit_all(store: Store) -> list[int]:
    return [submissions.create(store, "bench", "backprop", "backprop.py", t) for t in files()]


def wait(store: Store, ids: list[int]) -> None:
    """Until every submission is finished: one cheap query every 0.25 s (the poller must not steal the CPU)."""
    query = text("SELECT count(*) FROM submissions WHERE id BETWEEN :lo AND :hi AND status IN ('queued', 'running')")
    with store.engine.connect() as connection:
        while connection.execute(query, {"lo": min(ids), "hi": max(ids)}).scalar():
            connection.rollback()
            time.sleep(0.25)


def with_workers(url: str, store: Store, count: int) -> tuple[float, list[int]]:
    procs = [subprocess.Popen([sys.executable, "-m", "mvcalc", "worker", "--db", url],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(count)]
    try:
        with store.engine.connect() as connection:  # every worker registered: start-up is not timed
            while connection.execute(text("SELECT count(*) FROM procrastinate_workers")).scalar() < count:
                if any(p.poll() is not None for p in procs):
                    raise RuntimeError("a `mvcalc worker` exited at start-up")
                connection.rollback()
                time.sleep(0.2)
        queue = HostedQueue(url)
        started = time.perf_counter()
        ids = submit_all(store)
        for i in ids:
            queue.enqueue(i)
        wait(store, ids)
        elapsed = time.perf_counter() - started
        queue.close()
        return elapsed, ids
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            p.wait(timeout=60)


def main() -> None:
    base = make_url(os.environ.get("MVCALC_TEST_DATABASE_URL", DEFAULT_PG))
    name = f"queue_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    try:
        store = Store(url)
        store.migrate()
        started = time.perf_counter()
        ids = submit_all(store)
        for i in ids:
            grade(store, i)
        serial = time.perf_counter() - started
        passed = sum(bool(submissions.get(store, i)["passed"]) for i in ids)
        one, ids1 = with_workers(url, store, 1)
        two, ids2 = with_workers(url, store, 2)
        for run in (ids1, ids2):
            assert sum(bool(submissions.get(store, i)["passed"]) for i in run) == passed
        store.engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    print(f"{N} backprop submissions ({passed} right, {N - passed} wrong), on {os.cpu_count()} CPUs")
    print(f"  {'run':<28}{'wall s':>9}{'jobs/min':>10}{'vs serial':>11}")
    for label, seconds in (("serial, in-process", serial), ("1 mvcalc worker", one), ("2 mvcalc workers", two)):
        print(f"  {label:<28}{seconds:9.1f}{60 * N / seconds:10.1f}{serial / seconds:10.2f}x")
    print(f"  2 workers vs 1 worker: {one / two:.2f}x")


if __name__ == "__main__":
    main()
