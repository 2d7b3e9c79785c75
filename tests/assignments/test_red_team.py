"""Hostile submissions: none passes, each verdict says what happened, and the host is left as it was.

Each file in `hostile/` is a backprop submission that attacks the checker in one way (its
`# attack:` line); `# verdict:` is what the report must say. Every file runs twice: with the
audit hook (the clearer messages) and without it, where only the sandbox's own fences
(empty root file system, namespaces, seccomp, an unprivileged uid, limits) stand. After each run
the host's files, mounts and scratch folders are as they were, and no process or cgroup is left.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import subprocess
import time
from importlib import resources
from pathlib import Path

import pytest

from mvcalc.assignments import check_file, checker
from mvcalc.assignments.sandbox import Limits, SandboxedModule, cgroups, sandbox_mode

HOSTILE = Path(__file__).with_name("hostile")
CASES = sorted(p.stem for p in HOSTILE.glob("*.py"))
CHECKOUT = Path(__file__).resolve().parents[2]
REFERENCE = Path(str(resources.files("mvcalc.assignments.backprop").joinpath("reference.py"))).resolve()
LIMITS = Limits(call_seconds=3.0, cpu_seconds=10, wall_seconds=60)
PWNED = ("/tmp/mvcalc-pwned", "/dev/shm/mvcalc-pwned", "/var/tmp/mvcalc-pwned")


def git_dir() -> Path:
    """The repository's object store (the common .git of a worktree), where the issue's leak was."""
    try:
        done = subprocess.run(["git", "rev-parse", "--path-format=absolute", "--git-common-dir"], cwd=CHECKOUT,
                              capture_output=True, text=True, check=True, timeout=10)
        return Path(done.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        return CHECKOUT / ".git"


def metadata(text: str) -> dict[str, str]:
    return dict(re.findall(r"^# ([a-z ]+): (.*)$", text, flags=re.M))


def render(text: str) -> str:
    return (text.replace("@@REFERENCE@@", str(REFERENCE)).replace("@@CHECKOUT@@", str(CHECKOUT))
            .replace("@@GITDIR@@", str(git_dir())))


def host_state() -> dict:
    """What an attack could change on the host: the reference, the checkout, git's state, scratch folders."""
    state = {}
    for path in (REFERENCE, CHECKOUT / "README.md", git_dir() / "HEAD", CHECKOUT / "pyproject.toml"):
        state[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
    state["pwned"] = [p for p in PWNED if os.path.exists(p)]
    return state


def processes_with(marker: str) -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if marker.encode() in f.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


def mounts() -> set[str]:
    """Mount points of this process's (the host's) mount namespace."""
    with open("/proc/self/mountinfo") as info:
        return {line.split()[4] for line in info}


def leftovers(marker: str) -> dict:
    deadline = time.monotonic() + 3
    while processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    stages = [p.name for p in Path("/tmp").glob(f"mvcalc-sandbox-stage-{os.getpid()}-*")]
    return {"processes": processes_with(marker), "cgroups": cgroups.leftovers(), "stages": stages}


@pytest.fixture(autouse=True)
def bubblewrap():
    if sandbox_mode() != "bwrap":
        if os.environ.get("CI"):
            pytest.fail("the sandbox needs bubblewrap and python3-seccomp (make test installs them)")
        pytest.skip("bubblewrap is not usable here")


def test_there_are_enough_attacks():
    assert len(CASES) >= 25
    for name in CASES:
        meta = metadata((HOSTILE / f"{name}.py").read_text())
        assert meta.get("attack") and meta.get("verdict"), name


@pytest.mark.parametrize("audit", [True, False], ids=["hook", "no-hook"])
@pytest.mark.parametrize("name", CASES)
def test_hostile_submission_fails_says_why_and_leaves_no_trace(name, audit, tmp_path, monkeypatch):
    text = (HOSTILE / f"{name}.py").read_text()
    meta = metadata(text)
    pattern = meta["verdict"] if audit else meta.get("verdict without the audit hook", meta["verdict"])
    marker = f"redteam-{name}-{'hook' if audit else 'nohook'}"
    path = tmp_path / f"{marker}.py"
    path.write_text(render(text))
    if not audit:
        monkeypatch.setattr(checker, "SandboxedModule", functools.partial(SandboxedModule, audit_hook=False))
    before, mounted = host_state(), mounts()

    report = check_file(path, seed=1, limits=LIMITS)

    assert not report.passed
    assert report.containment["isolated"] and report.containment["audit_hook"] is audit
    said = "\n".join([report.load_error or "", *(f.message for f in report.functions), *report.violations])
    assert re.search(pattern, said), said
    assert "root:" not in said and "postgres" not in said  # nothing of /etc/shadow or /etc/passwd came back
    assert host_state() == before
    assert mounts() == mounted
    assert leftovers(marker) == {"processes": [], "cgroups": [], "stages": []}
