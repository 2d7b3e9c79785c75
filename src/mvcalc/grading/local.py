"""Grading in the app's own process (the SQLite default): the same job on a small thread pool.

Submissions still queued or running when the app stopped are graded again at start-up
(`recover`); the job's exactly-once write makes a duplicate harmless.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor

from mvcalc.grading.job import MAX_ATTEMPTS, TryAgain, grade
from mvcalc.store import submissions
from mvcalc.store.api import Store

log = logging.getLogger("mvcalc.grading")


class LocalQueue:
    """`enqueue(id)` grades in a background thread, retrying infrastructure failures like a worker would."""

    hosted = False

    def __init__(self, store: Store, threads: int = 2, retry_wait: float = 1.0):
        self.store = store
        self.retry_wait = retry_wait
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="mvcalc-grading")

    def enqueue(self, submission_id: int) -> Future:
        return self.pool.submit(self._run, submission_id)

    def _run(self, submission_id: int) -> str:
        for attempt in range(MAX_ATTEMPTS + 1):
            try:
                return grade(self.store, submission_id)
            except TryAgain:
                time.sleep(self.retry_wait * (attempt + 1))
            except Exception:  # the store itself failed: the row stays queued for the next start
                log.exception("grading submission %s", submission_id)
                return "error"
        return "failed"

    def recover(self) -> list[int]:
        """Queue again what an earlier run left unfinished."""
        ids = submissions.unfinished(self.store)
        for submission_id in ids:
            self.enqueue(submission_id)
        return ids

    def close(self, wait: bool = False) -> None:
        self.pool.shutdown(wait=wait, cancel_futures=not wait)
