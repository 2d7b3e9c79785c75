"""Taylor polynomials in one and several variables, built from derivatives at the point.

`taylor(expr, at, order)` matches value and derivatives at the point: the term of
(x−a)^k is f⁽ᵏ⁾(a)/k!, and in several variables f(a+Δx) ≈ f + JΔx + ½ΔxᵀHΔx + …
(the course's J and H form). Derivatives are computed directly (SymPy's `series`
is used only for a removable singularity such as sin(x)/x at 0, in a killable
worker). A point where the function is not defined, or not smooth, raises a
`TaylorError` with a message for a learner. The general term, radius of
convergence and remainder bound live in `series_terms.py`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import product

import sympy as sp

from mvcalc.math.points import (
    PointError,
    describe_point,
    is_undefined,
    normalise_point,
    parse_text,
    resolve_variables,
)
from mvcalc.math.time_limit import TimeLimitExceeded, run_with_time_limit

MAX_ORDER = 40  # one variable
MAX_TERMS = 600  # several variables: monomials up to the order


class TaylorError(ValueError):
    """No Taylor polynomial can be built as asked; `.message` says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SingularPointError(TaylorError):
    """The function is not defined (or not real) at the expansion point."""


class NoSeriesError(TaylorError):
    """The function is defined at the point but not differentiable enough there."""


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
        return f"{kind} polynomial of order {self.order} of {self.function} about {describe_point(self.point)}"

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
            from mvcalc.math.multivariate import _matrix_latex

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
            lines.append(f"  order {t.order}: {t.label} = {sp.sstr(t.expr)}")
        if self.jacobian is not None:
            lines.append(f"  J = {self.jacobian.tolist()}")
        if self.hessian is not None:
            lines.append(f"  H = {self.hessian.tolist()}")
        lines.append(f"P(x) = {_ascending_text(list(self.terms))}   (error {self.error_term})")
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)

    # the analyses of series_terms.py, as methods for convenience
    def general_term(self, seconds: float = 5.0):
        from mvcalc.math.series_terms import general_term

        return general_term(self.function, self.point, seconds=seconds)

    def radius(self):
        from mvcalc.math.series_terms import radius_of_convergence

        return radius_of_convergence(self.function, self.point)

    def remainder(self, interval: tuple):
        from mvcalc.math.series_terms import remainder_bound

        return remainder_bound(self.function, self.point, self.order, interval)


# --- the point: where a function is not defined or not smooth ----------------

_CORNERS = (sp.Abs, sp.sign, sp.Heaviside)
_JUMPS = (sp.floor, sp.ceiling)


def _not_smooth_at(expr: sp.Expr, point: dict) -> str | None:
    """Why `expr` is not smooth at the point (a corner of |g|, a jump of ⌊g⌋), or None."""
    for node in sp.preorder_traversal(expr):
        if isinstance(node, _CORNERS) and node.args[0].subs(point) == 0:
            return f"{node} has a corner (or a jump) where {node.args[0]} = 0"
        if isinstance(node, _JUMPS) and node.args[0].subs(point).is_integer:
            return f"{node} jumps where {node.args[0]} is a whole number"
        if isinstance(node, (sp.Max, sp.Min)):
            values = [a.subs(point) for a in node.args]
            if len(set(values)) < len(values):
                return f"{node} has a corner where its arguments are equal"
    return None


def _suggest(expr: sp.Expr, x: sp.Symbol, a: sp.Expr) -> str:
    """A nearby point where the series exists, as advice."""
    for step in (1, -1, sp.Rational(1, 2), -sp.Rational(1, 2), 2, -2):
        b = a + step
        try:
            f0, f1 = expr.subs(x, b), sp.diff(expr, x).subs(x, b)
        except (TypeError, ValueError):
            continue
        if not is_undefined(f0) and not is_undefined(f1) and _not_smooth_at(expr, {x: b}) is None:
            return f" Expand about a point where it is defined and smooth, e.g. {x.name} = {b}."
    return " Expand about a point where it is defined and smooth."


def _series_derivatives(expr: sp.Expr, x: sp.Symbol, a: sp.Expr, order: int) -> list[sp.Expr]:
    """f⁽ᵏ⁾(a) for k ≤ order from SymPy's series (runs in the worker)."""
    h = sp.Dummy("h")
    s = sp.series(expr.subs(x, a + h), h, 0, order + 1).removeO()
    s = sp.expand(s)
    poly_terms = sp.Add.make_args(s)
    coeffs = [sp.Integer(0)] * (order + 1)
    for term in poly_terms:
        c, power = term.as_coeff_exponent(h)
        if c.has(h) or not power.is_integer or power < 0:
            raise NoSeriesError("negative or fractional power")
        if power <= order:
            coeffs[int(power)] += c
    return [sp.simplify(c * sp.factorial(k)) for k, c in enumerate(coeffs)]


def _derivatives_1d(expr: sp.Expr, x: sp.Symbol, a: sp.Expr, order: int) -> tuple[list[sp.Expr], list[str]]:
    """[f(a), f′(a), …, f⁽ⁿ⁾(a)] exactly, or a TaylorError that says why not."""
    where = f"{x.name} = {a}"
    corner = _not_smooth_at(expr, {x: a})
    if corner:
        raise NoSeriesError(
            f"{expr} is not smooth at {where}: {corner}, so it has no derivative there and no "
            f"Taylor series about {where}." + _suggest(expr, x, a)
        )
    values, notes, current = [], [], expr
    for k in range(order + 1):
        value = current.subs(x, a)
        if value.has(sp.nan):
            return _removable(expr, x, a, order), [
                f"{expr} is 0/0 at {where}; its values there are the limits (a removable singularity)"
            ]
        if value.has(sp.zoo, sp.oo, -sp.oo):
            if k == 0:
                raise SingularPointError(
                    f"{expr} is not defined at {where} (it is infinite there), so it has no Taylor "
                    f"series about {where}." + _suggest(expr, x, a)
                )
            raise NoSeriesError(
                f"{expr} is defined at {where} but its {_ordinal(k)} derivative is infinite there, "
                f"so the Taylor series about {where} does not exist (beyond order {k - 1})."
                + _suggest(expr, x, a)
            )
        if value.is_real is False:
            raise SingularPointError(
                f"{expr} is not a real number at {where}, so it has no real Taylor series there."
                + _suggest(expr, x, a)
            )
        values.append(_simplify_number(value))
        if k < order:
            current = _next_derivative(current, x)
    return values, notes


def _next_derivative(expr: sp.Expr, x: sp.Symbol) -> sp.Expr:
    """d/dx, kept small: repeated product rules grow trees fast (tan⁽¹⁷⁾ would take minutes)."""
    d = sp.diff(expr, x)
    expanded = sp.expand(d, multinomial=False)  # not multinomial: (4 − x)⁻ⁿ stays as it is
    return min((d, expanded), key=sp.count_ops)


def _removable(expr: sp.Expr, x: sp.Symbol, a: sp.Expr, order: int) -> list[sp.Expr]:
    where = f"{x.name} = {a}"
    try:
        return run_with_time_limit(_series_derivatives, expr, x, a, order, seconds=10.0)
    except NoSeriesError:
        raise SingularPointError(
            f"{expr} is not defined at {where} (0/0 that does not cancel), so it has no Taylor "
            f"series about {where}." + _suggest(expr, x, a)
        ) from None
    except TimeLimitExceeded:
        raise TaylorError(
            f"{expr} is 0/0 at {where} and its limit could not be found in time; "
            "try simplifying the expression first."
        ) from None


def _ordinal(k: int) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(k, f"{k}th")


def _simplify_number(value: sp.Expr) -> sp.Expr:
    if value.is_Rational or value.count_ops() > 60:
        return value
    simpler = sp.simplify(value)
    return simpler if sp.count_ops(simpler) <= sp.count_ops(value) else value


def _one_variable(expr, x, a, order) -> TaylorSeries:
    values, notes = _derivatives_1d(expr, x, a, order)
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
    from mvcalc.math.multivariate import partial_label

    n = len(variables)
    if math.comb(n + order, order) > MAX_TERMS:
        raise TaylorError(f"order {order} in {n} variables has too many terms; choose a lower order")
    corner = _not_smooth_at(expr, point)
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
            cache[alpha] = _next_derivative(cache[lower], variables[i])
        value = cache[alpha].subs(point)
        wrt = [v for v, p in zip(variables, alpha, strict=True) for _ in range(p)]
        label_d = partial_label("f", wrt)
        if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or value.is_real is False:
            error = SingularPointError if sum(alpha) == 0 else NoSeriesError
            raise error(
                f"{label_d} of {expr} is not defined at {describe_point(point)}, so the Taylor "
                "series about that point does not exist. Expand about a point where f is defined and smooth."
            )
        value = _simplify_number(value)
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


from mvcalc.math.taylor_buggy import buggy_series  # noqa: E402

__all__ = [
    "NoSeriesError",
    "SingularPointError",
    "TaylorError",
    "TaylorSeries",
    "TaylorTerm",
    "buggy_series",
    "linearise",
    "linearize",
    "taylor",
]
