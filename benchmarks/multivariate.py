"""Multivariate toolkit and Taylor series: time next to plain SymPy on the same input, as ratios.

Peers: `Matrix.jacobian`, `sympy.hessian` and the gradient as a Jacobian's transpose (no
labels, no tidying, no point), `expr.subs` for evaluation at a point, `sympy.series` for
Taylor polynomials and d/dt of the substituted function for the total derivative.

"result" is what a caller gets back (the matrix, tidied, exact at the point); "with working"
adds every entry's step-by-step working (what `--steps` and the lesson pages show), which is
built on first use only, as is the tidy form of each value at a point ("values read" reads
`.value`, as printing, LaTeX and --json do). Both sides are measured the same way, in alternating rounds, in two
regimes: "new" gives every call an expression no call has seen (a new question: nothing is
reused from an earlier call, SymPy's cache of common pieces is warm), "repeat" calls with
the same expression again (a server answering the same question twice).
Targets (issue 18): result ≤ 1.5× SymPy, with working ≤ 4×. Times are CPU time of this
process (steady on a shared machine), medians.
Run with `.venv/bin/python -m benchmarks multivariate`.
"""

from __future__ import annotations

import itertools
import statistics
import time

import sympy as sp

from mvcalc.math.input.reader import symbol
from mvcalc.math.multivariate import gradient, hessian, jacobian, total_derivative
from mvcalc.math.series import taylor

_fresh = itertools.count(2)


def _paired(ours, peer, make, rounds: int, new: bool) -> tuple[float, float, float]:
    """(our median time, the peer's, median of per-round ratios), the two called in alternation.

    `make(c)` builds the input; with `new` every call gets its own c, else all use c = 1.
    """
    same = make(1)
    if not new:
        ours(*same), peer(*same)
    mine, theirs = [], []
    for _ in range(rounds):
        for fn, out in ((ours, mine), (peer, theirs)):
            args = make(next(_fresh)) if new else same
            start = time.process_time()
            fn(*args)
            out.append(time.process_time() - start)
    ratio = statistics.median(a / b for a, b in zip(mine, theirs, strict=True))
    return statistics.median(mine), statistics.median(theirs), ratio


def _functions(n: int, c: int) -> tuple[list[sp.Symbol], list[sp.Expr]]:
    xs = [symbol(f"x{i}") for i in range(n)]
    comps = [
        sp.sin(c * xs[i] * xs[(i + 1) % n]) + xs[i] ** 2 * sp.exp(xs[(i + 2) % n] / (c + 2)) for i in range(n)
    ]
    return xs, comps


def _with_working(result):
    """Every entry's working (what --steps shows), built after the result."""
    for entry in result.entries:
        entry.working()
    return result


def _row(label: str, make, ours, peer, rounds: int = 5) -> None:
    new_ours, new_peer, new_ratio = _paired(ours, peer, make, rounds, new=True)
    _, _, repeat_ratio = _paired(ours, peer, make, rounds, new=False)
    print(f"{label:46} {new_ours * 1e3:9.1f}ms {new_peer * 1e3:9.1f}ms {new_ratio:7.2f} {repeat_ratio:7.2f}")


def _matrices(n: int) -> None:
    def make(c):
        xs, comps = _functions(n, c)
        return xs, [x.name for x in xs], comps, comps[0] * comps[-1], {x: sp.Rational(i + 1, 3) for i, x in enumerate(xs)}

    _row(f"Jacobian {n}x{n}, result", make, lambda xs, names, comps, f, point: jacobian(comps, names),
         lambda xs, names, comps, f, point: sp.Matrix(comps).jacobian(xs))
    _row(f"Jacobian {n}x{n}, result with working", make,
         lambda xs, names, comps, f, point: _with_working(jacobian(comps, names)),
         lambda xs, names, comps, f, point: sp.Matrix(comps).jacobian(xs))
    _row(f"Jacobian {n}x{n}, exact at a point", make, lambda xs, names, comps, f, point: jacobian(comps, names, at=point),
         lambda xs, names, comps, f, point: sp.Matrix(comps).jacobian(xs).subs(point))
    _row(f"Jacobian {n}x{n}, at a point, values read", make,
         lambda xs, names, comps, f, point: jacobian(comps, names, at=point).value,
         lambda xs, names, comps, f, point: sp.Matrix(comps).jacobian(xs).subs(point))
    _row(f"gradient of f1·f{n}, result", make, lambda xs, names, comps, f, point: gradient(f, names),
         lambda xs, names, comps, f, point: sp.Matrix([f]).jacobian(xs).T)
    _row(f"Hessian {n}x{n}, result", make, lambda xs, names, comps, f, point: hessian(f, names),
         lambda xs, names, comps, f, point: sp.hessian(f, xs))
    _row(f"Hessian {n}x{n}, result with working", make,
         lambda xs, names, comps, f, point: _with_working(hessian(f, names)),
         lambda xs, names, comps, f, point: sp.hessian(f, xs), rounds=3)


def main() -> None:
    print("new: every call on an expression not seen before; repeat: the same call again; ratio = ours/SymPy")
    print("targets: result ≤ 1.5, with working ≤ 4")
    print(f"{'what':46} {'mvcalc':>11} {'sympy':>11} {'new':>7} {'repeat':>7}")
    for n in (2, 4, 8):
        _matrices(n)
    t = symbol("t")
    x, y, z = (symbol(v) for v in "xyz")
    for label, fn, inner in (
        ("x**2*y", lambda c: c * x**2 * y, lambda c: {"x": sp.cos(c * t), "y": sp.sin(t)}),
        ("x*y*z", lambda c: x * y * z, lambda c: {"x": c * t, "y": t**2, "z": sp.exp(t)}),
        ("sin(x*y) + x/(1 + y**2)", lambda c: sp.sin(c * x * y) + x / (1 + y**2),
         lambda c: {"x": t**3, "y": sp.log(1 + t**2)}),
    ):
        def make(c, fn=fn, inner=inner):
            return fn(c), inner(c)

        _row(f"total derivative of {label}", make, lambda f, inner: total_derivative(f, inner, "t"),
             lambda f, inner: sp.diff(f.subs({symbol(k): v for k, v in inner.items()}), t))
    for label, fn, a in (("exp(x)*sin(x)", lambda c: sp.exp(x) * sp.sin(c * x), 0),
                         ("log(x)", lambda c: sp.log(c * x), 10), ("tan(x)", lambda c: sp.tan(c * x), 0),
                         ("1/(1 + x**2)", lambda c: 1 / (c + x**2), 2)):
        for order in (4, 8, 12):
            _row(f"Taylor {label} about {a}, order {order}", lambda c, fn=fn: (fn(c),),
                 lambda f, a=a, order=order: taylor(f, {"x": a}, order),
                 lambda f, a=a, order=order: sp.series(f, x, a, order + 1), rounds=3)
