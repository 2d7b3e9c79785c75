"""Taylor polynomials in one and several variables, built from derivatives at the point.

`taylor(expr, at, order)` matches value and derivatives at the point: the term of
(x−a)^k is f⁽ᵏ⁾(a)/k!, and in several variables f(a+Δx) ≈ f + JΔx + ½ΔxᵀHΔx + …
(the course's J and H form). Derivatives are computed directly (SymPy's `series`
is used only for a removable singularity such as sin(x)/x at 0, in a killable
worker). A point where the function is not defined, or not smooth, raises a
`TaylorError` with a message for a learner. The general term, radius of
convergence and remainder bound live in `terms.py`, which builds on this module.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import product

import sympy as sp

from mvcalc.math.input.printer import text
from mvcalc.math.multivariate.matrices import _matrix_latex, partial_label
from mvcalc.math.points import (
    PointError,
    describe_point,
    normalise_point,
    parse_text,
    resolve_variables,
)
from mvcalc.math.series.point import (
    NoSeriesError,
    SingularPointError,
    TaylorError,
    derivatives_at,
    next_derivative,
    not_smooth_at,
    simplify_number,
)

MAX_ORDER = 40  # one variable
MAX_TERMS = 600  # several variables: monomials up to the order


_PRIMES = {0: "", 1: "′", 2: "″", 3: "‴"}
_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _fname(order: int) -> str:
    return "f" + (_PRIMES[order] if order in _PRIMES else f"⁽{str(order).translate(_SUP)}⁾")


@dataclass(frozen=True)
class TaylorTerm:
    """One term: derivative value at the point / factorial × monomial in (x − a)."""

    order: int  # total degree
    powers: tuple[int, ...]  # the power of each (x_i − a_i)
    derivative: sp.Expr  # f⁽ᵏ⁾(a), or ∂^α f(a)
    factorial: sp.Integer  # k!, or α₁!α₂!…
    coefficient: sp.Expr  # derivative / factorial
    monomial: sp.Expr
    label: str  # e.g. "f″(0)/2!·x²" or "∂²f/∂x∂y(a)/(1!1!)·ΔxΔy"

    @property
    def expr(self) -> sp.Expr:
        """coefficient × monomial, kept unevaluated so that (x − a) stays as written."""
        if self.coefficient == 0:
            return sp.Integer(0)
        if self.monomial == 1:
            return self.coefficient
        if self.coefficient == 1:
            return self.monomial
        number, rest = self.coefficient.as_coeff_Mul()
        factors = ([] if number == 1 else [number]) + ([] if rest == 1 else [rest])
        return sp.Mul(*factors, self.monomial, evaluate=False)

    def to_dict(self) -> dict:
        return {
            "order": self.order,
            "powers": list(self.powers),
            "derivative": str(self.derivative),
            "factorial": int(self.factorial),
            "coefficient": str(self.coefficient),
            "term": str(self.expr),
            "latex": sp.latex(self.expr),
            "label": self.label,
        }


def _ascending_latex(terms: list[TaylorTerm]) -> str:
    parts = [sp.latex(t.expr) for t in terms if t.coefficient != 0]
    if not parts:
        return "0"
    text = parts[0]
    for p in parts[1:]:
        text += f" - {p[1:].lstrip()}" if p.startswith("-") else f" + {p}"
    return text


def _ascending_text(terms: list[TaylorTerm]) -> str:
    parts = [sp.sstr(t.expr) for t in terms if t.coefficient != 0]
    if not parts:
        return "0"
    text = parts[0]
    for p in parts[1:]:
        text += f" - {p[1:]}" if p.startswith("-") else f" + {p}"
    return text


@dataclass(frozen=True)
class TaylorSeries:
    """A Taylor polynomial: its terms, the polynomial in powers of (x − a), and its displays."""

    function: sp.Expr
    variables: tuple[sp.Symbol, ...]
    point: dict
    order: int
    terms: tuple[TaylorTerm, ...]
    polynomial: sp.Expr
    jacobian: sp.ImmutableMatrix | None = None  # several variables, order ≥ 1
    hessian: sp.ImmutableMatrix | None = None  # several variables, order ≥ 2
    notes: tuple[str, ...] = field(default=())

    @property
    def error_term(self) -> str:
        n = self.order + 1
        if len(self.variables) == 1:
            return f"O(Δ{self.variables[0].name}^{n})"
        return f"O(|Δx|^{n})"

    @property
    def maclaurin(self) -> bool:
        return all(v == 0 for v in self.point.values())

    def form(self) -> str:
        """The course's J and H form, to the order computed."""
        if len(self.variables) == 1:
            return " + ".join(t.label for t in self.terms)
        pieces = ["f(a)", "J Δx", "½ Δxᵀ H Δx"][: self.order + 1]
        if self.order > 2:
            pieces.append("… (terms of order 3 and more)")
        return " + ".join(pieces)

    def title(self) -> str:
        kind = "Maclaurin" if self.maclaurin else "Taylor"
        return f"{kind} polynomial of order {self.order} of {text(self.function)} about {describe_point(self.point)}"

    def latex(self) -> str:
        point = ", ".join(sp.latex(v) for v in self.point.values())
        lhs = rf"f({', '.join(sp.latex(v) for v in self.variables)})"
        body = _ascending_latex(list(self.terms))
        n = self.order + 1
        delta = (
            rf"\Delta {sp.latex(self.variables[0])}" if len(self.variables) == 1 else r"\lVert\Delta \mathbf{x}\rVert"
        )
        text = rf"{lhs} \approx {body} + O\left({delta}^{{{n}}}\right)"
        if self.jacobian is not None:

            form = rf"f({point}) + J\,\Delta\mathbf{{x}}"
            text += rf",\quad J = {_matrix_latex(self.jacobian)}"
            if self.hessian is not None:
                form += r" + \tfrac12 \Delta\mathbf{x}^{T} H \,\Delta\mathbf{x}"
                text += rf",\; H = {_matrix_latex(self.hessian)}"
            text = rf"f(\mathbf{{a}} + \Delta\mathbf{{x}}) \approx {form}" + r",\quad " + text
        return text

    def _repr_latex_(self) -> str:
        return f"$${self.latex()}$$"

    def to_dict(self) -> dict:
        data = {
            "function": str(self.function),
            "variables": [v.name for v in self.variables],
            "at": {s.name: str(v) for s, v in self.point.items()},
            "order": self.order,
            "polynomial": _ascending_text(list(self.terms)),
            "polynomial_latex": _ascending_latex(list(self.terms)),
            "latex": self.latex(),
            "error": self.error_term,
            "terms": [t.to_dict() for t in self.terms],
            "notes": list(self.notes),
        }
        if self.jacobian is not None:
            data["jacobian"] = [[str(e) for e in row] for row in self.jacobian.tolist()]
        if self.hessian is not None:
            data["hessian"] = [[str(e) for e in row] for row in self.hessian.tolist()]
        return data

    def __str__(self) -> str:
        lines = [self.title() + ":"]
        for t in self.terms:
            lines.append(f"  order {t.order}: {t.label} = {text(t.expr)}")
        if self.jacobian is not None:
            lines.append(f"  J = {self.jacobian.tolist()}")
        if self.hessian is not None:
            lines.append(f"  H = {self.hessian.tolist()}")
        lines.append(f"P(x) = {_ascending_text(list(self.terms))}   (error {self.error_term})")
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)



def _one_variable(expr, x, a, order) -> TaylorSeries:
    values, notes = derivatives_at(expr, x, a, order)
    dx = x - a
    terms = []
    for k, d in enumerate(values):
        fact = sp.factorial(k)
        mono = dx**k
        base = x.name if a == 0 else f"({sp.sstr(dx)})"
        label = f"{_fname(k)}({sp.sstr(a)})" + (f"/{k}!" if k > 1 else "")
        label += f"·{_power_text(base, k)}" if k else ""
        terms.append(TaylorTerm(k, (k,), d, fact, d / fact, mono, label))
    return TaylorSeries(expr, (x,), {x: a}, order, tuple(terms), _polynomial(terms), notes=tuple(notes))


def _polynomial(terms: list[TaylorTerm]) -> sp.Expr:
    """The sum of the terms, unevaluated so that it reads in powers of (x − a)."""
    parts = [t.expr for t in terms if t.coefficient != 0]
    if not parts:
        return sp.Integer(0)
    return parts[0] if len(parts) == 1 else sp.Add(*parts, evaluate=False)


def _power_text(base: str, k: int) -> str:
    return base if k == 1 else f"{base}{str(k).translate(_SUP)}"


def _multi_indices(n: int, order: int):
    """Every multi-index of n variables with total degree ≤ order, by degree then lexicographic."""
    for k in range(order + 1):
        for alpha in product(range(k, -1, -1), repeat=n):
            if sum(alpha) == k:
                yield alpha


def _several_variables(expr, variables, point, order) -> TaylorSeries:

    n = len(variables)
    if math.comb(n + order, order) > MAX_TERMS:
        raise TaylorError(f"order {order} in {n} variables has too many terms; choose a lower order")
    corner = not_smooth_at(expr, point)
    if corner:
        raise NoSeriesError(
            f"{expr} is not smooth at {describe_point(point)}: {corner}, so it has no Taylor series there."
        )
    cache: dict[tuple[int, ...], sp.Expr] = {(0,) * n: expr}
    terms = []
    for alpha in _multi_indices(n, order):
        if alpha not in cache:
            i = next(i for i, p in enumerate(alpha) if p > 0)
            lower = alpha[:i] + (alpha[i] - 1,) + alpha[i + 1 :]
            cache[alpha] = next_derivative(cache[lower], variables[i])
        value = cache[alpha].subs(point)
        wrt = [v for v, p in zip(variables, alpha, strict=True) for _ in range(p)]
        label_d = partial_label("f", wrt)
        if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or value.is_real is False:
            error = SingularPointError if sum(alpha) == 0 else NoSeriesError
            raise error(
                f"{label_d} of {expr} is not defined at {describe_point(point)}, so the Taylor "
                "series about that point does not exist. Expand about a point where f is defined and smooth."
            )
        value = simplify_number(value)
        fact = sp.Mul(*(sp.factorial(p) for p in alpha))
        mono = sp.Mul(*((v - point[v]) ** p for v, p in zip(variables, alpha, strict=True)))
        deltas = "".join(
            _power_text(f"Δ{v.name}", p) for v, p in zip(variables, alpha, strict=True) if p
        )
        fac_text = "".join(f"{p}!" for p in alpha)
        label = f"{label_d}(a)" + (f"/({fac_text})" if fact != 1 else "") + (f"·{deltas}" if deltas else "")
        terms.append(TaylorTerm(sum(alpha), alpha, value, fact, value / fact, mono, label))
    poly = _polynomial(terms)
    jac = hes = None
    if order >= 1:
        first = {t.powers: t.derivative for t in terms if t.order == 1}
        jac = sp.ImmutableMatrix([[first[tuple(int(i == j) for i in range(n))] for j in range(n)]])
    if order >= 2:
        second = {t.powers: t.derivative for t in terms if t.order == 2}

        def h(i, j):
            alpha = [0] * n
            alpha[i] += 1
            alpha[j] += 1
            return second[tuple(alpha)]

        hes = sp.ImmutableMatrix(n, n, h)
    return TaylorSeries(expr, tuple(variables), dict(point), order, tuple(terms), poly, jac, hes)


def _function(expr: object, names: list[str] | None) -> sp.Expr:
    if isinstance(expr, str):
        expr = parse_text(expr, names)
    if isinstance(expr, int):
        expr = sp.Integer(expr)
    if not isinstance(expr, sp.Expr):
        raise TaylorError(f"{expr!r} is not a scalar expression")
    return expr


def _point_names(at: object) -> list[str] | None:
    if isinstance(at, dict):
        return [k.name if isinstance(k, sp.Symbol) else str(k) for k in at]
    if isinstance(at, str) and "=" in at:
        return [part.split("=", 1)[0].strip() for part in at.replace(";", ",").split(",") if "=" in part]
    return None


def taylor(expr: object, at: object = 0, order: int = 2, variables=None) -> TaylorSeries:
    """The Taylor polynomial of `expr` about `at` up to `order` (total degree).

    `at`: {"x": 0}, "x=0", "x=1,y=2", or a number when there is one variable
    (Maclaurin: the point 0). Raises TaylorError (a ValueError) when the point is a
    singularity or the series does not exist there.
    """
    if not isinstance(order, int) or isinstance(order, bool) or order < 0:
        raise TaylorError("the order must be a whole number, 0 or more")
    names = _point_names(at) if variables is None else variables
    try:
        f = _function(expr, names if names is None else list(names))
        vars_ = resolve_variables([f], names)
        if not vars_:
            raise TaylorError("say which variable to expand in, e.g. at='x=0'")
        point = normalise_point(at, vars_)
        others = sorted({s.name for s in f.free_symbols} - {v.name for v in vars_})
        if others:
            raise TaylorError(
                f"the expression also depends on {', '.join(others)}: give "
                f"{'its' if len(others) == 1 else 'their'} value in the point too, e.g. "
                + ",".join(f"{n}=0" for n in [v.name for v in vars_] + others)
            )
    except PointError as exc:
        raise TaylorError(exc.message) from None
    if len(vars_) == 1:
        if order > MAX_ORDER:
            raise TaylorError(f"choose an order of at most {MAX_ORDER}")
        return _one_variable(f, vars_[0], point[vars_[0]], order)
    return _several_variables(f, vars_, point, order)


def linearise(expr: object, at: object = 0, variables=None) -> TaylorSeries:
    """The first-order Taylor polynomial (the tangent line or plane); its error is O(Δx²)."""
    return taylor(expr, at, 1, variables)


linearize = linearise


__all__ = [
    "NoSeriesError",
    "SingularPointError",
    "TaylorError",
    "TaylorSeries",
    "TaylorTerm",
    "linearise",
    "linearize",
    "taylor",
]
