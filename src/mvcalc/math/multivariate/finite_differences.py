"""Finite-difference gradients (module 2, "reality is hard"): when f is known only by its values.

Forward differences (f(x+h) − f(x))/h have a truncation error of order h; central
differences (f(x+h) − f(x−h))/2h of order h². Rounding adds about ε|f|/h, so the
error falls as h shrinks and then rises again: `step_study` shows both against the
exact gradient (high precision), and where the best step lies.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp

from mvcalc.math.numeric import compile_expr, evaluate_mp
from mvcalc.math.points import PointError, normalise_point, resolve_variables

METHODS = ("forward", "central", "backward")


def _as_callable(f, point, variables) -> tuple[Callable[[np.ndarray], np.ndarray], np.ndarray, list[str]]:
    """f as a vectorised function of an (n, k) array of points, the point as floats, the names."""
    if isinstance(f, sp.Expr):
        vars_ = resolve_variables([f], variables if variables is not None else (list(point) if isinstance(point, Mapping) else None))
        exact = normalise_point(point, vars_)
        names = [v.name for v in vars_]
        compiled = compile_expr(f, names)

        def run(xs: np.ndarray) -> np.ndarray:
            return np.broadcast_to(compiled({n: xs[i] for i, n in enumerate(names)}), xs.shape[1:])

        return run, np.array([float(exact[v]) for v in vars_]), names
    if not callable(f):
        raise PointError("give a SymPy expression or a function of a point")
    if isinstance(point, Mapping):
        names = [str(k) for k in point]
        x0 = np.array([float(v) for v in point.values()])
    else:
        x0 = np.atleast_1d(np.asarray(point, dtype=float))
        names = [f"x{i + 1}" for i in range(x0.size)]

    def run_callable(xs: np.ndarray) -> np.ndarray:
        return np.array([float(f(xs[:, j])) for j in range(xs.shape[1])])

    return run_callable, x0, names


def finite_difference_gradient(
    f: sp.Expr | Callable, point, h: float = 1e-6, method: str = "central", variables=None
) -> np.ndarray:
    """The gradient of f at the point by finite differences with step h (forward, central or backward).

    f: a SymPy expression (evaluated with `mvcalc.math.numeric`) or a Python function
    of a 1-D NumPy array; point: {"x": 1, "y": 2} or a sequence.
    """
    if method not in METHODS:
        raise PointError(f"method must be one of {', '.join(METHODS)}")
    if not h > 0:
        raise PointError("the step h must be positive")
    run, x0, _ = _as_callable(f, point, variables)
    n = x0.size
    steps = np.eye(n) * h
    if method == "forward":
        cols = np.column_stack([x0 + steps[:, i] for i in range(n)] + [x0])
        values = run(cols)
        return (values[:n] - values[n]) / h
    if method == "backward":
        cols = np.column_stack([x0 - steps[:, i] for i in range(n)] + [x0])
        values = run(cols)
        return (values[n] - values[:n]) / h
    cols = np.column_stack([x0 + steps[:, i] for i in range(n)] + [x0 - steps[:, i] for i in range(n)])
    values = run(cols)
    return (values[:n] - values[n:]) / (2 * h)


def finite_difference_hessian(f: sp.Expr | Callable, point, h: float = 1e-4, variables=None) -> np.ndarray:
    """The Hessian by central differences of central-difference gradients (symmetrised)."""
    run, x0, names = _as_callable(f, point, variables)
    n = x0.size
    out = np.empty((n, n))
    for i in range(n):
        e = np.zeros(n)
        e[i] = h
        up = finite_difference_gradient(lambda p: run(np.asarray(p)[:, None])[0], x0 + e, h)
        down = finite_difference_gradient(lambda p: run(np.asarray(p)[:, None])[0], x0 - e, h)
        out[i] = (up - down) / (2 * h)
    return (out + out.T) / 2


@dataclass(frozen=True)
class StepStudy:
    """Errors of forward and central differences as the step shrinks."""

    steps: tuple[float, ...]
    forward: tuple[float, ...]  # max-abs error of the forward-difference gradient
    central: tuple[float, ...]
    exact: tuple[float, ...]

    def best(self, method: str = "central") -> float:
        errors = self.forward if method == "forward" else self.central
        return self.steps[int(np.nanargmin(errors))]

    def to_dict(self) -> dict:
        return {
            "steps": list(self.steps),
            "forward": list(self.forward),
            "central": list(self.central),
            "exact": list(self.exact),
            "best_forward": self.best("forward"),
            "best_central": self.best("central"),
        }

    def __str__(self) -> str:
        lines = ["      h     forward error   central error"]
        lines += [f"{h:8.0e}   {fe:13.3e}   {ce:13.3e}" for h, fe, ce in zip(self.steps, self.forward, self.central, strict=True)]
        lines.append(
            f"best h: forward {self.best('forward'):.0e}, central {self.best('central'):.0e} "
            "(truncation error falls with h, rounding error grows like ε/h)"
        )
        return "\n".join(lines)


def step_study(expr: sp.Expr, point, steps: Sequence[float] | None = None, variables=None) -> StepStudy:
    """Errors of finite-difference gradients of `expr` at the point against the exact gradient."""
    if not isinstance(expr, sp.Expr):
        raise PointError("the step study needs a SymPy expression (its exact gradient is the reference)")
    vars_ = resolve_variables([expr], variables if variables is not None else (list(point) if isinstance(point, Mapping) else None))
    exact_point = normalise_point(point, vars_)
    values = {v.name: float(exact_point[v]) for v in vars_}
    exact = np.array([float(evaluate_mp(sp.diff(expr, v), values, dps=30)) for v in vars_])
    hs = tuple(steps) if steps is not None else tuple(10.0 ** -k for k in range(1, 15))
    fwd, cen = [], []
    for h in hs:
        fwd.append(float(np.max(np.abs(finite_difference_gradient(expr, _by_name(exact_point), h, "forward") - exact))))
        cen.append(float(np.max(np.abs(finite_difference_gradient(expr, _by_name(exact_point), h, "central") - exact))))
    return StepStudy(hs, tuple(fwd), tuple(cen), tuple(float(e) for e in exact))


def _by_name(point: Mapping[sp.Symbol, sp.Expr]) -> dict[str, sp.Expr]:
    return {s.name: v for s, v in point.items()}
