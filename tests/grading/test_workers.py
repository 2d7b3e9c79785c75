"""Grading on PostgreSQL: procrastinate jobs run by real `mvcalc worker` processes, including a kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from sqlalchemy import text

from mvcalc.grading import MAX_ATTEMPTS
from mvcalc.grading.hosted import HostedQueue
from mvcalc.store import submissions
from mvcalc.store.api import Store

from .conftest import records, reference, starter, wait_for, wrong_backprop

SLOW_RIGHT = reference().replace("import numpy as np", "import time\n\nimport numpy as np\n\ntime.sleep(4)", 1)


def submit(url: str, texts: list[str]) -> tuple[Store, list[int]]:
    store = Store(url)
    queue = HostedQueue(url)
    ids = [submissions.create(store, "local", "backprop", "backprop.py", t) for t in texts]
    for submission_id in ids:
        queue.enqueue(submission_id)
    queue.close()
    return store, ids


def test_a_worker_grades_right_wrong_and_starter_files(workers, pg_url):
    store, ids = submit(pg_url, [reference(), wrong_backprop(), starter()])
    workers.start()
    right, wrong, todo = wait_for(store, ids)
    assert (right["status"], right["passed"], right["attempts"]) == ("graded", True, 1)
    assert (wrong["status"], wrong["passed"], wrong["score"]) == ("graded", False, 0.75)
    assert (todo["status"], todo["score"]) == ("graded", 0.0)
    assert [records(store, i) for i in ids] == [1, 1, 1]
    with store.engine.connect() as connection:
        states = connection.execute(text("SELECT status FROM procrastinate_jobs")).scalars().all()
    assert sorted(states) == ["succeeded"] * 3


def test_a_worker_killed_mid_job_loses_nothing_and_the_result_is_recorded_once(workers, pg_url):
    store, (submission_id,) = submit(pg_url, [SLOW_RIGHT])
    victim = workers.start()
    (row,) = wait_for(store, [submission_id], timeout=60, done=("running",))
    assert row["status"] == "running"
    time.sleep(0.5)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    assert submissions.get(store, submission_id)["status"] == "running"  # not lost, not finished
    workers.start()  # notices the dead worker's silence and takes its job back
    (row,) = wait_for(store, [submission_id], timeout=90)
    assert (row["status"], row["passed"], row["attempts"]) == ("graded", True, 2)
    assert records(store, submission_id) == 1


def test_two_workers_share_the_queue_and_each_result_is_recorded_once(workers, pg_url):
    store, ids = submit(pg_url, [reference(), wrong_backprop()] * 3)
    workers.start()
    workers.start()
    rows = wait_for(store, ids)
    assert [r["status"] for r in rows] == ["graded"] * 6
    assert [r["passed"] for r in rows] == [True, False] * 3
    assert [records(store, i) for i in ids] == [1] * 6


def test_an_infrastructure_failure_shows_as_failed_with_its_reason(workers, pg_url, tmp_path):
    not_a_folder = tmp_path / "not-a-folder"
    not_a_folder.write_text("")
    store, (submission_id,) = submit(pg_url, [reference()])
    workers.start(env={"MVCALC_GRADING_DIR": str(not_a_folder)})
    (row,) = wait_for(store, [submission_id], timeout=90)
    assert row["status"] == "failed" and row["passed"] is None and row["attempts"] == MAX_ATTEMPTS
    assert "could not run" in row["error"] and "not a verdict on your code" in row["error"]
    assert records(store, submission_id) == 0


def test_worker_refuses_the_sqlite_store_in_one_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "mvcalc", "worker", "--db", f"sqlite:///{tmp_path}/x.db"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "PostgreSQL" in result.stderr


def test_a_hosted_course_grades_uploads_with_its_workers(workers, pg_url):
    """`mvcalc serve --db postgresql…` only queues the upload; a `mvcalc worker` grades it."""
    import httpx
    from web.server import LiveServer  # tests/web's real `mvcalc serve` in a subprocess

    server = LiveServer(pg_url).start()
    try:
        client = httpx.Client(base_url=server.url, timeout=30)
        token = client.get("/assignments/backprop").cookies["mvcalc_csrf"]
        response = client.post("/assignments/backprop/submissions", data={"csrf_token": token},
                               files={"file": ("backprop.py", wrong_backprop().encode())},
                               headers={"Accept": "application/json"})
        assert response.status_code == 202
        status_url = response.json()["status_url"]
        time.sleep(1.0)
        waiting = client.get(status_url).json()
        assert waiting["status"] == "queued" and waiting["no_grader"] is True  # no worker yet: it waits, and says so
        page = client.get(waiting["page_url"]).text
        assert "No grader is running right now" in page and 'class="no-grader" role="alert" hidden' not in page
        workers.start()
        deadline = time.monotonic() + 90
        while not (status := client.get(status_url).json())["finished"] and time.monotonic() < deadline:
            time.sleep(0.3)
        assert status["status"] == "graded" and status["score"] == 0.75 and status["no_grader"] is False
        assert [f["name"] for f in status["functions"] if not f["passed"]] == ["J_b3"]
    finally:
        server.stop()


def test_live_graders_counts_workers_with_a_recent_heartbeat(workers, pg_url):
    from mvcalc.grading.hosted import live_graders

    store = Store(pg_url)
    store.migrate()
    before = live_graders(store.engine)
    assert before in (0, None)  # None: procrastinate's tables are not there until a worker has run
    workers.start()
    deadline = time.monotonic() + 60
    while live_graders(store.engine) != 1 and time.monotonic() < deadline:
        time.sleep(0.3)
    assert live_graders(store.engine) == 1
    assert live_graders(store.engine, within=-60) == 0  # a heartbeat from the future does not count
