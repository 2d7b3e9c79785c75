"""The sandboxed child: run as a script (`python -I child.py ...`), never imported by mvcalc.

It hides the mvcalc package (a tmpfs over it when it may mount), sets resource limits,
optionally drops root, installs an audit hook that refuses sockets, new processes,
ctypes and reads of hidden files, then loads the learner's file and answers call
requests from the parent over pipes until told to stop. It uses only the standard
library, NumPy and the sibling `wire.py`; the reference solution never enters it.
"""

from __future__ import annotations

import argparse
import ctypes
import importlib.util
import json
import os
import resource
import signal
import sys
import traceback
from pathlib import Path


def _load_wire():
    spec = importlib.util.spec_from_file_location("_mvcalc_wire", Path(__file__).with_name("wire.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


wire = _load_wire()
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND = 1, 2, 4, 8, 32, 4096
MS_NOATIME, MS_NODIRATIME, MS_RELATIME = 1024, 2048, 1 << 21
PER_MOUNT_FLAGS = {"nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC, "noatime": MS_NOATIME,
                   "nodiratime": MS_NODIRATIME, "relatime": MS_RELATIME}


def _libc():
    try:
        return ctypes.CDLL(None, use_errno=True)  # the C library the interpreter runs on
    except OSError:
        return None


def hide(paths: list[str]) -> bool:
    """Mount an empty read-only tmpfs over each path (works as root in a private mount namespace)."""
    libc = _libc()
    if libc is None:
        return False
    done = True
    for path in paths:
        rc = libc.mount(b"none", os.fsencode(path), b"tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                        b"size=4k,mode=555")
        done = done and rc == 0 and not os.listdir(path)
    return done


def freeze_filesystem(workdir: str) -> bool:
    """Make every mount read-only except the working directory (a private mount namespace only)."""
    libc = _libc()
    if libc is None:
        return False
    work = os.fsencode(workdir)
    if libc.mount(work, work, None, MS_BIND, None) != 0:
        return False
    done = True
    with open("/proc/self/mountinfo") as mountinfo:
        mounts = [line.split() for line in mountinfo]
    for fields in mounts:
        target = fields[4].replace("\\040", " ")
        if target == workdir:
            continue
        flags = MS_REMOUNT | MS_BIND | MS_RDONLY
        for option in fields[5].split(","):
            flags |= PER_MOUNT_FLAGS.get(option, 0)
        done = libc.mount(None, os.fsencode(target), None, flags, None) == 0 and done
    return done


def drop_capabilities() -> bool:
    """Give up every capability (and the right to regain any): root in the child can no longer
    remount, leave its cgroup, or override file permissions."""
    libc = _libc()
    if libc is None:
        return False
    for cap in range(64):
        libc.prctl(24, cap, 0, 0, 0)  # PR_CAPBSET_DROP; fails quietly past the last capability

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                    ("inheritable", ctypes.c_uint32)]

    header, data = Header(0x20080522, 0), (Data * 2)()
    ok = libc.capset(ctypes.byref(header), data) == 0
    libc.prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS
    return ok


def join_cgroup(path: str) -> bool:
    """Move this process into the parent's pids cgroup (a cap on processes that binds root too)."""
    try:
        with open(os.path.join(path, "cgroup.procs"), "w") as procs:
            procs.write(str(os.getpid()))
        return True
    except OSError:
        return False


def set_limits(limits: dict) -> list[str]:
    """Apply the rlimits; return the names of those the system accepted (macOS refuses some)."""
    cpu = int(limits["cpu_seconds"])
    # SIGXCPU at the soft limit exits with a status the parent recognises (as PID 1 of a
    # namespace the default action would be ignored); SIGKILL follows at the hard limit.
    signal.signal(signal.SIGXCPU, lambda *_: os._exit(wire.EXIT_CPU))
    wanted = {"RLIMIT_CPU": (cpu, cpu + 2), "RLIMIT_AS": (int(limits["memory_bytes"]),) * 2,
              "RLIMIT_FSIZE": (int(limits["file_bytes"]),) * 2, "RLIMIT_CORE": (0, 0),
              "RLIMIT_NPROC": (int(limits["processes"]),) * 2}
    applied = []
    for name, value in wanted.items():
        try:
            resource.setrlimit(getattr(resource, name), value)
        except (AttributeError, ValueError, OSError):
            continue
        applied.append(name)
    return applied


class Guard:
    """An audit hook, active from before the learner's file loads until the child exits.

    The learner's code may compute, print and write files in its own directory; the
    hook refuses the rest and remembers each refusal so it is reported even if caught.
    """

    BLOCKED_PREFIXES = ("socket.", "subprocess.", "os.fork", "os.exec", "os.posix_spawn",
                        "os.spawn", "os.system", "os.kill", "os.killpg", "pty.", "ctypes.",
                        "os.forkpty", "os.startfile", "webbrowser.", "urllib.", "http.",
                        "ftplib.", "smtplib.", "_thread.start_new_thread")
    WHAT = {"socket": "open a network connection", "subprocess": "start another program",
            "os.fork": "start a new process", "os.exec": "start another program",
            "os.posix_spawn": "start another program", "os.spawn": "start another program",
            "os.system": "run a shell command", "os.kill": "signal another process",
            "ctypes": "call C code directly", "pty": "start another program",
            "_thread": "start a thread"}

    def __init__(self, hidden: list[str], workdir: str) -> None:
        self.hidden = tuple(os.path.realpath(p) for p in hidden)
        self.workdir = os.path.realpath(workdir)
        self.violations: list[str] = []

    def _is_hidden(self, path) -> bool:
        if isinstance(path, int):
            return False
        try:
            real = os.path.realpath(os.fsdecode(path))
        except (TypeError, ValueError):
            return False
        return any(real == h or real.startswith(h + os.sep) for h in self.hidden)

    def _inside_workdir(self, path) -> bool:
        real = os.path.realpath(os.fsdecode(path))
        return real == self.workdir or real.startswith(self.workdir + os.sep)

    def _deny(self, what: str) -> None:
        self.violations.append(what)
        raise PermissionError(f"the mvcalc checker does not allow your code to {what}")

    # events that change the file system -> how many leading arguments are paths
    CHANGES = {"os.remove": 1, "os.rmdir": 1, "os.rename": 2, "os.mkdir": 1, "os.chmod": 1, "os.chown": 1,
               "os.symlink": 2, "os.link": 2, "os.truncate": 1, "os.utime": 1, "os.setxattr": 1,
               "os.removexattr": 1, "shutil.rmtree": 1, "shutil.move": 2, "shutil.copytree": 2}
    UNAUDITED = frozenset({"_posixsubprocess", "_winapi", "_ctypes"})  # can start processes or call C without an event

    def __call__(self, event: str, args: tuple) -> None:
        if event == "import":
            if args and str(args[0]).split(".")[0] in self.UNAUDITED:
                self._deny(f"start another program or call C code directly (import {args[0]})")
            return
        if event in ("open", "os.listdir", "os.scandir", "shutil.copyfile", "os.chdir"):
            path = args[0] if args else None
            if path is not None and self._is_hidden(path):
                self._deny(f"read the checker's own files ({os.fsdecode(path)})")
            if event == "open" and path is not None and not isinstance(path, int):
                mode, flags = (args[1] if len(args) > 1 else None), (args[2] if len(args) > 2 else 0)
                writing = (mode and any(c in mode for c in "wax+")) or (flags or 0) & (os.O_WRONLY | os.O_RDWR)
                if writing and not self._inside_workdir(path):
                    self._deny(f"write outside its working directory ({os.fsdecode(path)})")
            return
        if event in self.CHANGES:
            for path in args[: self.CHANGES[event]]:
                if isinstance(path, (str, bytes, os.PathLike)) and not self._inside_workdir(path):
                    self._deny(f"change files outside its working directory ({os.fsdecode(path)})")
            return
        if event.startswith(self.BLOCKED_PREFIXES):
            key = next((k for k in self.WHAT if event.startswith(k)), None)
            self._deny(f"{self.WHAT.get(key, 'use ' + event)} ({event})")


def block_mvcalc_imports(hidden: list[str]) -> None:
    """Take the mvcalc package off sys.path and refuse `import mvcalc` with a clear message."""
    parents = {os.path.realpath(os.path.dirname(h)) for h in hidden}
    sys.path[:] = [p for p in sys.path if os.path.realpath(p or ".") not in parents]
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in type(f).__module__.lower()
                        and "editable" not in getattr(f, "__name__", "").lower()]

    class NoMvcalc:
        @staticmethod
        def find_spec(name, path=None, target=None):
            if name == "mvcalc" or name.startswith("mvcalc."):
                raise ImportError("the checker runs your file on its own: it cannot import mvcalc")
            return None

    sys.meta_path.insert(0, NoMvcalc)
    for name in [m for m in sys.modules if m == "mvcalc" or m.startswith("mvcalc.")]:
        del sys.modules[name]


def describe_error(exc: BaseException, module_file: str, shown_name: str) -> dict:
    """Type, message and the learner's own line where it happened (never our frames)."""
    summary = traceback.StackSummary.extract(traceback.walk_tb(exc.__traceback__), lookup_lines=False)
    frames = [f for f in summary if f.filename == module_file]
    info = {"type": type(exc).__name__, "message": str(exc)[:2000]}
    if frames:
        last = frames[-1]
        info.update(line=last.lineno, code=(last.line or "").strip(), function=last.name, file=shown_name)
    if isinstance(exc, SyntaxError) and exc.filename == module_file:
        info.update(line=exc.lineno, code=(exc.text or "").strip(), file=shown_name, message=exc.msg)
    return info


class Server:
    """Loads the learner's module and answers: load, call, calls, get, exit."""

    def __init__(self, module_file: str, shown_name: str, guard: Guard, out_fd: int) -> None:
        self.module_file, self.shown_name, self.guard, self.out_fd = module_file, shown_name, guard, out_fd
        self.module = None

    def reply(self, message: dict) -> None:
        message["violations"] = list(self.guard.violations)
        try:
            frame = wire.dumps(message)
        except (TypeError, ValueError) as exc:
            frame = wire.dumps({"ok": False, "error": {"type": "EncodeError", "message": str(exc)},
                                "violations": list(self.guard.violations)})
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
        spec = importlib.util.spec_from_file_location("submission", self.module_file)
        module = importlib.util.module_from_spec(spec)
        result = self.run_learner(lambda: spec.loader.exec_module(module))
        if result["ok"]:
            self.module = module
            names = [n for n, v in vars(module).items() if callable(v) and not n.startswith("_")]
            result["value"] = {"functions": names,
                               "names": [n for n in vars(module) if not n.startswith("__")]}
        return result

    def call(self, name: str, args: list) -> dict:
        func = getattr(self.module, name, None)
        if not callable(func):
            return {"ok": False, "error": {"type": "Missing", "message": f"{name} is not defined"}}
        result = self.run_learner(lambda: func(*args))
        if result["ok"]:
            result["value"] = wire.encode(result["value"])
        return result

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
            result = self.run_learner(lambda b=batch, p=tuple(params): [f(*b, p) for f in functions])
            if not result["ok"]:
                result["failed_call"] = f"training step {step}"
                return result
            try:
                params = [p - rate * np.asarray(g, dtype=float).reshape(p.shape)
                          for p, g in zip(params, result["value"], strict=True)]
            except (TypeError, ValueError) as exc:
                return {"ok": False, "error": {"type": type(exc).__name__, "message": str(exc)},
                        "failed_call": f"training step {step}"}
            if step % every == 0:
                snapshots.append(params)
        return {"ok": True, "value": wire.encode(snapshots)}

    def serve(self, in_fd: int) -> None:
        while True:
            try:
                request = wire.read_frame(in_fd)
            except EOFError:
                return
            op = request.get("op")
            if op == "exit":
                return
            if op == "load":
                self.reply(self.load())
            elif op == "call":
                self.reply(self.call(request["name"], wire.decode(request["args"])))
            elif op == "calls":
                values = []
                shared = wire.decode(request["args"]) if "args" in request else None
                for name, args in request["calls"]:
                    result = self.call(name, shared if args is None else wire.decode(args))
                    if not result["ok"]:
                        result["failed_call"] = name
                        break
                    values.append(result["value"])
                else:
                    result = {"ok": True, "value": values}
                self.reply(result)
            elif op == "descend":
                self.reply(self.descend(request))
            elif op == "get":
                value = vars(self.module).get(request["name"], wire.Unencodable("missing"))
                missing = isinstance(value, wire.Unencodable)
                self.reply({"ok": not missing, "value": None if missing else wire.encode(value),
                            "error": {"type": "Missing", "message": f"{request['name']} is not defined"}})


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--module", required=True)
    parser.add_argument("--shown-name", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--hide", action="append", default=[])
    parser.add_argument("--limits", required=True)
    parser.add_argument("--response-fd", type=int, required=True)
    parser.add_argument("--drop-to", type=int, default=-1)
    parser.add_argument("--mount", action="store_true")
    parser.add_argument("--cgroup", default="")
    parser.add_argument("--no-audit", action="store_true", help="tests only: check the OS fences alone")
    args = parser.parse_args(argv)

    in_cgroup = bool(args.cgroup) and join_cgroup(args.cgroup)
    hidden = bool(args.mount) and hide(args.hide)
    frozen = bool(args.mount) and freeze_filesystem(args.workdir)
    import numpy  # noqa: F401  (loaded before the hook so NumPy's own imports are unaffected)

    applied = set_limits(json.loads(args.limits))
    dropped = False
    if args.drop_to >= 0 and os.getuid() == 0:
        os.setgroups([])
        os.setgid(args.drop_to)
        os.setuid(args.drop_to)
        dropped = True
    no_caps = drop_capabilities() if os.getuid() == 0 else dropped
    os.chdir(args.workdir)
    block_mvcalc_imports(args.hide)
    for name in [m for m in sys.modules if m.split(".")[0] in Guard.UNAUDITED | {"subprocess"}]:
        del sys.modules[name]  # so that reaching them again goes through the audited import
    guard = Guard(args.hide, args.workdir)
    if not args.no_audit:
        sys.addaudithook(guard)
    server = Server(args.module, args.shown_name, guard, args.response_fd)
    server.reply({"ok": True, "value": {"hidden": hidden, "uid": os.getuid(), "dropped": dropped,
                                        "pid": os.getpid(), "rlimits": applied, "cgroup": in_cgroup,
                                        "read_only": frozen, "no_capabilities": no_caps,
                                        "audit_hook": not args.no_audit}})
    server.serve(sys.stdin.fileno())


if __name__ == "__main__":
    main(sys.argv[1:])
