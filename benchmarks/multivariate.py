"""Multivariate toolkit and Taylor series: time next to plain SymPy on the same input.

Peers: `Matrix.jacobian` and `sympy.hessian` (no labels, no tidying, no point),
`expr.subs` for evaluation at a point, and `sympy.series` for Taylor polynomials.
Run with `.venv/bin/python -m benchmarks multivariate`.
"""

from __future__ import annotations

import time

import sympy as sp

from mvcalc.math.input.reader import symbol
from mvcalc.math.multivariate import hessian, jacobian
from mvcalc.math.series import taylor


def _best(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _functions(n: int) -> tuple[list[sp.Symbol], list[sp.Expr]]:
    xs = [symbol(f"x{i}") for i in range(n)]
    comps = [
        sp.sin(xs[i] * xs[(i + 1) % n]) + xs[i] ** 2 * sp.exp(xs[(i + 2) % n] / 3) for i in range(n)
    ]
    return xs, comps


def main() -> None:
    print(f"{'what':44} {'mvcalc':>10} {'sympy':>10} {'ratio':>7}")
    for n in (2, 4, 8):
        xs, comps = _functions(n)
        names = [x.name for x in xs]
        ours = _best(lambda: jacobian(comps, names))  # noqa: B023
        peer = _best(lambda: sp.Matrix(comps).jacobian(xs))  # noqa: B023
        print(f"{f'Jacobian {n}x{n}, symbolic':44} {ours * 1e3:9.1f}ms {peer * 1e3:9.1f}ms {ours / peer:7.1f}")
        point = {x: sp.Rational(i + 1, 3) for i, x in enumerate(xs)}
        ours = _best(lambda: jacobian(comps, names, at=point))  # noqa: B023
        peer = _best(lambda: sp.Matrix(comps).jacobian(xs).subs(point))  # noqa: B023
        print(f"{f'Jacobian {n}x{n}, exact at a point':44} {ours * 1e3:9.1f}ms {peer * 1e3:9.1f}ms {ours / peer:7.1f}")
        ours = _best(lambda: hessian(comps[0] * comps[-1], names))  # noqa: B023
        peer = _best(lambda: sp.hessian(comps[0] * comps[-1], xs))  # noqa: B023
        print(f"{f'Hessian {n}x{n}, symbolic':44} {ours * 1e3:9.1f}ms {peer * 1e3:9.1f}ms {ours / peer:7.1f}")
    x = symbol("x")
    for f, a in ((sp.exp(x) * sp.sin(x), 0), (sp.log(x), 10), (sp.tan(x), 0), (1 / (1 + x**2), 2)):
        for order in (4, 8, 12):
            ours = _best(lambda: taylor(f, {"x": a}, order), repeat=2)  # noqa: B023
            peer = _best(lambda: sp.series(f, x, a, order + 1), repeat=2)  # noqa: B023
            label = f"Taylor {f} about {a}, order {order}"
            print(f"{label:44} {ours * 1e3:9.1f}ms {peer * 1e3:9.1f}ms {ours / peer:7.1f}")
