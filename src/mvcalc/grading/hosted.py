"""Grading on PostgreSQL: procrastinate jobs in the progress store's own database, run by `mvcalc worker`.

Any machine that reaches the database can run a worker, so capacity grows by adding
machines. Each worker sends a heartbeat; every worker also looks, every few seconds, for
jobs left `doing` by a worker whose heartbeat stopped (killed, machine lost) and hands
them back to the queue: procrastinate's documented recovery of stalled jobs. The job
itself (`mvcalc.grading.job.grade`) records its result exactly once, so a job run twice
is harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import threading

import procrastinate
from sqlalchemy.engine import make_url

from mvcalc.grading.job import MAX_ATTEMPTS, grade
from mvcalc.store.api import Store

TASK = "mvcalc.grade"
QUEUE = "grading"
log = logging.getLogger("mvcalc.grading")


def conninfo(url: str) -> str:
    """The libpq connection string of a SQLAlchemy PostgreSQL URL (`postgresql+psycopg://…`)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def make_app(url: str) -> procrastinate.App:
    """A procrastinate app on the store's database, with the grading task (its store opened on first job)."""
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo(url)))

    @functools.cache
    def store() -> Store:
        return Store(url)

    @app.task(name=TASK, queue=QUEUE, retry=procrastinate.RetryStrategy(max_attempts=2 * MAX_ATTEMPTS, wait=1))
    def grade_submission(submission_id: int) -> str:
        # TryAgain propagates: procrastinate's retry strategy runs the job again
        return grade(store(), submission_id)

    return app


LIVE_WITHIN = 30.0  # seconds: a worker whose last heartbeat is older than this is not counted as running


def live_graders(engine, within: float = LIVE_WITHIN) -> int | None:
    """How many `mvcalc worker`s sent a heartbeat in the last `within` seconds (None: it cannot be told).

    Read from procrastinate's own `procrastinate_workers` table in the store's database,
    so that a queued submission's page can warn when no grader is running.
    """
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with engine.connect() as connection:
            return int(connection.execute(text(
                "SELECT count(*) FROM procrastinate_workers "
                "WHERE last_heartbeat > now() - make_interval(secs => :within)"), {"within": within}).scalar_one())
    except SQLAlchemyError:
        return None


class HostedQueue:
    """`enqueue(id)` defers a grading job; a `mvcalc worker` somewhere runs it."""

    hosted = True

    def __init__(self, url: str):
        self.url = url
        self._app: procrastinate.App | None = None
        self._opening = threading.Lock()

    @property
    def app(self) -> procrastinate.App:
        """The procrastinate app with its connection pool, opened on first use (once, whatever the threads)."""
        with self._opening:
            if self._app is None:
                app = make_app(self.url)
                app.open()
                self._app = app
        return self._app

    def enqueue(self, submission_id: int) -> int:
        return self.app.tasks[TASK].defer(submission_id=int(submission_id))

    def recover(self) -> list[int]:
        return []  # workers recover stalled jobs themselves

    def graders(self, store: Store) -> int | None:
        """Workers running now (heartbeat in the last 30 s), from the store's database."""
        return live_graders(store.engine)

    def close(self, wait: bool = False) -> None:
        with self._opening:
            if self._app is not None:
                self._app.close()
                self._app = None


async def _reap(app: procrastinate.App, stalled_after: float) -> None:
    """Every few seconds, give jobs of workers without a recent heartbeat back to the queue."""
    while True:
        await asyncio.sleep(max(stalled_after / 3, 0.5))
        try:
            for job in await app.job_manager.get_stalled_jobs(queue=QUEUE, seconds_since_heartbeat=stalled_after):
                with contextlib.suppress(Exception):  # another worker may have retried it first
                    await app.job_manager.retry_job(job)
                    log.warning("job %s of a stalled worker queued again", job.id)
        except Exception as exc:  # noqa: BLE001 - the database may be restarting; try again later
            log.warning("looking for stalled jobs: %s", exc)


def run_worker(url: str, *, concurrency: int = 1, heartbeat: float = 5.0, stalled_after: float = 20.0,
               name: str | None = None) -> None:
    """Run a grading worker until SIGINT or SIGTERM (it finishes the jobs it holds, then stops)."""
    Store(url).migrate()
    app = make_app(url)

    async def main() -> None:
        async with app.open_async():
            reaper = asyncio.create_task(_reap(app, stalled_after))
            try:
                await app.run_worker_async(
                    queues=[QUEUE], concurrency=concurrency,
                    name=name or f"mvcalc-worker-{os.getpid()}", update_heartbeat_interval=heartbeat,
                    stalled_worker_timeout=stalled_after, install_signal_handlers=True)
            finally:
                reaper.cancel()

    asyncio.run(main())
