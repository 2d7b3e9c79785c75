"""Grading submissions as jobs: one job function, run by procrastinate workers or an in-process pool.

`grade(store, submission_id)` (in `job.py`) is the job. Where it runs depends only on the
store: on PostgreSQL it is a procrastinate job in the same database, run by `mvcalc worker`
processes on any machine (`hosted.py`); on SQLite it runs in the app's own small thread
pool (`local.py`). `queue_for(store)` gives the right one; both offer `enqueue(id)`.
"""

from __future__ import annotations

from mvcalc.grading.job import MAX_ATTEMPTS, grade
from mvcalc.store.api import Store


def queue_for(store: Store, threads: int = 2):
    """The grading queue for this store: procrastinate on PostgreSQL, a thread pool otherwise."""
    if store.engine.dialect.name == "postgresql":
        from mvcalc.grading.hosted import HostedQueue

        return HostedQueue(store.url)
    from mvcalc.grading.local import LocalQueue

    return LocalQueue(store, threads=threads)


__all__ = ["MAX_ATTEMPTS", "grade", "queue_for"]
