"""The parent's side of the sandbox: start the child, send calls, read its answers within limits.

The child runs in a bubblewrap sandbox (see jail.py) that shows nothing of the host. The
parent sends plain values and reads plain values back (wire.py); every frame is read with
a deadline and size, depth and shape limits, and anything unexpected from the child (bytes
that are not a frame, a frame of the wrong shape, too much output, silence) becomes a
`LearnerError` with a message for the learner, never an exception of the checker's own.
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
import uuid
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from mvcalc.assignments.sandbox import cgroups, jail, seccomp, wire
from mvcalc.assignments.sandbox.errors import (
    LearnerCrashed,
    LearnerError,
    LearnerMissing,
    LearnerTimeout,
    from_child,
)


@dataclass(frozen=True)
class Limits:
    """Resource limits of one sandboxed child (CPU and wall clock in seconds)."""

    cpu_seconds: int = 30
    memory_bytes: int = 1536 * 1024 * 1024
    file_bytes: int = 16 * 1024 * 1024
    disk_bytes: int = 32 * 1024 * 1024
    processes: int = 16
    output_bytes: int = 1024 * 1024
    call_seconds: float = 10.0
    start_seconds: float = 20.0
    wall_seconds: float = 300.0


@dataclass
class Containment:
    """What the child is protected by (reported with every check)."""

    isolated: bool = False  # bubblewrap: an empty root file system and new namespaces
    namespaces: list = field(default_factory=list)
    seccomp: bool = False
    uid: int = -1  # the child's user id as the host sees it
    no_capabilities: bool = False
    cgroups: list = field(default_factory=list)
    rlimits: list = field(default_factory=list)
    audit_hook: bool = True
    limits: dict = field(default_factory=dict)
    note: str = ""  # why the child is not isolated, when it is not

    def to_dict(self) -> dict:
        return asdict(self)


_bwrap_failed: list[str] = []  # why bubblewrap did not start here; `auto` then uses a plain process


def requested_mode() -> str:
    mode = os.environ.get("MVCALC_SANDBOX", "auto").strip().lower() or "auto"
    if mode not in ("auto", "bwrap", "process"):
        raise jail.SandboxUnavailable(f"MVCALC_SANDBOX must be auto, bwrap or process, not {mode!r}")
    return mode


def sandbox_mode() -> str:
    """`MVCALC_SANDBOX`: `bwrap` (required, for servers and CI), `process` (a plain limited process,
    for a learner's own machine without bubblewrap) or `auto` (the default: bwrap where it works)."""
    mode = requested_mode()
    if mode == "auto":
        if _bwrap_failed:
            return "process"
        try:
            jail.bwrap()
            seccomp.program()
            return "bwrap"
        except (jail.SandboxUnavailable, seccomp.SeccompUnavailable):
            return "process"
    return mode


STAGE_PREFIX = "mvcalc-sandbox-stage-"


@cache
def sweep_once() -> None:
    """Once per process: remove what checkers that were killed mid-run left (empty cgroups and
    staging folders of processes that no longer exist)."""
    cgroups.sweep()
    for stage in Path(tempfile.gettempdir()).glob(f"{STAGE_PREFIX}*"):
        pid = stage.name[len(STAGE_PREFIX):].split("-")[0]
        if pid.isdigit() and not os.path.exists(f"/proc/{pid}"):
            for path in [*stage.glob("*"), stage]:
                try:
                    path.rmdir()
                except OSError:
                    pass


ENV = {"PATH": "/python/bin", "LANG": "C.UTF-8", "HOME": jail.WORK, "TMPDIR": jail.WORK,
       "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def _memfd(name: str, data: bytes) -> int:
    fd = os.memfd_create(name, 0) if hasattr(os, "memfd_create") else _tempfd()
    os.write(fd, data)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def _tempfd() -> int:
    fd, path = tempfile.mkstemp(prefix="mvcalc-sandbox-")
    os.unlink(path)
    return fd


class SandboxedModule:
    """The learner's file loaded in a sandboxed child; call its functions by name.

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
        self._audit_hook = audit_hook  # False only in tests of the OS-level fences
        self._output = bytearray()
        self._output_total = 0
        self._fds: list[int] = []
        self._cgroups: list[Path] = []
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._stage: Path | None = None
        self._next_id = 0
        self._deadline = 0.0

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
        self._deadline = time.monotonic() + self.limits.wall_seconds
        mode = sandbox_mode()
        try:
            hello = self._launch(mode)
        except jail.SandboxUnavailable as exc:
            if mode != "bwrap" or requested_mode() != "auto":
                raise
            _bwrap_failed.append(str(exc))  # e.g. user namespaces refused by this kernel: say so, go on
            mode = "process"
            hello = self._launch(mode)
        self.containment = self._containment(mode, hello)
        self.functions, self.names = [], []
        try:
            loaded = self._request({"op": "load"}, self.limits.call_seconds, "loading your file")
        except LearnerError as exc:  # a loop, crash or memory blow-up at the top level of the file
            self.load_error = exc
            return
        value = loaded.get("value")
        if not loaded["ok"]:
            self.load_error = from_child(loaded["error"], "loading your file")
        elif not (isinstance(value, dict) and _strings(value.get("functions")) and _strings(value.get("names"))):
            self.load_error = LearnerCrashed("loading your file garbled the checker's channel")
        else:
            self.load_error = None
            self.functions, self.names = list(value["functions"]), list(value["names"])

    def _launch(self, mode: str) -> dict:
        """Start the child in `mode` and return what it says about itself (before any learner code)."""
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        out_r, out_w = os.pipe()
        limits = {k: v for k, v in asdict(self.limits).items() if k in
                  ("cpu_seconds", "memory_bytes", "file_bytes", "processes")}
        config = {"shown_name": self.source.name, "limits": limits, "response_fd": resp_w, "audit": self._audit_hook}
        source = self.source.read_bytes()
        temporary: list[int] = []
        try:
            if mode == "bwrap":
                argv, pass_fds, env, cwd = self._bwrap_command(source, config, temporary)
            else:
                argv, pass_fds, env, cwd = self._process_command(source, config)
            self.proc = subprocess.Popen(argv, stdin=req_r, stdout=out_w, stderr=out_w, pass_fds=(resp_w, *pass_fds),
                                         env=env, cwd=cwd, start_new_session=True)
        except OSError as exc:
            for fd in (req_w, resp_r, out_r):
                os.close(fd)
            self._remove_files()
            raise jail.SandboxUnavailable(f"the sandbox could not start: {exc}") from None
        finally:
            for fd in (req_r, resp_w, out_w, *temporary):
                os.close(fd)
        self._req, self._resp, self._out = req_w, resp_r, out_r
        self._fds = [req_w, resp_r, out_r]
        self._output, self._output_total, self._next_id = bytearray(), 0, 1
        try:
            hello = self._receive(self.limits.start_seconds, "starting the checker", 0)
        except LearnerError as exc:  # nothing of the learner's has run yet: the sandbox itself failed
            self.close()
            raise jail.SandboxUnavailable(f"the sandbox did not start: {exc.message}") from None
        return hello.get("value") if isinstance(hello.get("value"), dict) else {}

    def _bwrap_command(self, source: bytes, config: dict, temporary: list[int]):
        sweep_once()
        fds = [_memfd("submission", source), _memfd("child", jail.CHILD.read_bytes()),
               _memfd("wire", jail.WIRE.read_bytes()), _memfd("seccomp", seccomp.program())]
        temporary += fds
        self._cgroups = cgroups.create(self.limits.processes + 2, self.limits.memory_bytes + self.limits.disk_bytes)
        if os.geteuid() == 0:
            self._stage = Path(tempfile.gettempdir()) / f"{STAGE_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:12]}"
        plan = jail.command(submission_fd=fds[0], child_fd=fds[1], wire_fd=fds[2], seccomp_fd=fds[3],
                            child_args=[json.dumps({**config, "module": f"{jail.WORK}/submission.py",
                                                    "workdir": jail.WORK, "site": ["/site"]})],
                            disk_bytes=self.limits.disk_bytes, cgroups=self._cgroups, env=ENV,
                            stage_dir=self._stage)
        if plan.stage is None:
            self._stage = None
        return plan.argv, plan.pass_fds, {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}, "/"

    def _process_command(self, source: bytes, config: dict):
        """No bubblewrap: a plain process with the rlimits and the audit hook, in a temporary folder."""
        self._tmp = tempfile.TemporaryDirectory(prefix="mvcalc-sandbox-")
        work = Path(self._tmp.name)
        (work / "submission.py").write_bytes(source)
        sites = sorted({str(p.parent) for p in jail.runtime().packages})
        env = {**ENV, "PATH": "/usr/bin:/bin", "HOME": str(work), "TMPDIR": str(work)}
        config = {**config, "module": str(work / "submission.py"), "workdir": str(work), "site": sites}
        argv = [sys.executable, "-I", "-S", "-B", "-u", str(jail.CHILD), json.dumps(config)]
        return argv, (), env, str(work)

    def _containment(self, mode: str, hello: dict) -> Containment:
        isolated = mode == "bwrap"
        uid = os.geteuid()
        return Containment(
            isolated=isolated,
            namespaces=["user", "mount", "pid", "ipc", "uts", "network", "cgroup"] if isolated else [],
            seccomp=isolated and str(hello.get("seccomp", "")).strip() == "2",
            uid=(jail.NOBODY if uid == 0 else uid) if isolated else uid,
            no_capabilities=str(hello.get("capabilities", "")).strip("0") == "",
            cgroups=[p.parent.name if p.parent != cgroups.ROOT else "v2" for p in self._cgroups],
            rlimits=[str(r) for r in hello.get("rlimits", [])] if isinstance(hello.get("rlimits"), list) else [],
            audit_hook=bool(hello.get("audit_hook")), limits=asdict(self.limits),
            note="" if isolated else (_bwrap_failed[-1] if _bwrap_failed else
                                      "bubblewrap is not in use: the file runs as a plain process with limits"))

    def close(self) -> None:
        """Stop the child and everything it started; remove its cgroups and staging folder."""
        if self.proc is not None:
            self.output()
            try:
                wire.write_frame(self._req, {"op": "exit"})
            except OSError:
                pass
            try:
                self.proc.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                pass
            self._kill()
            for fd in self._fds:
                try:
                    os.close(fd)
                except OSError:
                    pass
            self._fds = []
            self.proc = None
        self._remove_files()

    def _remove_files(self) -> None:
        cgroups.remove(self._cgroups)
        self._cgroups = []
        if self._stage is not None:
            for path in [*self._stage.glob("*"), self._stage]:
                try:
                    path.rmdir()
                except OSError:
                    pass
            self._stage = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def _kill(self) -> None:
        """Kill the child's whole sandbox: bwrap's --die-with-parent and the PID namespace take the
        rest with it; the cgroups (when there are any) are emptied in `close`."""
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
        try:
            self._drain_output()
        except LearnerCrashed:
            pass
        return bytes(self._output[-4 * limit:]).decode("utf-8", "replace")[-limit:]

    # -- calls ------------------------------------------------------------------
    def has(self, name: str) -> bool:
        return name in self.functions

    def call(self, name: str, *args):
        """Call the learner's `name(*args)` in the child; return its value or raise LearnerError."""
        return self.calls([(name, args)])[0]

    def calls(self, calls: list[tuple[str, tuple]]):
        """Several calls in one round trip (training loops); stops at the first failure."""
        self._ensure_running()
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
            raise from_child(reply["error"], str(reply.get("failed_call", what)))
        values = reply.get("value")
        if not isinstance(values, list) or len(values) != len(calls):
            raise self._garbled(what, "a reply of the wrong length")
        return [self._decode(v, what) for v in values]

    def descend(self, names: list[str], params: list, batches: list[tuple], rate: float, every: int,
                seconds: float | None = None) -> list[list]:
        """Steepest descent in the child with the learner's gradient functions, one per parameter:
        `params[i] -= rate * names[i](*batch, params)` for each batch, in one round trip.

        Returns the parameters after every `every` steps (the parent recomputes costs itself).
        """
        self._ensure_running()
        message = {"op": "descend", "names": list(names), "params": wire.encode(list(params)),
                   "batches": wire.encode([list(b) for b in batches]), "rate": float(rate), "every": int(every)}
        seconds = seconds if seconds is not None else 3 * self.limits.call_seconds
        what = "training with your functions"
        reply = self._request(message, seconds, what)
        if not reply["ok"]:
            raise from_child(reply["error"], str(reply.get("failed_call", "training")))
        snapshots = self._decode(reply.get("value"), what)
        try:
            return [[np.asarray(p, dtype=float).reshape(np.shape(q)) for p, q in zip(s, params, strict=True)]
                    for s in snapshots]
        except (TypeError, ValueError):
            raise self._garbled(what, "parameters of the wrong shape") from None

    def get(self, name: str):
        """A module-level value of the learner's file (a number, a list, an array)."""
        self._ensure_running()
        reply = self._request({"op": "get", "name": name}, self.limits.call_seconds, name)
        if not reply["ok"]:
            error = reply["error"]
            if error.get("type") == "Missing":
                raise LearnerMissing(f"{name} is not defined in your file", function=name)
            raise from_child(error, name)
        return self._decode(reply.get("value"), name)

    def _ensure_running(self) -> None:
        if self.load_error is not None:  # the file itself does not load: starting again would not help
            raise self.load_error
        if self.proc is None or self.proc.poll() is not None:
            self.start()
            if self.load_error is not None:
                raise self.load_error

    def _decode(self, value, what: str):
        try:
            return wire.decode(value)
        except wire.WireError as exc:
            raise self._garbled(what, str(exc)) from None

    def _garbled(self, what: str, why: str) -> LearnerCrashed:
        self._kill()
        return LearnerCrashed(f"{what} garbled the checker's channel ({why}): the child was stopped")

    def _request(self, message: dict, seconds: float, what: str) -> dict:
        request_id = self._next_id
        self._next_id += 1
        message["id"] = request_id
        try:
            wire.write_frame(self._req, message)
        except OSError:
            pass  # the child has died: _receive reports why
        return self._receive(seconds, what, request_id)

    # -- reading the child -------------------------------------------------------
    def _receive(self, seconds: float, what: str, request_id: int) -> dict:
        """The child's reply to request `request_id`, checked; LearnerError for anything else."""
        deadline = min(time.monotonic() + seconds, self._deadline)
        header = self._read(wire.HEADER.size, deadline, what, seconds)
        (length,) = wire.HEADER.unpack(header)
        if length > wire.MAX_FRAME:
            raise self._garbled(what, f"a frame larger than {wire.MAX_FRAME // 2**20} MiB")
        try:
            reply = wire.parse_body(self._read(length, deadline, what, seconds))
        except wire.WireError as exc:
            raise self._garbled(what, str(exc)) from None
        problem = reply_problem(reply, request_id)
        if problem:
            raise self._garbled(what, problem)
        for violation in reply["violations"]:
            if violation not in self.violations:
                self.violations.append(violation[:500])
        return reply

    def _read(self, n: int, deadline: float, what: str, seconds: float) -> bytes:
        chunks, left = [], n
        while left:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._kill()
                if time.monotonic() >= self._deadline:
                    raise LearnerTimeout(f"{what}: your file used the checker for more than "
                                         f"{self.limits.wall_seconds:g} s in all", seconds=self.limits.wall_seconds)
                raise LearnerTimeout(
                    f"{what} did not finish within {seconds:g} s: look for a loop that never ends "
                    "or work that grows far beyond the sizes in the docstring", seconds=seconds)
            ready = select.select([self._resp, self._out], [], [], remaining)[0]
            if self._out in ready:
                self._drain_output()
            if self._resp not in ready:
                continue
            chunk = os.read(self._resp, min(left, 1 << 20))
            if not chunk:
                raise self._death(what)
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def _drain_output(self) -> None:
        """Keep what the child printed, up to the output limit; past it, stop the child."""
        if not self._fds:
            return
        while select.select([self._out], [], [], 0)[0]:
            chunk = os.read(self._out, 1 << 16)
            if not chunk:
                return
            self._output_total += len(chunk)
            self._output += chunk
            del self._output[:-65536]
            if self._output_total > self.limits.output_bytes:
                self._kill()
                raise LearnerCrashed(f"your file printed more than {self.limits.output_bytes // 1024} KiB "
                                     "and was stopped: print less (a summary, not every step)")

    def _death(self, what: str) -> LearnerCrashed:
        """Explain why the child stopped answering, from its exit status and what it printed."""
        try:
            if self.proc is not None:
                self.proc.wait(timeout=2)  # bwrap ends with the child's own status
        except subprocess.TimeoutExpired:
            pass
        self._kill()
        try:
            self._drain_output()
        except LearnerCrashed as exc:
            return exc
        code = self.proc.returncode if self.proc is not None else None
        tail = self.output(600).strip()
        if code is not None and code < 0:
            sig = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        elif code is not None and code > 128 and code - 128 in signal.Signals._value2member_map_:
            sig = signal.Signals(code - 128).name  # bwrap reports a signal as 128 + its number
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
        if "MemoryError" in tail or "Cannot allocate memory" in tail:
            text += f"; it ran out of memory (limit {self.limits.memory_bytes / 2**30:.1f} GiB)"
        if "bwrap:" in tail and what == "starting the checker":
            text += f"; bubblewrap said: {tail[-300:]}"
        return LearnerCrashed(text, exit_status=code, output=tail)


def _strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def reply_problem(reply: dict, request_id: int) -> str | None:
    """What is wrong with a parsed reply frame, or None if it has the shape the parent expects."""
    if reply.get("id") != request_id or isinstance(reply.get("id"), bool):
        return "a reply to another request"
    if not isinstance(reply.get("ok"), bool):
        return "a reply without a verdict"
    if not _strings(reply.get("violations", None)):
        return "a reply without its list of refusals"
    if not reply["ok"]:
        error = reply.get("error")
        if not isinstance(error, dict) or not all(isinstance(v, (str, int, type(None))) for v in error.values()):
            return "an error of the wrong shape"
        if "failed_call" in reply and not isinstance(reply["failed_call"], str):
            return "an error of the wrong shape"
    return None
