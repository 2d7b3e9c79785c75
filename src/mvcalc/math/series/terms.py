"""What a one-variable Taylor series says beyond its polynomial.

- `general_term`: the n-th term in closed form, found by pattern-matching the exact
  coefficients (a stride such as "even powers only", then a hypergeometric term whose
  ratio c(n+1)/c(n) is a rational function of n), checked against every computed
  coefficient; run in a killable worker with a time limit. No match: it says so.
- `radius_of_convergence`: the distance to the nearest singularity in the complex
  plane (poles, branch points of roots and logarithms, poles of tan and friends).
- `remainder_bound`: the Lagrange bound max|f⁽ⁿ⁺¹⁾|·|Δx|ⁿ⁺¹/(n+1)! on an interval,
  next to the observed error max|f − P| sampled with `mvcalc.math.numeric`.
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import numpy as np
import sympy as sp
from sympy.polys.polyfuncs import rational_interpolate

from mvcalc.math.numeric import compile_expr, evaluate_mp
from mvcalc.math.series.expansion import TaylorError, taylor
from mvcalc.math.time_limit import TimeLimitExceeded, run_with_time_limit

N = sp.Symbol("n", integer=True, nonnegative=True)
COEFFICIENTS = 18  # how many exact coefficients the pattern must reproduce


def _one_variable(expr, at):

    series = taylor(expr, at, 0)
    if len(series.variables) != 1:
        raise TaylorError("this analysis is for functions of one variable")
    x = series.variables[0]
    return series.function, x, series.point[x]


# --- the general term -----------------------------------------------------------


@dataclass(frozen=True)
class GeneralTerm:
    """The n-th term of a Taylor series, or why none was found."""

    found: bool
    term: sp.Expr | None  # in n and x, e.g. (n + 1)*x**n
    start: int  # the formula holds for n ≥ start
    head: tuple[sp.Expr, ...]  # terms before the pattern starts (e.g. ln 10)
    checked: int  # coefficients the formula was checked against
    message: str
    finite: bool = False  # the series ends (a polynomial)

    @property
    def n(self) -> sp.Symbol:
        return N

    def latex(self) -> str:
        if not self.found or self.term is None:
            return r"\text{" + self.message + "}"
        head = " + ".join(sp.latex(h) for h in self.head)
        series = rf"\sum_{{n={self.start}}}^{{\infty}} {sp.latex(self.term)}"
        return f"{head} + {series}" if head else series

    def _repr_latex_(self) -> str:
        return f"$${self.latex()}$$"

    def to_dict(self) -> dict:
        return {
            "found": self.found,
            "term": None if self.term is None else str(self.term),
            "latex": self.latex(),
            "start": self.start,
            "head": [str(h) for h in self.head],
            "checked": self.checked,
            "message": self.message,
            "finite": self.finite,
        }

    def __str__(self) -> str:
        if not self.found or self.term is None:
            return self.message
        head = " + ".join(sp.sstr(h) for h in self.head)
        return (f"{head} + " if head else "") + f"Σ_(n≥{self.start}) {sp.sstr(self.term)}"


def _coefficients(expr: sp.Expr, x: sp.Symbol, a: sp.Expr, count: int) -> list[sp.Expr]:

    series = taylor(expr, {x.name: a}, count - 1, [x.name])
    return [sp.nsimplify(t.coefficient) if t.coefficient.is_Float else t.coefficient for t in series.terms]


def _fit_hypergeometric(d: list[sp.Expr]) -> sp.Expr | None:
    """A closed form c(n) with c(n+1)/c(n) rational in n that reproduces every d[n]."""
    if any(v == 0 for v in d):
        return None
    ratios = [sp.nsimplify(d[i + 1] / d[i]) if (d[i + 1] / d[i]).is_Float else sp.cancel(d[i + 1] / d[i]) for i in range(len(d) - 1)]
    if not all(r.is_Rational for r in ratios):
        return None  # the ratios of a hypergeometric term here are rational numbers
    j = sp.Dummy("j", integer=True, nonnegative=True)
    for total in range(0, 7):
        for num_deg in range(0, total + 1):
            den_deg = total - num_deg
            need = num_deg + den_deg + 1
            if need + 2 > len(ratios):
                continue
            try:
                r = rational_interpolate(list(zip(range(need), ratios[:need], strict=True)), num_deg, X=j)
            except (ZeroDivisionError, ValueError, sp.PolynomialError):
                continue
            if any(r.subs(j, i) != ratios[i] for i in range(len(ratios))):
                continue
            closed = _readable(sp.gammasimp(d[0] * sp.product(r, (j, 0, N - 1))))
            if closed.has(sp.Product, sp.Piecewise):
                continue
            if all(sp.simplify(closed.subs(N, i) - d[i]) == 0 for i in range(len(d))):
                return closed
    return None


def _readable(closed: sp.Expr) -> sp.Expr:
    """The shortest of a few equivalent forms (factorials read better than gammas)."""
    forms = [sp.simplify(closed), sp.simplify(sp.expand_func(closed))]
    for rewrite in (sp.factorial, sp.binomial):
        try:
            forms.append(sp.simplify(sp.combsimp(closed.rewrite(rewrite))))
        except (TypeError, ValueError):
            continue
    return min(forms, key=lambda e: (e.has(sp.gamma), sp.count_ops(e)))


def _search(expr: sp.Expr, x: sp.Symbol, a: sp.Expr) -> GeneralTerm:
    c = _coefficients(expr, x, a, COEFFICIENTS)
    dx = x - a
    nonzero = [i for i, v in enumerate(c) if v != 0]
    if not nonzero:
        return GeneralTerm(True, sp.Integer(0), 0, (), len(c), "every term is 0", finite=True)
    if nonzero[-1] < len(c) // 2:
        return GeneralTerm(
            True, None, 0, tuple(c[i] * dx**i for i in nonzero), len(c),
            "the series ends: the function is a polynomial, its own Taylor series", finite=True,
        )
    for head_len in range(0, 3):
        body = nonzero[head_len:]
        if len(body) < 8:
            break
        r0 = body[0]
        stride = int(np.gcd.reduce([i - r0 for i in body[1:]]))
        if any(c[i] == 0 for i in range(r0, len(c), stride)):
            continue
        d = [c[i] for i in range(r0, len(c), stride)]
        closed = _fit_hypergeometric(d)
        if closed is None:
            continue
        head = tuple(c[i] * dx**i for i in nonzero[:head_len])
        if stride == 1:
            term = sp.simplify(closed.subs(N, N - r0)) * dx**N
            start = r0
        else:
            term = closed * dx ** (stride * N + r0)
            start = 0
        return GeneralTerm(True, term, start, head, len(c), "found by matching the coefficients")
    return GeneralTerm(
        False, None, 0, (), len(c),
        f"no closed form found for the general term (the first {len(c)} coefficients fit no simple pattern)",
    )


def general_term(expr: object, at: object = 0, seconds: float = 10.0) -> GeneralTerm:
    """The n-th term of the Taylor series of `expr` about `at`, or a GeneralTerm saying none was found."""
    f, x, a = _one_variable(expr, at)
    try:
        return run_with_time_limit(_search, f, x, a, seconds=seconds)
    except TimeLimitExceeded:
        return GeneralTerm(False, None, 0, (), 0, f"no closed form found within {seconds:g} s")


# --- radius of convergence ------------------------------------------------------


@dataclass(frozen=True)
class Radius:
    """The radius of convergence, the singularity that sets it, and how it was found."""

    value: sp.Expr | None  # sp.oo when the function is entire; None when not found
    nearest: sp.Expr | None
    reason: str

    def __float__(self) -> float:
        return float("nan") if self.value is None else float(self.value)

    def to_dict(self) -> dict:
        return {
            "radius": None if self.value is None else str(self.value),
            "nearest": None if self.nearest is None else str(self.nearest),
            "reason": self.reason,
        }

    def __str__(self) -> str:
        return self.reason


_POLE_SETS = {  # function -> (offset, period, inside): the argument values where it blows up
    sp.tan: (sp.pi / 2, sp.pi, False),
    sp.sec: (sp.pi / 2, sp.pi, False),
    sp.cot: (0, sp.pi, False),
    sp.csc: (0, sp.pi, False),
    sp.tanh: (sp.pi / 2, sp.pi, True),
    sp.sech: (sp.pi / 2, sp.pi, True),
    sp.coth: (0, sp.pi, True),
    sp.csch: (0, sp.pi, True),
}
_BRANCH_VALUES = {
    sp.asin: (1, -1), sp.acos: (1, -1), sp.atanh: (1, -1), sp.acoth: (1, -1), sp.acosh: (1, -1),
    sp.atan: (sp.I, -sp.I), sp.asinh: (sp.I, -sp.I), sp.acot: (sp.I, -sp.I, 0),
}


def _solve_for(arg: sp.Expr, x: sp.Symbol, value: sp.Expr, z: sp.Symbol) -> list[sp.Expr] | None:
    """Complex solutions of arg(x) = value when arg is a polynomial; None when it is not."""
    g = sp.expand(arg.subs(x, z) - value)
    if not g.has(z):
        return []
    if not g.is_polynomial(z):
        return None
    poly = sp.Poly(g, z)
    if poly.degree() <= 4:
        roots = sp.roots(poly, multiple=True)
        if len(roots) == poly.degree():
            return roots
    return [sp.Float(r, 30) for r in poly.nroots(n=30)]


def _periodic(arg, x, z, a, offset, period, imaginary) -> list[sp.Expr] | None:
    """Where a linear arg hits offset + k·period (times i when `imaginary`), nearest to a."""
    g = sp.expand(arg.subs(x, z))
    if not g.is_polynomial(z) or sp.Poly(g, z).degree() != 1:
        return None
    p, q = sp.Poly(g, z).all_coeffs()
    unit = sp.I if imaginary else 1
    best_k = sp.floor(((p * a + q) / unit - offset) / period) if not imaginary else 0
    ks = [best_k - 1, best_k, best_k + 1] if not imaginary else [-1, 0]
    return [((offset + k * period) * unit - q) / p for k in ks]


def _candidates(f: sp.Expr, x: sp.Symbol, a: sp.Expr, z: sp.Symbol):
    """(point, kind) pairs where f may be singular; raises LookupError when it cannot tell."""
    found = []
    for node in sp.preorder_traversal(f):
        if node.is_Pow and node.base.has(x):
            e = node.exp
            if e.has(x):
                sols = _solve_for(node.base, x, 0, z)
                kind = "branch point of a variable power"
            elif e.is_integer and e.is_negative:
                sols, kind = _solve_for(node.base, x, 0, z), "pole"
            elif not e.is_integer:
                sols, kind = _solve_for(node.base, x, 0, z), "branch point"
            else:
                continue
            if sols is None:
                raise LookupError(f"cannot find where {node.base} = 0")
            found += [(s, kind) for s in sols]
        elif isinstance(node, sp.exp) and node.args[0].has(x):
            continue
        elif isinstance(node, sp.log) and node.args[0].has(x):
            sols = _solve_for(node.args[0], x, 0, z)
            if sols is None:
                raise LookupError(f"cannot find where {node.args[0]} = 0")
            found += [(s, "branch point of the logarithm") for s in sols]
        elif type(node) in _POLE_SETS and node.args[0].has(x):
            offset, period, imaginary = _POLE_SETS[type(node)]
            sols = _periodic(node.args[0], x, z, a, offset, period, imaginary)
            if sols is None:
                raise LookupError(f"cannot find the poles of {node}")
            found += [(s, f"pole of {type(node).__name__}") for s in sols]
        elif type(node) in _BRANCH_VALUES and node.args[0].has(x):
            for value in _BRANCH_VALUES[type(node)]:
                sols = _solve_for(node.args[0], x, value, z)
                if sols is None:
                    raise LookupError(f"cannot find the branch points of {node}")
                found += [(s, f"branch point of {type(node).__name__}") for s in sols]
        elif isinstance(node, (sp.Abs, sp.sign, sp.Heaviside, sp.floor, sp.ceiling, sp.Max, sp.Min)):
            raise LookupError(f"{node} is not analytic, so the series need not converge to f")
        elif isinstance(node, sp.Function) and node.has(x) and not isinstance(
            node, (sp.sin, sp.cos, sp.sinh, sp.cosh, sp.exp)
        ):
            raise LookupError(f"singularities of {type(node).__name__} are not in the table")
    return found


def _is_pole_removable(f: sp.Expr, x: sp.Symbol, c: sp.Expr) -> bool:
    """Does f stay bounded near c (as sin(x)/x near 0)? Checked in high precision."""
    values = []
    for r in (sp.Rational(1, 10**4), sp.Rational(1, 10**8)):
        try:
            v = sp.N(f.subs(x, c + r * (1 + sp.I) / 2), 30)
        except (TypeError, ValueError, ZeroDivisionError):
            return False
        if v.has(sp.zoo, sp.nan, sp.oo):
            return False
        values.append(abs(complex(v)))
    return values[1] < 10 * values[0] + 1


def radius_of_convergence(expr: object, at: object = 0) -> Radius:
    """Distance from the point to the nearest singularity of f in the complex plane."""
    f, x, a = _one_variable(expr, at)
    z = sp.Dummy("z")
    if f.is_polynomial(x):
        return Radius(sp.oo, None, "a polynomial: its Taylor series is itself, valid everywhere")
    try:
        candidates = _candidates(f, x, a, z)
    except LookupError as exc:
        return Radius(None, None, f"radius of convergence not found: {exc}")
    scored = []
    for c, kind in candidates:
        c = sp.nsimplify(c) if isinstance(c, sp.Float) else c
        if kind == "pole" and _is_pole_removable(f, x, c):
            continue
        if sp.im(c) == 0:
            distance = sp.Abs(c - a)
        else:
            distance = sp.sqrt(sp.expand((sp.re(c) - a) ** 2 + sp.im(c) ** 2))
        scored.append((float(distance), sp.simplify(distance), c, kind))
    if not scored:
        return Radius(sp.oo, None, f"{f} has no singularity in the complex plane: the series converges everywhere")
    scored.sort(key=lambda s: s[0])
    _, distance, c, kind = scored[0]
    return Radius(
        distance, c,
        f"radius {distance}: the nearest singularity is the {kind} at {c}, at distance {distance} "
        f"from {x.name} = {a} (counting complex points too)",
    )


# --- remainder and observed error ----------------------------------------------


@dataclass(frozen=True)
class Remainder:
    """The Lagrange remainder bound next to the error observed on an interval."""

    order: int
    interval: tuple[float, float]
    max_derivative: float  # sampled max |f⁽ⁿ⁺¹⁾| on the interval
    bound: float  # max_derivative · max|Δx|ⁿ⁺¹ / (n+1)!
    observed: float  # max |f − P| on the interval (high-precision samples)
    where: float  # where the observed error is largest

    def to_dict(self) -> dict:
        return dict(self.__dict__, interval=list(self.interval))

    def __str__(self) -> str:
        lo, hi = self.interval
        return (
            f"on [{lo:g}, {hi:g}]: Lagrange bound max|f^({self.order + 1})|·|Δx|^{self.order + 1}/"
            f"{self.order + 1}! = {self.bound:.3e} (max|f^({self.order + 1})| ≈ {self.max_derivative:.4g}); "
            f"observed max|f − P| = {self.observed:.3e} at x = {self.where:.4g}"
        )


def _no_singularity_inside(f: sp.Expr, x: sp.Symbol, a: sp.Expr, lo: float, hi: float) -> None:
    """TaylorError when a real singularity of f lies in [lo, hi] (sampling could step over it)."""

    try:
        candidates = _candidates(f, x, a, sp.Dummy("z"))
    except LookupError:
        return
    for c, kind in candidates:
        if sp.im(c) == 0 and lo <= float(sp.re(c)) <= hi:
            if kind == "pole" and _is_pole_removable(f, x, c):
                continue
            raise TaylorError(
                f"f has a {kind} at {x.name} = {c}, inside [{lo:g}, {hi:g}]: no remainder bound there"
            )


def remainder_bound(expr: object, at: object, order: int, interval: tuple, samples: int = 4001) -> Remainder:
    """Lagrange bound and observed error of the order-n Taylor polynomial on [lo, hi] ∋ a."""

    series = taylor(expr, at, order)
    if len(series.variables) != 1:
        raise TaylorError("the remainder bound is for functions of one variable")
    x = series.variables[0]
    a = float(series.point[x])
    lo, hi = (float(v) for v in interval)
    if not lo <= a <= hi:
        raise TaylorError(f"the interval [{lo:g}, {hi:g}] must contain the expansion point {x.name} = {a:g}")
    _no_singularity_inside(series.function, x, series.point[x], lo, hi)
    grid = np.linspace(lo, hi, samples)
    deriv = sp.diff(series.function, x, order + 1)
    values = np.abs(compile_expr(deriv, [x.name])({x.name: grid}))
    if not np.all(np.isfinite(values)):
        raise TaylorError(
            f"the {order + 1}th derivative is not finite on [{lo:g}, {hi:g}] (a singularity is inside): "
            "no remainder bound there"
        )
    best = int(np.argmax(values))
    m = float(values[best])
    for point in np.linspace(grid[max(best - 1, 0)], grid[min(best + 1, samples - 1)], 41):
        m = max(m, abs(float(evaluate_mp(deriv, {x.name: float(point)}, dps=30))))
    reach = max(abs(lo - a), abs(hi - a))
    bound = m * reach ** (order + 1) / float(sp.factorial(order + 1))
    gap = series.function - sp.expand(series.polynomial)
    observed, where = 0.0, a
    for point in np.linspace(lo, hi, 401):
        err = abs(evaluate_mp(gap, {x.name: mpmath.mpf(float(point))}, dps=40))
        if mpmath.isnan(err):
            raise TaylorError(f"f is not defined at {x.name} = {point:g}, inside the interval")
        if float(err) > observed:
            observed, where = float(err), float(point)
    return Remainder(order, (lo, hi), m, bound, observed, where)
