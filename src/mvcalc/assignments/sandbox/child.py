"""The sandboxed child: run as a script (`python -I -S child.py ...`), never imported by mvcalc.

Inside the sandbox it sets the rlimits (before any of the learner's code runs, so they bind
it), optionally installs an audit hook that turns some refusals into clearer messages, loads
the learner's file and answers the parent's requests over two pipes until told to stop. It
uses only the standard library and the sibling `wire.py` (NumPy when the learner or an array
needs it). Its safety does not rest on anything here: the fences are outside (see jail.py).
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import types


def load_source(name: str, path: str) -> types.ModuleType:
    """Run a Python file as module `name` (what importlib does, without loading importlib.util)."""
    module = types.ModuleType(name)
    module.__file__ = path
    sys.modules[name] = module
    with open(path, "rb") as source:
        code = compile(source.read(), path, "exec")
    exec(code, module.__dict__)  # noqa: S102 - our own wire.py, and the learner's file in the sandbox
    return module


wire = load_source("_mvcalc_wire", os.path.join(os.path.dirname(os.path.abspath(__file__)), "wire.py"))


def set_limits(limits: dict) -> list[str]:
    """Apply the rlimits (hard: the learner cannot raise them); the names the system accepted."""
    cpu = int(limits["cpu_seconds"])
    # SIGXCPU at the soft limit exits with a status the parent recognises; SIGKILL follows at the hard one.
    signal.signal(signal.SIGXCPU, lambda *_: os._exit(wire.EXIT_CPU))
    wanted = {"RLIMIT_CPU": (cpu, cpu + 1), "RLIMIT_AS": (int(limits["memory_bytes"]),) * 2,
              "RLIMIT_FSIZE": (int(limits["file_bytes"]),) * 2, "RLIMIT_CORE": (0, 0),
              "RLIMIT_NPROC": (int(limits["processes"]),) * 2, "RLIMIT_NOFILE": (256, 256)}
    applied = []
    for name, value in wanted.items():
        try:
            resource.setrlimit(getattr(resource, name), value)
        except (AttributeError, ValueError, OSError):
            continue
        applied.append(name)
    return applied


class Guard:
    """An audit hook that names what the learner's code tried (a message, not a fence).

    The fences are the sandbox's namespaces, seccomp filter and limits; this hook only turns
    the most common attempts into a clear sentence, remembered even if the code catches it.
    """

    WHAT = {"socket.": "open a network connection", "subprocess.": "start another program",
            "os.fork": "start a new process", "os.exec": "start another program",
            "os.posix_spawn": "start another program", "os.spawn": "start another program",
            "os.system": "run a shell command", "os.kill": "signal another process",
            "os.killpg": "signal another process", "ctypes.": "call C code directly",
            "pty.": "start another program", "_thread.start_new_thread": "start a thread"}
    UNAUDITED = frozenset({"_posixsubprocess"})  # starts processes without an audit event

    def __init__(self, workdir: str) -> None:
        self.workdir = os.path.realpath(workdir)
        self.violations: list[str] = []

    def _deny(self, what: str) -> None:
        self.violations.append(what)
        raise PermissionError(f"the mvcalc checker does not allow your code to {what}")

    def __call__(self, event: str, args: tuple) -> None:
        if event == "ctypes.dlopen" and args and args[0] is None:
            return  # importing ctypes opens the C library (NumPy imports ctypes); calls into it are refused
        if event == "import":
            if args and str(args[0]).split(".")[0] in self.UNAUDITED:
                self._deny(f"start another program or call C code directly (import {args[0]})")
            return
        if event == "open" and args and isinstance(args[0], (str, bytes)):
            mode, flags = (args[1] if len(args) > 1 else None), (args[2] if len(args) > 2 else 0)
            writing = (mode and any(c in str(mode) for c in "wax+")) or (flags or 0) & (os.O_WRONLY | os.O_RDWR)
            real = os.path.realpath(os.fsdecode(args[0]))
            if writing and not (real == self.workdir or real.startswith(self.workdir + os.sep)) \
                    and real != os.devnull:
                self._deny(f"write outside its working directory ({os.fsdecode(args[0])})")
            return
        for prefix, what in self.WHAT.items():
            if event.startswith(prefix):
                self._deny(f"{what} ({event})")


def describe_error(exc: BaseException, module_file: str, shown_name: str) -> dict:
    """Type, message and the learner's own line where it happened (never our frames)."""
    import traceback

    try:
        summary = traceback.StackSummary.extract(traceback.walk_tb(exc.__traceback__), lookup_lines=False)
        frames = [f for f in summary if f.filename == module_file]
    except RecursionError:
        frames = []
    try:
        message = str(exc)[:2000]
    except Exception:  # noqa: BLE001 - a learner's exception whose __str__ fails
        message = "(its message could not be shown)"
    info = {"type": type(exc).__name__[:100], "message": message}
    if frames:
        last = frames[-1]
        try:
            import linecache

            code = linecache.getline(module_file, last.lineno).strip()
        except Exception:  # noqa: BLE001
            code = ""
        info.update(line=last.lineno, code=code[:300], function=str(last.name)[:100], file=shown_name)
    if isinstance(exc, SyntaxError) and exc.filename == module_file:
        info.update(line=exc.lineno, code=(exc.text or "").strip()[:300], file=shown_name, message=str(exc.msg))
    return info


class Server:
    """Loads the learner's module and answers: load, calls, descend, get, exit."""

    def __init__(self, module_file: str, shown_name: str, guard: Guard, out_fd: int) -> None:
        self.module_file, self.shown_name, self.guard, self.out_fd = module_file, shown_name, guard, out_fd
        self.module = None

    def reply(self, request_id, message: dict) -> None:
        message["id"] = request_id
        message["violations"] = list(self.guard.violations)
        try:
            frame = wire.dumps(message)
        except (TypeError, ValueError, RecursionError) as exc:
            frame = wire.dumps({"id": request_id, "ok": False, "violations": list(self.guard.violations),
                                "error": {"type": "EncodeError", "message": str(exc)[:300]}})
        if len(frame) > wire.MAX_FRAME:
            frame = wire.dumps({"id": request_id, "ok": False, "violations": list(self.guard.violations),
                                "error": {"type": "TooLarge",
                                          "message": f"the value is larger than {wire.MAX_FRAME // 2**20} MiB"}})
        view = memoryview(frame)
        while view:
            view = view[os.write(self.out_fd, view):]
        self.guard.violations.clear()

    def run_learner(self, thunk):
        try:
            return {"ok": True, "value": thunk()}
        except BaseException as exc:  # noqa: BLE001 - every learner error is reported, none escapes
            if isinstance(exc, (SystemExit, KeyboardInterrupt)):
                exc = RuntimeError(f"your code called {type(exc).__name__}")
            return {"ok": False, "error": describe_error(exc, self.module_file, self.shown_name)}

    def load(self) -> dict:
        result = self.run_learner(lambda: load_source("submission", self.module_file))
        if result["ok"]:
            module = self.module = result["value"]
            names = [str(n) for n in vars(module) if not str(n).startswith("__")]
            result["value"] = {"functions": [n for n in names if callable(vars(module)[n]) and not n.startswith("_")],
                               "names": names}
        return result

    def call(self, name: str, args: list) -> dict:
        func = getattr(self.module, name, None)
        if not callable(func):
            return {"ok": False, "error": {"type": "Missing", "message": f"{name} is not defined"}}
        result = self.run_learner(lambda: wire.encode(func(*args)))
        return result

    def calls(self, request: dict) -> dict:
        values = []
        shared = wire.decode(request["args"]) if "args" in request else None
        for name, args in request["calls"]:
            result = self.call(name, shared if args is None else wire.decode(args))
            if not result["ok"]:
                result["failed_call"] = name
                return result
            values.append(result["value"])
        return {"ok": True, "value": values}

    def descend(self, request: dict) -> dict:
        """Steepest descent driven by the learner's gradient functions, one per parameter:
        params[i] -= rate * names[i](*batch, params) for each batch; snapshots every `every` steps."""
        import numpy as np

        params = [np.asarray(p, dtype=float) for p in wire.decode(request["params"])]
        names, rate, every = list(request["names"]), float(request["rate"]), int(request["every"])
        functions = [getattr(self.module, n, None) for n in names]
        if not all(callable(f) for f in functions):
            missing = next(n for n, f in zip(names, functions, strict=True) if not callable(f))
            return {"ok": False, "error": {"type": "Missing", "message": f"{missing} is not defined"},
                    "failed_call": missing}
        snapshots = []
        for step, batch in enumerate(wire.decode(request["batches"]), 1):
            result = self.run_learner(lambda b=batch, p=tuple(params): [
                np.asarray(f(*b, p), dtype=float).reshape(q.shape) for f, q in zip(functions, p, strict=True)])
            if not result["ok"]:
                result["failed_call"] = f"training step {step}"
                return result
            params = [p - rate * g for p, g in zip(params, result["value"], strict=True)]
            if step % every == 0:
                snapshots.append(params)
        return {"ok": True, "value": wire.encode(snapshots)}

    def get(self, name: str) -> dict:
        if self.module is None or name not in vars(self.module):
            return {"ok": False, "error": {"type": "Missing", "message": f"{name} is not defined"}}
        return self.run_learner(lambda: wire.encode(vars(self.module)[name]))

    def serve(self, in_fd: int) -> None:
        while True:
            try:
                request = wire.read_frame(in_fd)
            except EOFError:
                return
            op, rid = request.get("op"), request.get("id")
            if op == "exit":
                return
            if op == "load":
                self.reply(rid, self.load())
            elif op == "calls":
                self.reply(rid, self.calls(request))
            elif op == "descend":
                self.reply(rid, self.descend(request))
            elif op == "get":
                self.reply(rid, self.get(str(request["name"])))


def main(config: dict) -> None:
    """`config`: module, shown_name, workdir, site (folders to import from), limits, response_fd, audit."""
    applied = set_limits(config["limits"])
    sys.path.extend(config["site"])
    os.chdir(config["workdir"])
    guard = Guard(config["workdir"])
    for name in [m for m in sys.modules if m.split(".")[0] in Guard.UNAUDITED | {"subprocess"}]:
        del sys.modules[name]  # so that reaching them again goes through the audited import
    if config["audit"]:
        sys.addaudithook(guard)
    server = Server(os.path.abspath(config["module"]), config["shown_name"], guard, config["response_fd"])
    with open("/proc/self/status") if os.path.exists("/proc/self/status") else open(os.devnull) as status:
        fields = dict(line.rstrip("\n").split(":\t", 1) for line in status if ":\t" in line)
    server.reply(0, {"ok": True, "value": {"uid": os.getuid(), "gid": os.getgid(), "pid": os.getpid(),
                                           "rlimits": applied, "seccomp": fields.get("Seccomp", ""),
                                           "capabilities": fields.get("CapEff", ""),
                                           "no_new_privs": fields.get("NoNewPrivs", ""),
                                           "audit_hook": bool(config["audit"])}})
    server.serve(sys.stdin.fileno())


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
