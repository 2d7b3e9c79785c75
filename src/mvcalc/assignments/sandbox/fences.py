"""The operating-system fences around the child: namespaces, a pids cgroup, dropping root, what to hide."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import time
from functools import cache
from pathlib import Path

NOBODY = 65534


@cache
def namespace_prefix() -> tuple[str, ...]:
    """The `unshare` command that isolates network, PIDs and mounts here, or () if none works."""
    exe = shutil.which("unshare")
    if exe is None or not sys.platform.startswith("linux"):
        return ()
    common = ("--net", "--mount", "--pid", "--fork", "--kill-child")
    candidates = [(exe, *common)] if os.geteuid() == 0 else []
    candidates.append((exe, "--user", "--map-root-user", *common))
    for prefix in candidates:
        try:
            done = subprocess.run([*prefix, "true"], capture_output=True, timeout=10, check=False)
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0:
            return prefix
    return ()


PIDS_CGROUP_ROOTS = (Path("/sys/fs/cgroup/pids"), Path("/sys/fs/cgroup"))


def make_pids_cgroup(limit: int) -> Path | None:
    """A fresh cgroup capping the number of processes (v1 `pids` or v2 with the pids controller).

    Root ignores RLIMIT_NPROC; a pids cgroup binds root too. None where cgroups are not writable.
    """
    if not sys.platform.startswith("linux"):
        return None
    for root in PIDS_CGROUP_ROOTS:
        if not (root / "cgroup.procs").exists():
            continue
        path = root / f"mvcalc-check-{os.getpid()}-{time.monotonic_ns()}"
        try:
            path.mkdir()
        except OSError:
            continue
        try:
            (path / "pids.max").write_text(str(limit))
            return path
        except OSError:
            remove_cgroup(path)
    return None


def remove_cgroup(path: Path | None) -> None:
    """Remove a cgroup once its processes are gone (they die with the PID namespace)."""
    if path is None:
        return
    for _ in range(50):
        try:
            path.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError:
            time.sleep(0.02)


def _open_to_others(path: Path) -> bool:
    """True if a user other than the owner can reach (and read) this path."""
    path = path.resolve()
    for part in [*reversed(path.parents), path]:
        try:
            mode = part.stat().st_mode
        except OSError:
            return False
        need = stat.S_IXOTH | (stat.S_IROTH if part == path or part.is_dir() else 0)
        if mode & need != need:
            return False
    return True


@cache
def can_drop_root() -> bool:
    """Root may become `nobody` in the child only if `nobody` can still read Python and NumPy."""
    if os.geteuid() != 0:
        return False
    import numpy

    needed = [Path(sys.executable), Path(sysconfig.get_paths()["stdlib"]),
              Path(sysconfig.get_paths()["platstdlib"]), Path(numpy.__file__).parent]
    return all(_open_to_others(p) for p in needed)


def hidden_paths() -> list[str]:
    """Directories the child must not see: the whole mvcalc package (reference solutions live there)."""
    import mvcalc

    return [str(Path(mvcalc.__file__).resolve().parent)]
