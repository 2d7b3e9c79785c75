"""Newton–Raphson root finding in one and several dimensions, with the whole path and a verdict.

`newton(f, df, x0)` works on Python callables; `newton_expr(expr, x0)` takes a
SymPy expression and gets f′ from `sympy.diff`. `newton_system` solves F(x) = 0
for a vector F with its Jacobian. Every run ends with one verdict — converged,
oscillating (a cycle was detected), diverging, stalled at a flat point, or
left the function's domain
(undefined), or wandering (no pattern within the step limit) — and the reason in words.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from mvcalc.math.display import Displayed
from mvcalc.math.input.reader import symbol
from mvcalc.math.numeric import compile_expr

VERDICTS = ("converged", "oscillating", "diverging", "stalled", "undefined", "wandering")


@dataclass
class NewtonResult(Displayed):
    """The iterates x₀, x₁, … with f at each, and what happened."""

    path: list  # floats (1-D) or lists of floats (n-D)
    values: list  # f(x_k) (1-D, signed) or |F(x_k)| (n-D)
    verdict: str
    reason: str
    root: object = None  # the root (float or list) when converged
    steps: int = 0
    period: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def converged(self) -> bool:
        return self.verdict == "converged"

    def to_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "reason": self.reason,
            "root": self.root,
            "steps": self.steps,
            "period": self.period,
            "path": self.path,
            "values": self.values,
        }


def _fmt(v) -> str:
    if isinstance(v, list | tuple | np.ndarray):
        return "(" + ", ".join(_fmt(u) for u in v) + ")"
    return f"{float(v):.10g}"


def find_cycle(path: list[np.ndarray], scale: float, tol: float) -> int | None:
    """The period p ≥ 2 if the last two iterates repeat the ones p steps back.

    The points inside the cycle must be far apart compared with the mismatch,
    so slow convergence to a multiple root is not mistaken for a cycle.
    """
    last = path[-1]
    for p in range(2, min(8, len(path) // 2) + 1):
        miss = max(np.linalg.norm(last - path[-1 - p]), np.linalg.norm(path[-2] - path[-2 - p]))
        spread = min(np.linalg.norm(path[-i] - path[-i - 1]) for i in range(1, p + 1))
        if miss <= tol * scale and spread > 100 * miss:
            return p
    return None


def _iterate(
    step: Callable[[np.ndarray], tuple[np.ndarray | None, float, str]],
    x0: np.ndarray,
    *,
    tol: float,
    max_iter: int,
    scalar: bool,
) -> NewtonResult:
    """The shared loop: `step(x)` gives (next x or None if flat, f(x) or |F(x)|, why it is flat)."""
    x = np.array(x0, dtype=float)
    path = [x.copy()]
    values: list[float] = []
    bound = 1e8 * (1.0 + float(np.linalg.norm(x)))
    out = (lambda v: float(v[0])) if scalar else (lambda v: [float(u) for u in v])
    growth = steady = 0
    last_delta, last_dir = 0.0, np.zeros_like(x)
    for k in range(max_iter):
        new, fx, flat = step(x)
        values.append(fx)
        if new is None:
            return NewtonResult([out(p) for p in path], values, "stalled",
                                f"stalled at a flat point: {flat} at x = {_fmt(out(x))}, "
                                "so the tangent never meets zero", steps=k)
        if not np.all(np.isfinite(new)):
            return NewtonResult([out(p) for p in path], values, "undefined",
                                f"stopped: f or its derivative cannot be evaluated at x = "
                                f"{_fmt(out(x))} (outside the function's domain)", steps=k)
        if np.linalg.norm(new) > bound:
            path.append(new)
            return NewtonResult([out(p) for p in path], values, "diverging",
                                f"diverging: after {k + 1} step{'s' if k else ''} x = {_fmt(out(new))} has run off "
                                "(each tangent lands further away)", steps=k + 1)
        delta = float(np.linalg.norm(new - x))
        scale = 1.0 + float(np.linalg.norm(new))
        growth = growth + 1 if np.linalg.norm(new) > 2 * np.linalg.norm(x) + 1 else 0
        steady = steady + 1 if delta >= 0.9 * last_delta and np.dot(new - x, last_dir) > 0 else 0
        last_delta, last_dir = delta, new - x
        x = new
        path.append(x.copy())
        if delta <= tol * scale:
            _, fx_new, _ = step(x)
            values.append(fx_new)
            return NewtonResult([out(p) for p in path], values, "converged",
                                f"converged to {_fmt(out(x))} in {k + 1} step{'s' if k else ''} "
                                f"(last step {delta:.2g}, |f| = {abs(fx_new):.2g})",
                                root=out(x), steps=k + 1)
        if growth >= 6:
            return NewtonResult([out(p) for p in path], values, "diverging",
                                f"diverging: |x| has more than doubled on each of the last {growth} "
                                f"steps, now x = {_fmt(out(x))}", steps=k + 1)
        if steady >= 20:
            return NewtonResult([out(p) for p in path], values, "diverging",
                                f"diverging: x has moved the same way by steps that do not shrink "
                                f"for {steady} steps, now x = {_fmt(out(x))} (f may only approach "
                                "zero asymptotically)", steps=k + 1)
        period = find_cycle(path, scale, 1e-6) if len(path) >= 5 else None
        if period is not None:
            cycle = [out(p) for p in path[-period:]]
            return NewtonResult([out(p) for p in path], values, "oscillating",
                                f"oscillating: the iterates repeat with period {period} "
                                f"between {', '.join(_fmt(c) for c in cycle)}", steps=k + 1,
                                period=period)
    return NewtonResult([out(p) for p in path], values, "wandering",
                        f"wandering: no convergence, cycle or escape in {max_iter} step{'s' if max_iter != 1 else ''} "
                        "(often a sign that there is no root nearby)", steps=max_iter)


def newton(
    f: Callable[[float], float],
    df: Callable[[float], float],
    x0: float,
    *,
    tol: float = 1e-12,
    max_iter: int = 100,
) -> NewtonResult:
    """x ← x − f(x)/f′(x) from x0, on callables."""

    def step(x: np.ndarray):
        fx, dfx = float(f(float(x[0]))), float(df(float(x[0])))
        if not math.isfinite(fx) or not math.isfinite(dfx):
            return np.array([math.nan]), fx, ""
        if dfx == 0.0 or abs(dfx) < 1e-300:
            return None, fx, "f'(x) = 0"
        return x - fx / dfx, fx, ""

    return _iterate(step, np.array([x0], dtype=float), tol=tol, max_iter=max_iter, scalar=True)


def symbols_for(exprs: Sequence[sp.Expr], names: Sequence[str]) -> list[sp.Symbol]:
    """The symbols named `names` as they occur in `exprs` (real symbols for names not there)."""
    found = {s.name: s for e in exprs for s in e.free_symbols}
    return [found.get(n, symbol(n)) for n in names]


def _single_variable(expr: sp.Expr, var: str | None) -> str:
    names = sorted(s.name for s in expr.free_symbols)
    if var is not None:
        return var
    if len(names) != 1:
        raise ValueError(
            "the expression must have exactly one variable (it has "
            + (", ".join(names) if names else "none") + "); say which with var="
        )
    return names[0]


def newton_expr(
    expr: sp.Expr, x0: float, var: str | None = None, *, tol: float = 1e-12, max_iter: int = 100
) -> NewtonResult:
    """Newton–Raphson on a SymPy expression; f′ comes from `sympy.diff`."""
    name = _single_variable(expr, var)
    (symbol,) = symbols_for([expr], [name])
    f = compile_expr(expr, [name])
    df = compile_expr(sp.diff(expr, symbol), [name])
    result = newton(lambda t: float(f({name: np.asarray(t)})), lambda t: float(df({name: np.asarray(t)})),
                    x0, tol=tol, max_iter=max_iter)
    result.notes.append(f"f'({name}) = {sp.sstr(sp.diff(expr, symbol))}")
    return result


def newton_system(
    F: Callable[[np.ndarray], np.ndarray],
    J: Callable[[np.ndarray], np.ndarray],
    x0: Sequence[float],
    *,
    tol: float = 1e-12,
    max_iter: int = 100,
) -> NewtonResult:
    """x ← x − J(x)⁻¹F(x) for a vector function F with Jacobian J."""

    def step(x: np.ndarray):
        Fx = np.asarray(F(x), dtype=float)
        Jx = np.atleast_2d(np.asarray(J(x), dtype=float))
        norm = float(np.linalg.norm(Fx))
        if not np.all(np.isfinite(Fx)) or not np.all(np.isfinite(Jx)):
            return np.full_like(x, math.nan), norm, ""
        sv = np.linalg.svd(Jx, compute_uv=False)
        if sv.size == 0 or sv[-1] <= 1e-14 * max(sv[0], 1e-300):
            return None, norm, "the Jacobian is singular"
        return x - np.linalg.solve(Jx, Fx), norm, ""

    return _iterate(step, np.asarray(x0, dtype=float), tol=tol, max_iter=max_iter, scalar=False)


def newton_system_expr(
    exprs: Sequence[sp.Expr], names: Sequence[str], x0: Sequence[float], **options
) -> NewtonResult:
    """Newton–Raphson for F(x) = 0 given as SymPy expressions; the Jacobian from `sympy.diff`."""
    if len(exprs) != len(names):
        raise ValueError(f"{len(exprs)} equations in {len(names)} unknowns: Newton needs a square system")
    symbols = symbols_for(exprs, names)
    Fs = [compile_expr(e, names) for e in exprs]
    Js = [[compile_expr(sp.diff(e, s), names) for s in symbols] for e in exprs]

    def env(x):
        return {n: np.asarray(v) for n, v in zip(names, x, strict=True)}

    return newton_system(
        lambda x: np.array([float(f(env(x))) for f in Fs]),
        lambda x: np.array([[float(d(env(x))) for d in row] for row in Js]),
        x0,
        **options,
    )
