"""Input language: latency of `read` on learner-style answers, next to the cost of building
the same SymPy objects directly (the floor any parser pays), and next to hostile inputs.

Run: `.venv/bin/python -m benchmarks parse`.
"""

from __future__ import annotations

import statistics
import time

import sympy as sp
from sympy.core.cache import clear_cache

from mvcalc.math.input.reader import InputError, read

# Learner-style answers to derivative, gradient and Jacobian questions, in several habits.
BASES = [
    "2x sin x + x^2 cos x", "2*x*sin(x) + x**2*cos(x)", "e^(-x^2/2)/sqrt(2pi)",
    "-x e^(-x^2/2)/sqrt(2 pi)", "3x^2 - 4x + 1", "(x^2-1)/(x-1)", "sigmoid(x)(1 - sigmoid(x))",
    "σ(z)(1-σ(z))", "[2x y, x^2 + 3y^2]", "[[2y, 2x], [2x, 6y]]", "ln(x^2+1)", "2x/(x^2+1)",
    "sin^2 x + cos^2 x", "2 sin x cos x", "x e^x + e^x", "1/(1+e^(-z))", "2(x+1)(x-1)^3",
    "arctan(y/x)", "-y/(x^2+y^2)", "sqrt(x^2 + y^2)", "x/sqrt(x^2+y^2)", "tanh(w x + b)",
    "x (1 - tanh(w x + b)^2)", "|x|", "x/|x|", "cos(3x^2) 6x", "-sin x", "sec^2 x",
    "1/cos^2 x", "0.5 x^-0.5", "1/(2 sqrt x)", "3x²y + y³",
    "[3x^2 y, x^3 + 3y^2]", "ln x + 1", "x^x (ln x + 1)", "e^x sin x + e^x cos x",
    "(2x + 3)^4 * 8", "8(2x+3)^4", "4 sin^3 x cos x", "-2x sin(x^2)", "cosh x", "sinh x",
    "1/x", "-1/x^2", "2 theta", "mu + sigma^2/2", "exp(mu + sigma^2/2)",
]  # fmt: skip
HOSTILE = [
    "9^9^9^9", "(" * 2000, "x" * 1_000_000, "sin(exp(exp(12)))", "__import__('os')",
    "+".join(["x"] * 600), "|" * 100 + "x" + "|" * 100, "1000000!", "[[1,2],[3]]",
]  # fmt: skip


def _rebuild(expr):
    """The same SymPy object built bottom-up from its parts: what any parser must pay."""
    if not expr.args or isinstance(expr, sp.Atom):
        return expr
    if isinstance(expr, sp.MatrixBase):
        return sp.ImmutableMatrix(expr.rows, expr.cols, [_rebuild(a) for a in expr])
    return expr.func(*(_rebuild(a) for a in expr.args))


def _timed(fn, items, cold: bool) -> list[float]:
    out = []
    for item in items:
        if cold:
            clear_cache()
        start = time.perf_counter()
        try:
            fn(item)
        except InputError:
            pass
        out.append((time.perf_counter() - start) * 1000)
    return out


def _summary(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return statistics.median(ordered), p99, ordered[-1]


def main() -> None:
    values = [read(text).value for text in BASES]
    items = BASES * 10
    rebuilt = values * 10
    read("x")  # imports
    for cold in (True, False):
        label = "cold SymPy cache" if cold else "warm SymPy cache"
        ours = _summary(_timed(read, items, cold))
        floor = _summary(_timed(_rebuild, rebuilt, cold))
        print(f"{label}: {len(items)} answers")
        print(f"  read()            p50 {ours[0]:6.2f} ms  p99 {ours[1]:6.2f} ms  max {ours[2]:6.2f} ms")
        print(f"  SymPy build only  p50 {floor[0]:6.2f} ms  p99 {floor[1]:6.2f} ms  max {floor[2]:6.2f} ms")
        print(f"  ratio read/build  p50 {ours[0] / floor[0]:6.1f}x")
    hostile = _summary(_timed(read, HOSTILE, True))
    print(f"hostile inputs ({len(HOSTILE)}): p50 {hostile[0]:.2f} ms, max {hostile[2]:.2f} ms "
          f"(each refused with an InputError)")  # fmt: skip


if __name__ == "__main__":
    main()
