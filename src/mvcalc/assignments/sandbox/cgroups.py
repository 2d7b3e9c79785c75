"""Per-run control groups: a cap on processes and on memory (tmpfs pages included) for one child.

Only root may create them, and only where the cgroup tree is writable (v1 `pids` and `memory`
hierarchies, or v2 with those controllers enabled). They are an extra fence next to the
rlimits: the sandbox is still contained without them.
"""

from __future__ import annotations

import os
import signal
import time
import uuid
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
PREFIX = "mvcalc-sandbox-"


def _v2_controllers() -> set[str]:
    try:
        return set((ROOT / "cgroup.subtree_control").read_text().split())
    except OSError:
        return set()


def create(processes: int, memory_bytes: int) -> list[Path]:
    """Fresh cgroups capping processes and memory; [] where this process may not make them."""
    if os.geteuid() != 0:
        return []
    name = f"{PREFIX}{os.getpid()}-{uuid.uuid4().hex[:12]}"
    wanted = {"pids": {"pids.max": str(processes)},
              "memory": {"memory.limit_in_bytes": str(memory_bytes), "memory.max": str(memory_bytes),
                         "memory.swap.max": "0"}}
    made: list[Path] = []
    v2 = _v2_controllers() if (ROOT / "cgroup.controllers").exists() else set()
    for controller, files in wanted.items():
        base = ROOT / controller if (ROOT / controller / "cgroup.procs").exists() else (
            ROOT if controller in v2 else None)
        if base is None:
            continue
        path = base / name
        try:
            path.mkdir(exist_ok=base == ROOT)
        except OSError:
            continue
        if path not in made:
            made.append(path)
        for file, value in files.items():
            if (path / file).exists():
                try:
                    (path / file).write_text(value)
                except OSError:
                    pass
    return made


def remove(paths: list[Path]) -> bool:
    """Kill whatever is still in the cgroups, then remove them; True when all are gone."""
    gone = True
    for path in paths:
        deadline = time.monotonic() + 5
        while path.exists():
            try:
                pids = [int(p) for p in (path / "cgroup.procs").read_text().split()]
            except (OSError, ValueError):
                pids = []
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            try:
                path.rmdir()
            except FileNotFoundError:
                break
            except OSError:
                if time.monotonic() > deadline:
                    gone = False
                    break
                time.sleep(0.01)
    return gone


def leftovers(pid: int | None = None) -> list[Path]:
    """Cgroups made by process `pid` (default: this one) that still exist; tests assert there are none."""
    found = []
    for base in (ROOT / "pids", ROOT / "memory", ROOT):
        if base.is_dir():
            found += [p for p in base.glob(f"{PREFIX}{pid or os.getpid()}-*") if p.is_dir()]
    return found


def _alive(pid: str) -> bool:
    return pid.isdigit() and os.path.exists(f"/proc/{pid}")


def sweep() -> None:
    """Remove the cgroups of mvcalc processes that died without cleaning up (killed mid-check)."""
    for base in (ROOT / "pids", ROOT / "memory", ROOT):
        if not base.is_dir():
            continue
        for path in base.glob(f"{PREFIX}*"):
            if path.is_dir() and not _alive(path.name[len(PREFIX):].split("-")[0]):
                remove([path])
