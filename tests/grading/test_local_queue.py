"""Grading on the embedded SQLite store: the job function on the in-process thread pool."""

from __future__ import annotations

import pytest

from mvcalc.grading import MAX_ATTEMPTS, grade
from mvcalc.grading.local import LocalQueue
from mvcalc.store import submissions
from mvcalc.store.api import Store

from .conftest import records, reference, starter, wait_for, wrong_backprop


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'progress.sqlite3'}")


def test_right_wrong_and_starter_are_graded_once_each(store):
    queue = LocalQueue(store, threads=2)
    ids = [submissions.create(store, "local", "backprop", "backprop.py", text)
           for text in (reference(), wrong_backprop(), starter())]
    for submission_id in ids:
        queue.enqueue(submission_id)
    right, wrong, todo = wait_for(store, ids)
    queue.close(wait=True)
    assert (right["status"], right["passed"], right["score"], right["attempts"]) == ("graded", True, 1.0, 1)
    assert wrong["status"] == "graded" and wrong["passed"] is False and wrong["score"] == 0.75
    failing = [f for f in wrong["result"]["functions"] if not f["passed"]]
    assert [f["name"] for f in failing] == ["J_b3"] and failing[0]["message"]
    assert todo["status"] == "graded" and todo["score"] == 0.0
    assert all("not written yet" in f["message"] for f in todo["result"]["functions"])
    assert [records(store, i) for i in ids] == [1, 1, 1]
    assert submissions.best(store, "local", "backprop")["passed"] is True


def test_a_retried_job_records_its_result_exactly_once(store):
    submission_id = submissions.create(store, "local", "backprop", "backprop.py", reference())
    assert submissions.claim(store, submission_id)["attempts"] == 1  # a worker took it, then died
    assert grade(store, submission_id) == "graded"  # the retried job
    assert grade(store, submission_id) == "done"  # a duplicate delivery
    row = submissions.get(store, submission_id)
    assert row["attempts"] == 2 and row["status"] == "graded"
    assert records(store, submission_id) == 1
    assert not submissions.finish(store, submission_id, {}, 0.0, False)
    assert not submissions.fail(store, submission_id, "late")
    assert submissions.get(store, submission_id)["passed"] is True


def test_an_infrastructure_failure_is_failed_with_its_reason_not_a_wrong_answer(store, tmp_path, monkeypatch):
    not_a_folder = tmp_path / "grading-dir"
    not_a_folder.write_text("a file where the grading folder should be")
    monkeypatch.setenv("MVCALC_GRADING_DIR", str(not_a_folder))
    queue = LocalQueue(store, threads=1, retry_wait=0.0)
    submission_id = submissions.create(store, "local", "backprop", "backprop.py", reference())
    assert queue.enqueue(submission_id).result(timeout=60) == "failed"
    row = submissions.get(store, submission_id)
    assert row["status"] == "failed" and row["passed"] is None and row["score"] is None
    assert row["attempts"] == MAX_ATTEMPTS
    assert "not a verdict on your code" in row["error"] and "NotADirectoryError" in row["error"]
    assert records(store, submission_id) == 0  # progress shows no wrong answer


def test_a_submission_interrupted_too_often_fails_with_that_reason(store):
    submission_id = submissions.create(store, "local", "backprop", "backprop.py", reference())
    for _ in range(MAX_ATTEMPTS):
        submissions.claim(store, submission_id)  # each worker died mid-job
    assert grade(store, submission_id) == "failed"
    row = submissions.get(store, submission_id)
    assert row["status"] == "failed" and "stopped 3 times" in row["error"]


def test_a_file_for_no_assignment_is_a_verdict_not_an_infrastructure_failure(store):
    submission_id = submissions.create(store, "local", "backprop", "notes.py", "x = 1\n")
    assert grade(store, submission_id) == "graded"  # named for backprop by the page it came from
    row = submissions.get(store, submission_id)
    assert row["passed"] is False and row["status"] == "graded"


def test_unfinished_submissions_are_graded_after_a_restart(store):
    submission_id = submissions.create(store, "local", "backprop", "backprop.py", reference())
    submissions.claim(store, submission_id)  # the app stopped while grading it
    queue = LocalQueue(store)
    assert queue.recover() == [submission_id]
    (row,) = wait_for(store, [submission_id])
    queue.close(wait=True)
    assert row["status"] == "graded" and row["passed"] is True and records(store, submission_id) == 1

