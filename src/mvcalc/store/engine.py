"""How the store reaches its database: an engine tuned for SQLite or PostgreSQL, write
transactions that are atomic on both, retries of what a retry can mend, and every fault
turned into `StoreUnavailable` with a reason a learner can read.

- SQLite: WAL with synchronous=NORMAL (a commit survives a crash of the app and costs no
  fsync: 0.02 ms against 25 ms with a rollback journal on this project's disk), `BEGIN
  IMMEDIATE` for writes (the write lock is taken at the start, so a read-modify-write never
  loses an update and never fails half-way with "database is locked"), a busy timeout for
  other processes, and two guards. Before each transaction, the database, its `-wal` and its
  `-shm` must be writable: WAL's index is memory-mapped from `-shm`, and touching those pages
  once the file cannot be written kills the process with SIGBUS, so an unwritable file is
  refused before any connection touches it (only a change in the microseconds between the
  check and the use escapes it). At each checkout, the file must still be the one that was
  opened: a deleted file would otherwise swallow every later write.
- PostgreSQL: `pool_pre_ping` (a restarted server costs no failed request), a short connect
  timeout; row locks and `INSERT ... ON CONFLICT` are used by the store's methods.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

T = TypeVar("T")

# About three seconds in all: long enough for a PostgreSQL restart or a busy SQLite file.
RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6)
BUSY_TIMEOUT_MS = 10_000
WRITE = "mvcalc_write"  # execution option of the engine that opens write transactions

# What a driver says -> what a learner reads, and whether trying again can help.
FAULTS: tuple[tuple[str, str, bool], ...] = (
    ("database or disk is full", "the disk is full", False),
    ("no space left on device", "the disk is full", False),
    ("could not extend file", "the disk is full", False),
    ("readonly database", "the database is read-only", False),
    ("read-only", "the database is read-only", False),
    ("has vanished", "the database file has vanished", False),
    ("unable to open database file", "the database file cannot be opened", False),
    ("disk i/o error", "the disk could not read or write the database", False),
    ("no such table", "the database has no mvcalc tables", False),
    ("database is locked", "the database is busy", True),
    ("does not exist", "the database does not exist", False),
    ("password authentication failed", "the database refused the password", False),
)


class StoreUnavailable(RuntimeError):
    """The database cannot be read or written now; `.reason` says why in a learner's words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class WouldWait(Exception):
    """Work asked not to wait (it runs on the caller's thread, the web server's event loop) would
    have to: the database is across a network, another thread is writing, or a retry is needed.
    Nothing was committed; run it again, waiting, on a thread that may."""


def _message(exc: BaseException) -> str:
    inner = getattr(exc, "orig", None) or exc
    return str(inner).strip().splitlines()[0] if str(inner).strip() else type(inner).__name__


def diagnose(exc: BaseException) -> tuple[str, bool]:
    """(reason in words, worth retrying) for a database error."""
    text = _message(exc).lower()
    for needle, reason, retry in FAULTS:
        if needle in text:
            return reason, retry
    if isinstance(exc, sa_exc.TimeoutError):
        return "the database is busy", True
    if getattr(exc, "connection_invalidated", False) or isinstance(exc, sa_exc.InterfaceError):
        return "the connection to the database server was lost", True
    if isinstance(exc, sa_exc.OperationalError):
        return f"the database server cannot be reached ({_message(exc)})", True
    return f"the database failed ({_message(exc)})", False


RECOVERABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError, sa_exc.InternalError)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for in-memory databases and other dialects)."""
    if not url.startswith("sqlite"):
        return None
    rest = url.split("://", 1)[1][1:] if "://" in url else ""
    rest = rest.split("?", 1)[0]
    return Path(rest) if rest and rest != ":memory:" else None


def make_engine(url: str) -> Engine:
    """An engine for `url` with the settings above (a bad URL raises sqlalchemy's ArgumentError)."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    kwargs: dict[str, Any] = {"pool_pre_ping": True}
    if url.startswith("postgresql"):
        kwargs["connect_args"] = {"connect_timeout": 5}
    return create_engine(url, **kwargs)


def _sqlite_engine(url: str) -> Engine:
    path = sqlite_path(url)
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if path is None:
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, **kwargs)
    seen = {"file": False}

    @event.listens_for(engine, "do_connect")
    def _refuse_a_vanished_file(dialect, record, cargs, cparams):
        if path is not None and seen["file"] and not path.exists():
            raise sqlite3.OperationalError(f"the database file {path} has vanished")

    @event.listens_for(engine, "connect")
    def _tune(connection, record) -> None:
        connection.isolation_level = None  # transactions are begun below, not by the driver
        cursor = connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        if path is not None:
            try:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
            except sqlite3.OperationalError:
                pass  # refused below, before any transaction
            try:
                record.info["inode"] = path.stat().st_ino
                seen["file"] = True
            except OSError:
                pass
        cursor.close()

    @event.listens_for(engine, "checkout")
    def _still_the_same_file(connection, record, proxy) -> None:
        if path is None or "inode" not in record.info:
            return
        try:
            same = path.stat().st_ino == record.info["inode"]
        except OSError:
            same = False
        if not same:
            raise sa_exc.DisconnectionError("the database file was replaced or removed")

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        write = connection.get_execution_options().get(WRITE)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def check_writable(path: Path | None) -> None:
    """StoreUnavailable if a SQLite database, its WAL files or its folder cannot be written."""
    if path is None:
        return
    # one access() per file when all is well (this runs before every transaction, and each system
    # call lets other threads take the interpreter); exists() only to tell a missing file from a locked one
    name = str(path)
    if not os.access(name, os.W_OK):
        if not os.path.exists(name):
            return
        raise StoreUnavailable(f"the database file {path} is read-only")
    for extra in (name + "-wal", name + "-shm"):
        if not os.access(extra, os.W_OK) and os.path.exists(extra):
            raise StoreUnavailable(f"the database file {path} is read-only")
    if not os.access(os.path.dirname(name) or ".", os.W_OK):
        raise StoreUnavailable(f"the database file {path} is read-only")


def connection_of(handle: Session | Connection) -> Connection:
    """The connection of a session's transaction, or the connection itself."""
    return handle.connection() if isinstance(handle, Session) else handle


def insert_ignoring_conflicts(session: Session | Connection, model, rows: list[dict], keys: Iterable[str]) -> None:
    """INSERT ... ON CONFLICT (keys) DO NOTHING: rows that exist already are left alone."""
    if not rows:
        return
    connection = connection_of(session)
    dialect = connection.dialect.name
    insert = {"postgresql": pg_insert, "sqlite": sqlite_insert}.get(dialect)
    if insert is None:  # other databases: one savepoint per row
        for row in rows:
            try:
                with connection.begin_nested():
                    connection.execute(model.__table__.insert().values(**row))
            except sa_exc.IntegrityError:
                pass
        return
    # the rows go as parameters, not in the statement, which is built once per (table, keys, dialect)
    connection.execute(_insert_ignoring(model.__table__, tuple(keys), dialect), rows[0] if len(rows) == 1 else rows)


@lru_cache(maxsize=64)
def _insert_ignoring(table, keys: tuple[str, ...], dialect: str):
    insert = {"postgresql": pg_insert, "sqlite": sqlite_insert}[dialect]
    return insert(table).on_conflict_do_nothing(index_elements=list(keys))


class Transactions:
    """Read and write transactions on one engine, retried while a retry can help.

    On a SQLite file the threads of one process also queue for writing on a lock of their own:
    SQLite's busy handler polls with growing sleeps and is not fair, so under many writers some
    would wait far longer than others. (Correctness does not rest on it: BEGIN IMMEDIATE does.)"""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.path = sqlite_path(engine.url.render_as_string(hide_password=False))
        self.queue = threading.Lock() if engine.dialect.name == "sqlite" else None
        self.write_engine = engine.execution_options(**{WRITE: True})
        self.reader = sessionmaker(engine, expire_on_commit=False)
        self.writer = sessionmaker(self.write_engine, expire_on_commit=False)

    def run(self, work: Callable[[Any, int], T], *, write: bool, core: bool = False, wait: bool = True) -> T:
        """`work(session, try_number)` in one transaction, committed before this returns; with
        `core`, `work` gets a plain Connection instead of an ORM session (the hot paths, whose
        prepared statements need no unit of work).

        A lost connection, a busy database or a server restart is retried for about three
        seconds; then, or at once for a full disk or a read-only file, `StoreUnavailable`.
        Without `wait`, one try that does not wait, for the short transactions of a SQLite file
        that the web server runs on its event loop: `WouldWait` where it would (see there).
        """
        if not wait and self.path is None:  # a server's round trips, or an in-memory database shared by threads
            raise WouldWait("not a SQLite file")
        for number, delay in enumerate((*RETRY_DELAYS, None)):
            check_writable(self.path)
            try:
                with self._turn(write, wait), self._transaction(write, core) as handle:
                    return work(handle, number)
            except RECOVERABLE as exc:
                reason, retry = diagnose(exc)
                if delay is None or not retry:
                    raise StoreUnavailable(reason) from exc
                if not wait:
                    raise WouldWait("a retry is needed") from exc
                time.sleep(delay)
            except sa_exc.DisconnectionError as exc:
                raise StoreUnavailable("the database file was replaced or removed") from exc
        raise AssertionError("unreachable")

    @contextmanager
    def _turn(self, write: bool, wait: bool) -> Iterator[None]:
        """A write's turn in this process's write queue (SQLite): waited for, or `WouldWait`."""
        if not write or self.queue is None:
            yield
            return
        if not self.queue.acquire(blocking=wait):
            raise WouldWait("another thread is writing")
        try:
            yield
        finally:
            self.queue.release()

    @contextmanager
    def _transaction(self, write: bool, core: bool) -> Iterator[Session | Connection]:
        if core:
            with (self.write_engine if write else self.engine).begin() as connection:
                yield connection
        else:
            with (self.writer if write else self.reader)() as session, session.begin():
                yield session


def ping(engine: Engine) -> None:
    """One trivial query: raises StoreUnavailable if the database cannot answer now."""
    from sqlalchemy import text

    check_writable(sqlite_path(engine.url.render_as_string(hide_password=False)))
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except (*RECOVERABLE, sa_exc.DisconnectionError) as exc:
        raise StoreUnavailable(diagnose(exc)[0]) from exc
