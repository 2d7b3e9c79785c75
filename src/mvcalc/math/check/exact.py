"""Exact simplification of a difference, in worker processes limited in work.

The budget is CPU time spent by the worker on the job (`CPU_LIMIT`, counted by
the kernel, so a busy machine does not shrink it): ITIMER_PROF interrupts SymPy
between two Python steps, and RLIMIT_CPU ends a worker stuck in one long C call
(a giant integer power) a second or two later. Differences over `MAX_OPS`
operations are not tried. A far-off wall-clock `SAFETY_NET` only guards against
a worker that never answers, and says so in the reason.

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
import logging
import math
import os
import pickle
import queue
import resource
import signal
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
CPU_LIMIT = 0.5  # CPU seconds one exact job may use in its worker
MAX_OPS = 2_000  # operations (sympy.count_ops) of a difference worth simplifying
SAFETY_NET = 60.0  # wall-clock seconds after which a job that has not answered is given up
STARTUP_LIMIT = 5.0  # seconds `wait_ready` waits by default (tests, servers warming up)
MEMORY_LIMIT = 1 << 30  # bytes a worker may add to its address space

# What SymPy raises when it cannot simplify something: "cannot tell", never a crash.
SYMPY_ERRORS = (ArithmeticError, ValueError, TypeError, NotImplementedError, RecursionError)

log = logging.getLogger(__name__)

Pair = tuple[sp.Basic, sp.Basic]


class OutOfWork(Exception):
    """Raised inside a worker when its job has used its CPU budget."""


def _out_of_work(signum, frame) -> None:
    raise OutOfWork


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
    """For each (expected, answer): is expected - answer identically zero?

    SymPy's documented failures are "cannot tell" (None); anything else is a bug
    and propagates. Differences larger than MAX_OPS are not tried.
    """
    out: list[bool | None] = []
    for expected, answer in pairs:
        difference = expected - answer
        if sp.count_ops(difference) > MAX_OPS:
            out.append(None)
            continue
        try:
            out.append(_zero_test(difference))
        except SYMPY_ERRORS:
            out.append(None)
    return out


def _cpu_used() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _decide_within(job: bytes, cpu_seconds: float) -> tuple[list[bool | None], str]:
    """Unpickle and `decide` a job within a CPU-time budget: (verdicts, "" or why not all).

    Unpickling counts: a SymPy tree may compute itself as it is rebuilt.
    """
    hard_stop = math.ceil(_cpu_used() + cpu_seconds) + 1  # the kernel ends the worker here
    resource.setrlimit(resource.RLIMIT_CPU, (hard_stop, resource.RLIM_INFINITY))
    signal.signal(signal.SIGPROF, _out_of_work)
    signal.setitimer(signal.ITIMER_PROF, max(cpu_seconds, 1e-3))
    pairs: list[Pair] = []
    out: list[bool | None] = []
    try:
        pairs = pickle.loads(job)
        for pair in pairs:
            out.extend(decide([pair]))
        return out, ""
    except OutOfWork:
        return out + [None] * (len(pairs) - len(out)), "work"
    except MemoryError:
        return out + [None] * (len(pairs) - len(out)), "memory"
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)


def _limit_memory() -> None:
    """Cap the worker's address space at what it uses now plus MEMORY_LIMIT."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[0])
    current = pages * os.sysconf("SC_PAGE_SIZE")
    resource.setrlimit(resource.RLIMIT_AS, (current + MEMORY_LIMIT, current + MEMORY_LIMIT))


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
            cpu_seconds, job = conn.recv(), conn.recv_bytes()
        except (EOFError, OSError):
            return
        try:
            result = _decide_within(job, cpu_seconds)
        except Exception as exc:  # a bug: reported to the checking process, which logs it
            result = ([], f"error: {type(exc).__name__}: {exc}")
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
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait(1.0)
        with contextlib.suppress(OSError):
            self.conn.close()

    def stop(self) -> None:
        """End an idle worker: closing its socket ends its loop (a normal exit, so that
        coverage measured in it is saved); killed if it has not gone within a second."""
        with contextlib.suppress(OSError):
            self.conn.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(1.0)
        self.kill()


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
        if worker.wait_ready(SAFETY_NET):  # a busy machine starts it slowly: never give up early
            self.idle.put(worker)
            atexit.register(worker.stop)
        else:
            worker.kill()
        self.first_ready.set()

    def run(self, pairs: Sequence[Pair], cpu_seconds: float) -> tuple[list[bool | None], str]:
        """Decide the pairs within `cpu_seconds` of worker CPU time: (verdicts, reason).

        A verdict is None where the pair was not decided; `reason` is "" or says why
        ("work", "memory", "safety net", "no worker", "error: ...").
        """
        undecided: list[bool | None] = [None] * len(pairs)
        self.start()
        if not self.first_ready.wait(SAFETY_NET):
            return undecided, "no worker"
        try:
            worker = self.idle.get(timeout=SAFETY_NET)
        except queue.Empty:
            return undecided, "no worker"
        try:
            job = pickle.dumps(list(pairs))
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError) as exc:
            self.idle.put(worker)
            return undecided, f"error: the pairs cannot be sent ({type(exc).__name__}: {exc})"
        try:
            worker.conn.send(cpu_seconds)
            worker.conn.send_bytes(job)
            if worker.conn.poll(SAFETY_NET):
                result, reason = worker.conn.recv()
                self.idle.put(worker)
                return (result or undecided), reason
            reason = "safety net"
        except (OSError, EOFError):  # the worker died: RLIMIT_CPU (out of work) or a crash
            worker.process.wait(1.0)
            code = worker.process.returncode
            reason = "work" if code == -signal.SIGXCPU else f"error: the worker stopped ({code})"
        worker.kill()
        self._replace()
        return undecided, reason


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


def exact_equal(pairs: Sequence[Pair], cpu_seconds: float = CPU_LIMIT) -> tuple[list[bool | None], str]:
    """For each (expected, answer): True (identical), False (differ), None (cannot tell);
    and "" or the reason some are None (see `Pool.run`). Bugs in a worker are logged."""
    if not pairs:
        return [], ""
    result, reason = _POOL.run(pairs, cpu_seconds)
    if reason.startswith("error"):
        log.error("exact simplification failed on %r: %s", list(pairs), reason)
    return result, reason


if __name__ == "__main__":
    _main(sys.argv[1:])
