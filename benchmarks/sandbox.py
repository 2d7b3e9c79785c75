"""The sandbox's cost: a correct backprop checked in bubblewrap next to the same checks run
in-process without a sandbox (target: at most 1.5x), and the sandbox's start-up alone for an
empty submission (target: under 150 ms) next to a bare interpreter's.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.assignments import REFERENCE, in_process_check
from mvcalc.assignments import check_file
from mvcalc.assignments.sandbox import SandboxedModule, jail, sandbox_mode, seccomp


def best(thunk, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        thunk()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    mode = sandbox_mode()
    seccomp.program() if mode == "bwrap" else None  # built once per process, like the runtime's paths
    jail.runtime()
    seed = 3

    def sandboxed() -> None:
        assert check_file(REFERENCE, seed=seed).passed

    boxed = best(sandboxed, 3)
    plain = min(in_process_check(seed) for _ in range(3))
    print(f"correct backprop, checked end to end (16 calls checked, then 2000 training steps); sandbox: {mode}")
    print(f"  in the sandbox          {boxed * 1e3:7.0f} ms")
    print(f"  in-process, no sandbox  {plain * 1e3:7.0f} ms   sandbox / in-process = {boxed / plain:.2f}x"
          "   (target <= 1.5x)")

    with tempfile.TemporaryDirectory(prefix="mvcalc-bench-") as folder:
        empty = Path(folder) / "empty.py"
        empty.write_text("")

        def start_stop() -> None:
            with SandboxedModule(empty):
                pass

        start = best(start_stop, 10)
    python = jail.runtime().prefix / jail.runtime().executable
    bare = best(lambda: subprocess.run([str(python), "-I", "-S", "-c", "pass"], check=True), 10)
    print("start-up alone: an empty submission started, loaded and stopped, vs a bare interpreter")
    print(f"  sandbox start + stop    {start * 1e3:7.0f} ms   (target < 150 ms)")
    print(f"  python -I -S -c pass    {bare * 1e3:7.0f} ms   sandbox / bare = {start / bare:.2f}x")
    print(f"  (machine: {sys.platform}, {mode})")


if __name__ == "__main__":
    main()
