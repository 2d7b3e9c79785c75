"""`mvcalc worker`: grade submitted assignment files from the PostgreSQL queue, on any machine."""

from __future__ import annotations

import typer

from mvcalc.cli.output import fail as _fail


def worker(
    db: str = typer.Option(None, "--db", help="PostgreSQL URL of the course's store (default: MVCALC_DATABASE_URL)."),
    concurrency: int = typer.Option(1, "--concurrency", help="Submissions graded at once by this process."),
    heartbeat: float = typer.Option(5.0, "--heartbeat", help="Seconds between this worker's heartbeats."),
    stalled_after: float = typer.Option(20.0, "--stalled-after", help="Seconds without a heartbeat after which another worker's jobs are queued again."),
) -> None:
    """Run a grading worker: take submissions from the queue in PostgreSQL, grade them in the sandbox."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from mvcalc.store.api import default_url

    url = db or default_url()
    try:
        dialect = make_url(url).get_backend_name()
    except ArgumentError:
        _fail(f"{url!r} is not a database URL (e.g. postgresql+psycopg://user@host/mvcalc)")
    if dialect != "postgresql":
        _fail("grading workers need the course's PostgreSQL database (--db or MVCALC_DATABASE_URL); "
              "with the default SQLite store, `mvcalc serve` grades in its own process")
    if concurrency < 1 or heartbeat <= 0 or stalled_after <= heartbeat:
        _fail("--concurrency must be at least 1 and --stalled-after longer than --heartbeat")
    import logging
    import os

    from mvcalc.grading.hosted import run_worker

    os.environ.setdefault("MVCALC_SANDBOX", "bwrap")  # a class's grades never come from an unfenced process

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        run_worker(url, concurrency=concurrency, heartbeat=heartbeat, stalled_after=stalled_after)
    except KeyboardInterrupt:
        pass
    except Exception as exc:  # noqa: BLE001 - one line, not a traceback: usually the database is unreachable
        _fail(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")


def register(root: typer.Typer) -> None:
    root.command("worker")(worker)
