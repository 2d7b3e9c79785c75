"""Lagrange multipliers: stationary points of f subject to equality constraints g_i = 0.

`lagrange(f, [g1, ...], names)` forms L = f − Σ λ_i g_i and solves ∇L = 0:
exactly where SymPy can within a time limit (in a worker process that is killed
when time is up), else numerically from many starting points. λ is eliminated
first — ∇f and the ∇g_i must be linearly dependent, so every (m+1)-minor of the
matrix [∇f; ∇g_1; …] vanishes — and factors that can never be zero (exp(…),
positive constants) are divided out, which turns problems such as
exp(−(2x²+y²−xy)/2) on an ellipse into polynomial systems. Each point is then
classified from the Hessian of L projected onto the constraint's tangent space.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from mvcalc.math.display import Displayed
from mvcalc.math.input.reader import symbol
from mvcalc.math.numeric import compile_expr
from mvcalc.math.optimize.roots import symbols_for
from mvcalc.math.time_limit import TimeLimitExceeded, run_with_time_limit

log = logging.getLogger(__name__)


def exact_text(value: sp.Expr, limit: int = 120) -> str:
    """The exact value as text, or a short note when it is a sprawling radical expression."""
    text = sp.sstr(value)
    return text if len(text) <= limit else f"(exact radical expression, {len(text)} characters)"


@dataclass
class StationaryPoint(Displayed):
    """One solution of ∇L = 0: the point, the multipliers, f there, and what it is."""

    point: dict[str, float]
    multipliers: dict[str, float]
    value: float
    kind: str  # "minimum" | "maximum" | "saddle" | "degenerate" | "isolated"
    exact: dict[str, sp.Expr] | None = None

    def to_dict(self) -> dict:
        out = {"point": self.point, "multipliers": self.multipliers, "value": self.value,
               "kind": self.kind}
        if self.exact is not None:
            out["exact"] = {k: sp.sstr(v) for k, v in self.exact.items()}
        return out


@dataclass
class LagrangeResult(Displayed):
    """The Lagrangian, its stationary points (sorted by f) and how they were found."""

    lagrangian: sp.Expr
    equations: list[sp.Expr]
    points: list[StationaryPoint]
    method: str  # "exact" | "numeric"
    notes: list[str] = field(default_factory=list)

    def global_minimum(self) -> StationaryPoint | None:
        """The stationary point with the least f (the constrained minimum when the set is compact)."""
        return min(self.points, key=lambda p: p.value, default=None)

    def global_maximum(self) -> StationaryPoint | None:
        return max(self.points, key=lambda p: p.value, default=None)

    def to_dict(self) -> dict:
        return {
            "lagrangian": sp.sstr(self.lagrangian),
            "equations": [sp.sstr(e) for e in self.equations],
            "method": self.method,
            "points": [p.to_dict() for p in self.points],
            "notes": self.notes,
        }


def multiplier_names(count: int) -> list[str]:
    return ["lambda"] if count == 1 else [f"lambda{i + 1}" for i in range(count)]


def _never_zero(factor: sp.Expr) -> bool:
    base = factor.base if factor.is_Pow and factor.exp.is_positive else factor
    return bool(base.is_number and base != 0) or isinstance(base, sp.exp) or base.is_positive is True


def _strip_nonzero(expr: sp.Expr) -> sp.Expr:
    """expr with its never-zero factors (exp(…), non-zero constants) divided out."""
    expr = sp.factor(sp.together(expr))
    num, _den = sp.fraction(expr)
    kept = [f for f in sp.Mul.make_args(num) if not _never_zero(f)]
    return sp.Mul(*kept) if kept else sp.Integer(1)


def _exact_solutions(f, gs, xs) -> list[dict]:
    """SymPy's solutions of the system with λ eliminated (run in a killable worker)."""
    M = sp.Matrix([[sp.diff(e, x) for x in xs] for e in [f, *gs]])
    minors = []
    for cols in itertools.combinations(range(len(xs)), len(gs) + 1):
        minor = _strip_nonzero(M[:, list(cols)].det())
        if minor != 0:
            minors.append(minor)
    system = [*minors, *gs]
    if all(e.is_polynomial(*xs) for e in system):
        return [dict(zip(xs, t, strict=True)) for t in sp.solve_poly_system(system, *xs) or []]
    return sp.solve(system, xs, dict=True)


def _solve_exactly(f, gs, xs, timeout: float):
    """("ok", solutions) or ("failed", why), within `timeout` seconds."""
    try:
        return "ok", run_with_time_limit(_exact_solutions, f, gs, xs, seconds=timeout)
    except TimeLimitExceeded:
        return "failed", f"SymPy found no exact solution within {timeout:g} s"
    except Exception as exc:  # SymPy gave up (NotImplementedError, PolynomialError, ...)
        # the numeric search takes over; logged, since a bug of ours would land here too
        log.warning("no exact solution: %s: %s", type(exc).__name__, exc, exc_info=True)
        return "failed", f"SymPy could not solve it exactly ({type(exc).__name__})"


class _Numeric:
    """∇L, its Jacobian, f, and the constraint Jacobian, compiled for NumPy arrays."""

    def __init__(self, f, gs, xs, lams):
        self.names = [s.name for s in xs]
        self.all = self.names + [s.name for s in lams]
        L = f - sum(lam * g for lam, g in zip(lams, gs, strict=True))
        unknowns = [*xs, *lams]
        eqs = [sp.diff(L, v) for v in unknowns]
        self.F = [compile_expr(e, self.all) for e in eqs]
        self.J = [[compile_expr(sp.diff(e, v), self.all) for v in unknowns] for e in eqs]
        self.f = compile_expr(f, self.all)
        self.Hx = [[compile_expr(sp.diff(L, a, b), self.all) for b in xs] for a in xs]
        self.A = [[compile_expr(sp.diff(g, x), self.all) for x in xs] for g in gs]
        self.grad_f = [compile_expr(sp.diff(f, x), self.all) for x in xs]

    def env(self, z: np.ndarray) -> dict:
        return {n: z[i] for i, n in enumerate(self.all)}

    def _eval(self, fns, z):
        e = self.env(z)
        shape = z.shape[1:]
        return np.array([np.broadcast_to(fn(e), shape) for fn in fns])

    def residual(self, z):
        return self._eval(self.F, z)

    def jacobian(self, z):
        return np.array([self._eval(row, z) for row in self.J])


def _halton(count: int, dim: int) -> np.ndarray:
    primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37][:dim]
    out = np.empty((count, dim))
    for j, p in enumerate(primes):
        for i in range(count):
            k, frac, value = i + 1, 1.0 / p, 0.0
            while k:
                value += frac * (k % p)
                k //= p
                frac /= p
            out[i, j] = value
    return out


def _solve_numerically(num: _Numeric, n: int, m: int, box: float, starts: int) -> list[np.ndarray]:
    """Damped Newton on ∇L = 0 from `starts` quasi-random points at once; converged, deduplicated."""
    z = np.zeros((n + m, starts))
    z[:n] = (2 * _halton(starts, n).T - 1) * box
    with np.errstate(all="ignore"):
        z[n:] = _least_squares_multipliers(num, z[:n], m)
        for _ in range(200):
            F = num.residual(z)
            Jt = np.moveaxis(num.jacobian(z), -1, 0)  # (N, k, k)
            ok = np.all(np.isfinite(Jt), axis=(1, 2)) & np.all(np.isfinite(F), axis=0)
            step = np.full_like(z, np.nan)
            if np.any(ok):
                step[:, ok] = -np.einsum("nij,jn->in", np.linalg.pinv(Jt[ok]), F[:, ok])
            size = np.linalg.norm(step, axis=0)
            cap = 1.0 + np.linalg.norm(z, axis=0)
            z = z + step * np.minimum(1.0, cap / np.where(size > 0, size, 1.0))
        F = num.residual(z)
        Jt = np.moveaxis(num.jacobian(z), -1, 0)
        finite = np.all(np.isfinite(Jt), axis=(1, 2)) & np.all(np.isfinite(F), axis=0)
        isolated = np.zeros(z.shape[1], dtype=bool)
        if np.any(finite):
            sv = np.linalg.svd(Jt[finite], compute_uv=False)
            isolated[finite] = sv[:, -1] > 1e-10 * sv[:, 0]
    scale = 1.0 + np.linalg.norm(z, axis=0)
    # converged to an isolated root: a tiny residual where the Jacobian of ∇L is not
    # singular (rules out stretches where ∇f and λ merely fade to zero, as exp(−…) does)
    good = finite & isolated & (np.linalg.norm(F, axis=0) <= 1e-9 * scale)
    found: list[np.ndarray] = []
    for col in z[:, good].T:
        if not any(np.linalg.norm(col - other) <= 1e-7 * (1 + np.linalg.norm(col)) for other in found):
            found.append(col)
    return found


def _least_squares_multipliers(num: _Numeric, x: np.ndarray, m: int) -> np.ndarray:
    """λ minimising |∇f − Σ λ_i ∇g_i| at each column of x (the natural first guess)."""
    z = np.concatenate([x, np.zeros((m, x.shape[1]))])
    e = num.env(z)
    shape = x.shape[1:]
    A = np.array([[np.broadcast_to(fn(e), shape) for fn in row] for row in num.A])  # (m, n, N)
    gf = np.array([np.broadcast_to(fn(e), shape) for fn in num.grad_f])  # (n, N)
    At = np.moveaxis(A, -1, 0)  # (N, m, n)
    lam = np.einsum("nim,mn->in", np.linalg.pinv(np.transpose(At, (0, 2, 1))), gf)
    return np.where(np.isfinite(lam), lam, 0.0)


def _classify(num: _Numeric, z: np.ndarray, n: int, m: int) -> str:
    """The kind of point on the constraint: signs of ∇²L projected onto the tangent space."""
    env = num.env(z[:, None])
    H = np.array([[float(np.ravel(fn(env))[0]) for fn in row] for row in num.Hx])
    A = np.array([[float(np.ravel(fn(env))[0]) for fn in row] for row in num.A])
    if n <= m:
        return "isolated"
    _u, s, vt = np.linalg.svd(A)
    rank = int(np.sum(s > 1e-10 * max(s[0], 1e-300)))
    Z = vt[rank:].T
    eig = np.linalg.eigvalsh(Z.T @ H @ Z)
    tiny = 1e-8 * max(float(np.max(np.abs(eig))), float(np.linalg.norm(H)), 1e-300)
    if np.any(np.abs(eig) <= tiny):
        return "degenerate"
    return "minimum" if np.all(eig > 0) else "maximum" if np.all(eig < 0) else "saddle"


def lagrange(
    f: sp.Expr,
    constraints: Sequence[sp.Expr],
    names: Sequence[str],
    *,
    timeout: float = 10.0,
    exact: bool = True,
    box: float = 3.0,
    starts: int = 400,
) -> LagrangeResult:
    """Stationary points of f on {g_i = 0}: exact if SymPy manages within `timeout` s, else numeric."""
    if not constraints:
        raise ValueError("give at least one constraint g = 0")
    if len(constraints) >= len(names) + 1:
        raise ValueError(f"{len(constraints)} constraints in {len(names)} variables leave no freedom")
    extra = sorted({s.name for e in [f, *constraints] for s in e.free_symbols} - set(names))
    if extra:
        raise ValueError(f"{', '.join(extra)} is not among the variables {', '.join(names)}")
    xs = symbols_for([f, *constraints], names)
    lams = [symbol(n) for n in multiplier_names(len(constraints))]
    L = f - sum(lam * g for lam, g in zip(lams, constraints, strict=True))
    equations = [sp.diff(L, v) for v in [*xs, *lams]]
    num = _Numeric(f, list(constraints), xs, lams)
    n, m = len(xs), len(lams)
    notes: list[str] = []
    method = "numeric"
    candidates: list[tuple[np.ndarray, dict | None]] = []
    if exact:
        status, payload = _solve_exactly(f, list(constraints), xs, timeout)
        if status == "ok" and payload is not None:
            candidates, dropped = _exact_candidates(payload, xs, num, n, m)
            method = "exact"
            notes.extend(dropped)
            if not candidates:
                notes.append("SymPy found no real stationary point; searched numerically")
                method = "numeric"
        else:
            notes.append(f"{payload}; solved numerically instead")
    if method == "numeric":
        candidates = [(z, None) for z in _solve_numerically(num, n, m, box, starts)]
        notes.append(f"numeric: damped Newton on ∇L = 0 from {starts} starting points in "
                     f"[-{box:g}, {box:g}]^{n}; points outside may be missed, and so may points "
                     "where ∇L = 0 is degenerate (not isolated)")
    points = []
    for z, ex in candidates:
        col = z[:, None]
        points.append(StationaryPoint(
            point={nm: float(z[i]) for i, nm in enumerate(num.names)},
            multipliers={lam.name: float(z[n + i]) + 0.0 for i, lam in enumerate(lams)},
            value=float(np.ravel(num.f(num.env(col)))[0]),
            kind=_classify(num, z, n, m),
            exact=ex,
        ))
    points.sort(key=lambda p: p.value)
    return LagrangeResult(L, equations, points, method, notes)


def _exact_candidates(sols, xs, num: _Numeric, n: int, m: int):
    """Real solutions with their multipliers from least squares; points where ∇L ≠ 0 are dropped."""
    out, notes = [], []
    for sol in sols:
        if any(x not in sol for x in xs):
            notes.append("SymPy returned a curve of solutions; only isolated points are listed")
            continue
        values = [complex(sp.N(sol[x], 30)) for x in xs]
        if any(abs(v.imag) > 1e-12 * (1 + abs(v)) for v in values):
            continue
        x = np.array([v.real for v in values])
        col = np.concatenate([x, np.zeros(m)])[:, None]
        A = np.array([[float(np.ravel(fn(num.env(col)))[0]) for fn in row] for row in num.A])
        gf = np.array([float(np.ravel(fn(num.env(col)))[0]) for fn in num.grad_f])
        lam = np.linalg.lstsq(A.T, gf, rcond=None)[0]
        z = np.concatenate([x, lam])
        if np.linalg.norm(num.residual(z[:, None])) > 1e-8 * (1 + np.linalg.norm(z)):
            notes.append(f"dropped {tuple(float(v) for v in x)}: the constraint gradients are "
                         "dependent there, so no multiplier satisfies ∇L = 0")
            continue
        out.append((z, {x.name: sol[x] for x in xs}))
    return out, notes
