"""Start-up of the CLI, each command timed against its peer in the same run (interleaved, medians).

`mvcalc --help` vs `python -c "import typer, rich"` (target ≤ 1.5x): help must not import the engine.
`mvcalc diff "x^2 sin x"` vs a script that imports SymPy and calls `sympy.diff` (target ≤ 1.2x).
`mvcalc check` of a pair vs the same script (the exact-simplification worker starts only when needed).

Both sides run from bytecode, as an installed mvcalc does (pip compiles it; a first run writes it): the
peer's SymPy has its .pyc files, so mvcalc's are written first even where PYTHONDONTWRITEBYTECODE is set,
or every timed run would also be timing the compilation of mvcalc's source.
"""

from __future__ import annotations

import compileall
import importlib.util
import statistics
import subprocess
import sys
import time
from pathlib import Path

MVCALC = str(Path(sys.executable).with_name("mvcalc"))
PEERS = {
    "help": ([MVCALC, "--help"], [sys.executable, "-c", "import typer, rich"]),
    "diff": ([MVCALC, "diff", "x^2 sin x"],
             [sys.executable, "-c", "import sympy; x = sympy.Symbol('x'); print(sympy.diff(x**2*sympy.sin(x), x))"]),
    "check": ([MVCALC, "check", "2x sin x + x^2 cos x", "2x cos x", "--vars", "x"],
              [sys.executable, "-c", "import sympy; x = sympy.Symbol('x'); print(sympy.diff(x**2*sympy.sin(x), x))"]),
}
RUNS = 7


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def _write_bytecode() -> None:
    """mvcalc's .pyc files, written once (up-to-date ones are kept)."""
    spec = importlib.util.find_spec("mvcalc")
    for folder in spec.submodule_search_locations or ():
        compileall.compile_dir(folder, quiet=1)


def main() -> None:
    _write_bytecode()
    print(f"{'command':8s} {'mvcalc ms':>10s} {'peer ms':>10s} {'ratio':>7s}   (median of {RUNS}, interleaved)")
    for name, (ours, peer) in PEERS.items():
        _time(ours), _time(peer)  # warm the file cache
        a, b = [], []
        for _ in range(RUNS):
            a.append(_time(ours))
            b.append(_time(peer))
        ma, mb = statistics.median(a), statistics.median(b)
        print(f"{name:8s} {ma * 1000:10.0f} {mb * 1000:10.0f} {ma / mb:7.2f}")


if __name__ == "__main__":
    main()
