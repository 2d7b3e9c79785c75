"""Exact simplification of a difference, in worker processes killed at a hard time limit.

SymPy cannot be interrupted inside a thread, so `decide` runs in a small pool of
pre-started worker interpreters (`python -m mvcalc.math.check.exact`). Fresh
interpreters, rather than fork or multiprocessing's forkserver/spawn, because a
fork of a threaded web server can inherit held locks, and forkserver/spawn re-run
the caller's `__main__` (a script without a main guard would run again in every
worker). A worker that overruns its limit is killed and replaced in the
background while the others serve; its memory is capped with RLIMIT_AS. The pool
starts lazily, in the background, on the first check.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path

import sympy as sp

POOL_SIZE = 2
TIME_LIMIT = 0.5  # seconds one exact job may take
STARTUP_LIMIT = 5.0  # seconds to wait, once per process, for the first worker to start
MEMORY_LIMIT = 1 << 30  # bytes a worker may add to its address space

Pair = tuple[sp.Basic, sp.Basic]


# -- in the worker -------------------------------------------------------------
def _zero_test(difference: sp.Expr) -> bool | None:
    """True: provably zero; False: provably a nonzero number; None: cannot tell."""
    if difference == 0:
        return True
    if difference.is_Number:
        return False
    for simplify in (sp.expand, sp.simplify):
        try:
            reduced = simplify(difference)
        except (ArithmeticError, ValueError, TypeError, NotImplementedError, RecursionError):
            continue
        if reduced == 0:
            return True
        if reduced.is_Number and reduced.is_finite:
            return False
    return None


def decide(pairs: Sequence[Pair]) -> list[bool | None]:
    """For each (expected, answer): is expected - answer identically zero?"""
    out: list[bool | None] = []
    for expected, answer in pairs:
        try:
            out.append(_zero_test(expected - answer))
        except Exception:  # a SymPy failure is "cannot tell", never a crash
            out.append(None)
    return out


def _limit_memory() -> None:
    try:
        import resource

        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[0])
        current = pages * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (current + MEMORY_LIMIT, current + MEMORY_LIMIT))
    except (ImportError, OSError, ValueError):  # not on Linux: no cap, still killable
        pass


def _warm_up() -> None:
    """Run each simplification once: SymPy imports much of itself on first use."""
    x = sp.Symbol("x", real=True)
    decide([(sp.sin(x) ** 2 + sp.factorial(x), sp.gamma(x + 1) - sp.cos(x) ** 2 + 1)])


def _serve(conn: Connection) -> None:
    """The worker's loop: receive a list of pairs, send back the verdicts."""
    _warm_up()
    _limit_memory()
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result = decide(job)
        except MemoryError:
            result = [None] * len(job)
        conn.send(result)


def _main(argv: Sequence[str]) -> None:
    """`python -m mvcalc.math.check.exact FD`: serve jobs on the socket inherited as FD."""
    _serve(Connection(int(argv[0])))


# -- in the checking process ----------------------------------------------------
class _Worker:
    """One worker: a fresh interpreter (not a fork, so no locks or threads are
    inherited and the caller's __main__ is never re-run) talking over a socket pair."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair()
        package_root = str(Path(__file__).resolve().parents[3])  # src/, holding mvcalc
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "mvcalc.math.check.exact", str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        finally:
            theirs.close()
        self.conn = Connection(ours.detach())
        self.ready = False

    def wait_ready(self, seconds: float) -> bool:
        if not self.ready:
            try:
                self.ready = self.conn.poll(seconds) and self.conn.recv() == "ready"
            except (EOFError, OSError):
                self.ready = False
        return self.ready

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.wait(1.0)
        with contextlib.suppress(Exception):
            self.conn.close()


class Pool:
    """A few pre-started workers; one job per worker at a time."""

    def __init__(self, size: int = POOL_SIZE) -> None:
        self.size = size
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.lock = threading.Lock()
        self.started = False
        self.first_ready = threading.Event()

    def start(self) -> None:
        """Start the workers in the background (returns at once; safe to call often)."""
        with self.lock:
            if self.started:
                return
            self.started = True
        for _ in range(self.size):
            self._replace()

    def _replace(self) -> None:
        threading.Thread(target=self._spawn, daemon=True, name="mvcalc-exact-start").start()

    def _spawn(self) -> None:
        try:
            worker = _Worker()
        except OSError:  # cannot start processes here: jobs stay undecided
            self.first_ready.set()
            return
        if worker.wait_ready(STARTUP_LIMIT * 4):
            self.idle.put(worker)
            atexit.register(worker.kill)
        else:
            worker.kill()
        self.first_ready.set()

    def run(self, pairs: Sequence[Pair], seconds: float) -> list[bool | None]:
        """Decide the pairs within `seconds`; None for each one not decided in time."""
        undecided: list[bool | None] = [None] * len(pairs)
        self.start()
        if not self.first_ready.is_set():
            self.first_ready.wait(STARTUP_LIMIT)
        try:
            worker = self.idle.get(timeout=max(seconds, 0.0))
        except queue.Empty:
            return undecided
        try:
            worker.conn.send(list(pairs))
            if worker.conn.poll(seconds):
                result = worker.conn.recv()
                self.idle.put(worker)
                return result
        except Exception:  # the pairs did not pickle, or the worker died
            pass
        worker.kill()
        self._replace()
        return undecided


_POOL = Pool()


def _forget_pool_after_fork() -> None:
    """A forked child (e.g. time_limit.run_with_time_limit) must not talk to its parent's
    workers over the inherited sockets: it gets a pool of its own, started when needed."""
    global _POOL
    _POOL = Pool()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool_after_fork)


def start() -> None:
    """Warm the worker pool up in the background."""
    _POOL.start()


def wait_ready(seconds: float = STARTUP_LIMIT) -> bool:
    """Start the pool and wait until a worker is ready (for tests and long-running servers)."""
    _POOL.start()
    deadline = time.monotonic() + seconds
    while _POOL.idle.empty():
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)
    return True


def exact_equal(pairs: Sequence[Pair], seconds: float = TIME_LIMIT) -> list[bool | None]:
    """For each (expected, answer): True (identical), False (differ), None (cannot tell)."""
    if not pairs:
        return []
    return _POOL.run(pairs, min(seconds, TIME_LIMIT))


if __name__ == "__main__":
    _main(sys.argv[1:])
