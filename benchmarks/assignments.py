"""Assignment checker: `check` of a correct backprop file end to end (target < 5 s), next to the
same checks and training run in-process without a sandbox, and the sandbox's start-up next to a
bare `python -I -c "import numpy"`.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from importlib import resources

import numpy as np

from mvcalc.assignments import check_file, get
from mvcalc.assignments.checker import Context
from mvcalc.assignments.sandbox import SandboxedModule

REFERENCE = resources.files("mvcalc.assignments.backprop").joinpath("reference.py")


class InProcess:
    """The learner's module imported here, with SandboxedModule's calling interface (the peer)."""

    def __init__(self, path) -> None:
        spec = importlib.util.spec_from_file_location("bench_reference", path)
        self.module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(self.module)

    def has(self, name: str) -> bool:
        return callable(getattr(self.module, name, None))

    def call(self, name: str, *args):
        return getattr(self.module, name)(*args)

    def calls(self, calls):
        return [self.call(name, *args) for name, args in calls]

    def descend(self, names, params, batches, rate, every):
        functions = [getattr(self.module, n) for n in names]
        snapshots = []
        for step, batch in enumerate(batches, 1):
            grads = [f(*batch, tuple(params)) for f in functions]
            params = [p - rate * np.asarray(g).reshape(p.shape) for p, g in zip(params, grads, strict=True)]
            if step % every == 0:
                snapshots.append(params)
        return snapshots


def in_process_check(seed: int) -> float:
    started = time.perf_counter()
    checks = get("backprop").checks
    learner = InProcess(REFERENCE)
    ctx = Context(seed=seed, rng=np.random.default_rng(seed))
    assert all(check(learner, ctx).passed for check in checks.CHECKS.values())
    checks.after_pass(learner, ctx)
    return time.perf_counter() - started


def main() -> None:
    seed = 3
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        report = check_file(REFERENCE, seed=seed)
        timings.append(time.perf_counter() - started)
        assert report.passed
    sandboxed = min(timings)
    plain = min(in_process_check(seed) for _ in range(3))
    print("check of a correct backprop submission, end to end (4 functions x 4 cases, then 2000 training steps)")
    print(f"  sandboxed check_file   {sandboxed:6.2f} s   (target < 5 s)")
    print(f"  same work in-process   {plain:6.2f} s   sandbox overhead x{sandboxed / plain:.2f}")

    starts = []
    for _ in range(5):
        started = time.perf_counter()
        with SandboxedModule(REFERENCE):
            pass
        starts.append(time.perf_counter() - started)
    bare = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-I", "-c", "import numpy"], check=True)
        bare.append(time.perf_counter() - started)
    print("sandbox start-up (spawn, namespaces, limits, load the file) vs a bare interpreter importing NumPy")
    print(f"  sandbox start + stop   {min(starts) * 1e3:6.0f} ms")
    print(f"  python -I + numpy      {min(bare) * 1e3:6.0f} ms   ratio {min(starts) / min(bare):.2f}")


if __name__ == "__main__":
    main()
