"""The command that runs the child in a fresh, empty root file system (bubblewrap).

What the child sees: a read-only Python runtime at /python (its installed packages covered
by an empty file system), NumPy and SciPy at /site, the system's shared libraries, the
child's two scripts at /sandbox, /dev/null and /dev/urandom, its own /proc, and /work, a
size-capped tmpfs holding only the learner's file. Nothing else of the host: no checkout,
no mvcalc, no /root, no /etc, no other process. It runs in new user, PID, IPC, UTS, network,
mount and cgroup namespaces, under a seccomp filter, with no capabilities and no way to
make a user namespace again; the parent adds rlimits (in the child, before the learner's
file loads), cgroups when it is root, and the wall clock.

bubblewrap must run as an unprivileged user: a child whose real user is root escapes
RLIMIT_NPROC and owns root's files. As root, mvcalc starts it as `nobody` through
`setpriv`; paths `nobody` cannot reach (Python installed under /root, say) are first
bound onto a staging folder in a private mount namespace (`unshare --mount`), which
disappears with the run.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
import sysconfig
from dataclasses import dataclass
from functools import cache
from pathlib import Path

NOBODY = 65534
INSIDE_UID = 1000  # the learner's uid and gid inside the sandbox
PACKAGES = ("numpy", "scipy")  # what the starters import besides the standard library
SYSTEM_LIBS = ("/usr/lib", "/usr/lib64", "/usr/lib32", "/lib", "/lib64", "/lib32")
WORK = "/work"
CHILD = Path(__file__).with_name("child.py")
WIRE = Path(__file__).with_name("wire.py")

LAUNCHER = r"""
set -e
stage=$1; shift
while [ "$1" != "--binds" ]; do echo $$ > "$1/cgroup.procs"; shift; done; shift
i=0
while [ "$1" != "--" ]; do mount --bind "$1" "$stage/$i"; i=$((i+1)); shift; done; shift
exec setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all -- "$@"
"""


class SandboxUnavailable(RuntimeError):
    """bubblewrap (or what it needs) is missing or cannot make namespaces on this machine."""


@dataclass(frozen=True)
class Runtime:
    """The host's Python and the packages the child may import, as the sandbox shows them."""

    prefix: Path  # sys.base_prefix, shown at /python
    executable: str  # the interpreter, relative to prefix
    covered: tuple[str, ...]  # folders of installed packages under prefix, hidden under an empty tmpfs
    packages: tuple[Path, ...]  # package folders shown at /site/<name>
    libdir: str  # where libpython lives inside the sandbox


def _inside(path: Path, parent: Path) -> bool:
    return path == parent or parent in path.parents


@cache
def runtime() -> Runtime:
    """Find the interpreter, its standard library and the packages the learner may import."""
    prefix = Path(sys.base_prefix).resolve()
    executable = Path(sys._base_executable if hasattr(sys, "_base_executable") else sys.executable).resolve()
    if not _inside(executable, prefix):
        raise SandboxUnavailable(f"the interpreter {executable} is not under its prefix {prefix}")
    stdlib = {Path(sysconfig.get_paths()[k]).resolve() for k in ("stdlib", "platstdlib")}
    covered = set()
    for entry in [*sys.path, *(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))]:
        path = Path(entry or ".").resolve()
        if _inside(path, prefix) and path not in stdlib and path.name in ("site-packages", "dist-packages"):
            covered.add(str(path.relative_to(prefix)))
    for path in prefix.glob("lib/python3*/site-packages"):
        covered.add(str(path.relative_to(prefix)))
    packages = []
    for name in PACKAGES:
        try:
            module = __import__(name)
        except ImportError:
            continue
        folder = Path(module.__file__).resolve().parent
        packages.append(folder)
        libs = folder.with_name(f"{name}.libs")  # the wheel's bundled shared libraries
        if libs.is_dir():
            packages.append(libs)
    libdir = sysconfig.get_config_var("LIBDIR") or str(prefix / "lib")
    inside_lib = ("/python/" + str(Path(libdir).resolve().relative_to(prefix))
                  if _inside(Path(libdir).resolve(), prefix) else "/python/lib")
    return Runtime(prefix, str(executable.relative_to(prefix)), tuple(sorted(covered)), tuple(packages), inside_lib)


def bwrap() -> str:
    found = shutil.which("bwrap")
    if found is None or not sys.platform.startswith("linux"):
        raise SandboxUnavailable("bubblewrap is not installed (apt-get install bubblewrap)")
    return found


def reachable_by_others(path: Path) -> bool:
    """True if a user other than the owner may walk to `path` and read it."""
    for part in [*reversed(path.parents), path]:
        try:
            mode = part.stat().st_mode
        except OSError:
            return False
        need = stat.S_IXOTH | (stat.S_IROTH if part == path else 0)
        if mode & need != need:
            return False
    return True


def system_libraries() -> list[str]:
    """bwrap arguments that show the system's shared libraries read-only (symlinks kept as links)."""
    args: list[str] = []
    for path in SYSTEM_LIBS:
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    return args


def system_site_packages(rt: Runtime) -> list[str]:
    """The system's Python packages under the shared libraries (Debian's /usr/lib/python3*): hidden."""
    if _inside(Path("/usr"), rt.prefix):
        return []
    found = []
    for lib in SYSTEM_LIBS:
        if os.path.isdir(lib) and not os.path.islink(lib):
            found += sorted(str(p) for p in Path(lib).glob("python3*") if p.is_dir())
    return found


@dataclass
class Plan:
    """One run's command line, the descriptors it inherits, and what to remove afterwards."""

    argv: list[str]
    pass_fds: tuple[int, ...]
    stage: Path | None


def command(*, submission_fd: int, child_fd: int, wire_fd: int, seccomp_fd: int, child_args: list[str],
            disk_bytes: int, cgroups: list[Path], env: dict[str, str], stage_dir: Path | None) -> Plan:
    """The full command: bwrap's arguments, wrapped in the root launcher when this process is root."""
    rt = runtime()
    as_root = os.geteuid() == 0
    staged: list[Path] = []

    def source(path: Path) -> str:
        if as_root and not reachable_by_others(path):
            staged.append(path)
            return str(stage_dir / str(len(staged) - 1))
        return str(path)

    args = [bwrap(), "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session",
            "--uid", str(INSIDE_UID), "--gid", str(INSIDE_UID), "--hostname", "sandbox", "--cap-drop", "ALL",
            *system_libraries(), "--ro-bind", source(rt.prefix), "/python"]
    for folder in rt.covered:
        args += ["--size", "4096", "--perms", "0555", "--tmpfs", f"/python/{folder}", "--remount-ro", f"/python/{folder}"]
    for folder in system_site_packages(rt):
        args += ["--size", "4096", "--perms", "0555", "--tmpfs", folder, "--remount-ro", folder]
    args += ["--dir", "/site"]
    for package in rt.packages:
        args += ["--ro-bind", source(package), f"/site/{package.name}"]
    args += ["--dir", "/sandbox", "--ro-bind-data", str(child_fd), "/sandbox/child.py",
             "--ro-bind-data", str(wire_fd), "/sandbox/wire.py",
             "--dir", "/dev", "--dev-bind", "/dev/null", "/dev/null", "--dev-bind", "/dev/urandom", "/dev/urandom",
             "--proc", "/proc",
             "--size", str(disk_bytes), "--perms", "0700", "--tmpfs", WORK,
             "--perms", "0600", "--file", str(submission_fd), f"{WORK}/submission.py",
             "--remount-ro", "/", "--seccomp", str(seccomp_fd), "--chdir", WORK, "--clearenv"]
    for key, value in {**env, "LD_LIBRARY_PATH": rt.libdir}.items():
        args += ["--setenv", key, value]
    args += [f"/python/{rt.executable}", "-I", "-S", "-B", "-u", "/sandbox/child.py", *child_args]
    fds = (submission_fd, child_fd, wire_fd, seccomp_fd)
    if not as_root:
        return Plan(args, fds, None)
    if staged:
        assert stage_dir is not None
        stage_dir.mkdir(mode=0o755)
        for i in range(len(staged)):
            (stage_dir / str(i)).mkdir(mode=0o755)
    launcher = ["unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c", LAUNCHER, "mvcalc-sandbox",
                str(stage_dir or "/"), *map(str, cgroups), "--binds", *map(str, staged), "--", *args]
    return Plan(launcher, fds, stage_dir if staged else None)
