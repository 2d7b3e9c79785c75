"""The parent's side of the sandbox: start the child, send calls, enforce wall-clock limits.

What is contained, and how (see docs/reference/assignments.md, "The sandbox"):
- CPU time, address space, file size, core dumps and the process count are rlimits set
  in the child before the learner's file loads; the wall clock is enforced here, per call.
- With `unshare` (root, or unprivileged user namespaces): a new network namespace (no
  network at all), a new PID namespace (killing the child kills every process it made)
  and a private mount namespace in which an empty tmpfs covers the mvcalc package.
- Always: an audit hook in the child refuses sockets, new processes, threads, ctypes and
  reads of the mvcalc package; `-I` and a scrubbed environment; a temporary directory.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from mvcalc.assignments.sandbox import wire
from mvcalc.assignments.sandbox.errors import (
    LearnerCrashed,
    LearnerError,
    LearnerMissing,
    LearnerTimeout,
    from_child,
)
from mvcalc.assignments.sandbox.fences import (
    NOBODY,
    can_drop_root,
    hidden_paths,
    make_pids_cgroup,
    namespace_prefix,
    remove_cgroup,
)

CHILD = Path(__file__).with_name("child.py")


@dataclass(frozen=True)
class Limits:
    """Resource limits of one sandboxed child (CPU and wall clock in seconds)."""

    cpu_seconds: int = 30
    memory_bytes: int = 1536 * 1024 * 1024
    file_bytes: int = 16 * 1024 * 1024
    processes: int = 64
    call_seconds: float = 10.0
    start_seconds: float = 20.0


@dataclass
class Containment:
    """What the running child is actually protected by (reported with every check)."""

    namespaces: bool = False
    package_hidden: bool = False
    dropped_root: bool = False
    uid: int = -1
    audit_hook: bool = True
    pids_cgroup: bool = False
    read_only_fs: bool = False
    no_capabilities: bool = False
    rlimits: list = field(default_factory=list)
    limits: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


class SandboxedModule:
    """The learner's file loaded in a child process; call its functions by name.

    A call that times out or crashes the child raises a `LearnerError`; the next call
    starts a fresh child (up to `max_restarts`), so one bad function does not hide the rest.
    """

    def __init__(self, path: str | os.PathLike, limits: Limits | None = None, max_restarts: int = 8,
                 *, audit_hook: bool = True) -> None:
        self.source = Path(path)
        self.limits = limits or Limits()
        self.max_restarts = max_restarts
        self.restarts = -1
        self.proc: subprocess.Popen | None = None
        self.functions: list[str] = []
        self.names: list[str] = []
        self.violations: list[str] = []
        self.containment = Containment(limits=asdict(self.limits))
        self.load_error: LearnerError | None = None
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._out = None
        self._cgroup: Path | None = None
        self._audit_hook = audit_hook  # False only in tests of the OS-level fences

    # -- lifecycle -------------------------------------------------------------
    def __enter__(self) -> SandboxedModule:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        """Start (or restart) the child and load the learner's file in it."""
        self.close()
        self.restarts += 1
        if self.restarts > self.max_restarts:
            raise LearnerCrashed("the checker gave up restarting your file after repeated failures")
        self._tmp = tempfile.TemporaryDirectory(prefix="mvcalc-check-")
        base = Path(self._tmp.name)
        work = base / "work"
        work.mkdir()
        module_file = work / "submission.py"
        module_file.write_bytes(self.source.read_bytes())
        drop = can_drop_root()
        if drop:
            for p in (base, work, module_file):
                os.chown(p, NOBODY, NOBODY)
        self._out = open(base / "output.txt", "w+b")  # noqa: SIM115 - closed in close()
        prefix = namespace_prefix()
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        limits = {k: v for k, v in asdict(self.limits).items() if k not in ("call_seconds", "start_seconds")}
        cmd = [*prefix, sys.executable, "-I", "-u", str(CHILD), "--module", str(module_file),
               "--shown-name", self.source.name, "--workdir", str(work),
               "--limits", json.dumps(limits), "--response-fd", str(resp_w)]
        for path in hidden_paths():
            cmd += ["--hide", path]
        if prefix:
            cmd.append("--mount")
        if drop:
            cmd += ["--drop-to", str(NOBODY)]
        self._cgroup = make_pids_cgroup(self.limits.processes) if os.geteuid() == 0 else None
        if self._cgroup is not None:
            cmd += ["--cgroup", str(self._cgroup)]
        if not self._audit_hook:
            cmd.append("--no-audit")
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(work), "TMPDIR": str(work),
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        try:
            self.proc = subprocess.Popen(cmd, stdin=req_r, stdout=self._out, stderr=self._out,
                                         pass_fds=(resp_w,), cwd=work, env=env, start_new_session=True)
        finally:
            os.close(req_r)
            os.close(resp_w)
        self._req, self._resp = req_w, resp_r
        hello = self._receive(self.limits.start_seconds, "starting the checker")["value"]
        self.containment = Containment(namespaces=bool(prefix), package_hidden=bool(hello.get("hidden")),
                                       dropped_root=bool(hello.get("dropped")), uid=int(hello.get("uid", -1)),
                                       audit_hook=bool(hello.get("audit_hook")),
                                       pids_cgroup=bool(hello.get("cgroup")),
                                       read_only_fs=bool(hello.get("read_only")),
                                       no_capabilities=bool(hello.get("no_capabilities")),
                                       rlimits=[str(r) for r in hello.get("rlimits", [])],
                                       limits=asdict(self.limits))
        self.functions, self.names = [], []
        try:
            loaded = self._request({"op": "load"}, self.limits.call_seconds, "loading your file")
        except LearnerError as exc:  # a loop, crash or memory blow-up at the top level of the file
            self.load_error = exc
            return
        if not loaded["ok"]:
            self.load_error = from_child(loaded["error"], "loading your file")
            self.functions, self.names = [], []
        else:
            self.load_error = None
            self.functions = list(loaded["value"]["functions"])
            self.names = list(loaded["value"]["names"])

    def close(self) -> None:
        """Stop the child and everything it started, and remove its directory."""
        if self.proc is not None:
            try:
                wire.write_frame(self._req, {"op": "exit"})
            except OSError:
                pass
            try:
                self.proc.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                pass
            self._kill()
            for fd in (self._req, self._resp):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self.proc = None
        remove_cgroup(self._cgroup)
        self._cgroup = None
        if self._out is not None:
            self._out.close()
            self._out = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def _kill(self) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass

    def output(self, limit: int = 2000) -> str:
        """The last `limit` characters the learner's code printed."""
        if self._out is None:
            return ""
        self._out.flush()
        self._out.seek(0, os.SEEK_END)
        size = self._out.tell()
        self._out.seek(max(0, size - limit))
        return self._out.read().decode("utf-8", "replace")

    # -- calls ------------------------------------------------------------------
    def has(self, name: str) -> bool:
        return name in self.functions

    def call(self, name: str, *args):
        """Call the learner's `name(*args)` in the child; return its value or raise LearnerError."""
        return self.calls([(name, args)])[0]

    def calls(self, calls: list[tuple[str, tuple]]):
        """Several calls in one round trip (training loops); stops at the first failure."""
        self._ensure_running()
        if self.load_error is not None:
            raise self.load_error
        for name, _ in calls:
            if name not in self.functions:
                raise LearnerMissing(f"{name} is not defined in your file", function=name)
        if len(calls) > 1 and all(a is calls[0][1] for _, a in calls):  # one set of arguments, sent once
            message = {"op": "calls", "args": wire.encode(list(calls[0][1])), "calls": [[n, None] for n, _ in calls]}
        else:
            message = {"op": "calls", "calls": [[n, wire.encode(list(a))] for n, a in calls]}
        what = calls[0][0] if len(calls) == 1 else ", ".join(dict.fromkeys(n for n, _ in calls))
        reply = self._request(message, self.limits.call_seconds, what)
        if not reply["ok"]:
            raise from_child(reply["error"], reply.get("failed_call", what))
        return [wire.decode(v) for v in reply["value"]]

    def descend(self, names: list[str], params: list, batches: list[tuple], rate: float, every: int,
                seconds: float | None = None) -> list[list]:
        """Steepest descent in the child with the learner's gradient functions, one per parameter:
        `params[i] -= rate * names[i](*batch, params)` for each batch, in one round trip.

        Returns the parameters after every `every` steps (the parent recomputes costs itself).
        """
        self._ensure_running()
        if self.load_error is not None:
            raise self.load_error
        message = {"op": "descend", "names": list(names), "params": wire.encode(list(params)),
                   "batches": wire.encode([list(b) for b in batches]), "rate": float(rate), "every": int(every)}
        seconds = seconds if seconds is not None else 3 * self.limits.call_seconds
        reply = self._request(message, seconds, "training with your functions")
        if not reply["ok"]:
            raise from_child(reply["error"], reply.get("failed_call", "training"))
        return [[np.asarray(p, dtype=float) for p in snapshot] for snapshot in wire.decode(reply["value"])]

    def get(self, name: str):
        """A module-level value of the learner's file (a number, a list, an array)."""
        self._ensure_running()
        if self.load_error is not None:
            raise self.load_error
        reply = self._request({"op": "get", "name": name}, self.limits.call_seconds, name)
        if not reply["ok"]:
            raise LearnerMissing(f"{name} is not defined in your file", function=name)
        return wire.decode(reply["value"])

    def _ensure_running(self) -> None:
        if self.load_error is not None:  # the file itself does not load: starting again would not help
            raise self.load_error
        if self.proc is None or self.proc.poll() is not None:
            self.start()

    def _request(self, message: dict, seconds: float, what: str) -> dict:
        try:
            wire.write_frame(self._req, message)
        except OSError:
            self._receive(seconds, what)  # the child has died: report why
        return self._receive(seconds, what)

    def _receive(self, seconds: float, what: str) -> dict:
        deadline = time.monotonic() + seconds
        header = self._read(wire.HEADER.size, deadline, what, seconds)
        (length,) = wire.HEADER.unpack(header)
        if length > wire.MAX_FRAME:
            self._kill()
            raise LearnerCrashed(f"{what} sent back more data than the checker accepts")
        try:
            reply = wire.parse_body(self._read(length, deadline, what, seconds))
        except wire.WireError as exc:
            self._kill()
            raise LearnerCrashed(f"{what} garbled the checker's channel ({exc})") from None
        for violation in reply.get("violations", []):
            if isinstance(violation, str) and violation not in self.violations:
                self.violations.append(violation)
        return reply

    def _read(self, n: int, deadline: float, what: str, seconds: float) -> bytes:
        chunks, left = [], n
        while left:
            remaining = deadline - time.monotonic()
            ready = select.select([self._resp], [], [], max(0.0, remaining))[0] if remaining > 0 else []
            if not ready:
                self._kill()
                raise LearnerTimeout(
                    f"{what} did not finish within {seconds:g} s: look for a loop that never ends "
                    "or work that grows far beyond the sizes in the docstring", seconds=seconds)
            chunk = os.read(self._resp, min(left, 1 << 20))
            if not chunk:
                raise self._death(what)
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def _death(self, what: str) -> LearnerCrashed:
        """Explain why the child stopped answering, from its exit status."""
        self._kill()
        code = self.proc.returncode if self.proc is not None else None
        tail = self.output(600).strip()
        if code is not None and code < 0:
            sig = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        else:
            sig = None
        if sig == "SIGXCPU" or code == wire.EXIT_CPU:
            text = f"{what} used more than {self.limits.cpu_seconds} s of CPU time and was stopped"
        elif sig == "SIGXFSZ":
            text = f"{what} wrote a file larger than {self.limits.file_bytes // 2**20} MiB and was stopped"
        elif sig is not None:
            text = f"{what} stopped the checker's Python process ({sig})"
        else:
            text = f"{what} ended the checker's Python process (exit status {code})"
        if tail and "MemoryError" in tail:
            text += f"; it ran out of memory (limit {self.limits.memory_bytes / 2**30:.1f} GiB)"
        return LearnerCrashed(text, exit_status=code, output=tail)


