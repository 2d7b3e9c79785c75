"""The total derivative df/dt and the multivariate chain rule as a product of Jacobians.

Both show their working (the terms ∂f/∂x·dx/dt, the Jacobians with their shapes)
and check the result against substitute-then-differentiate, so what is shown is
verified, not only computed. The check is worked out when it is first asked for
(`.verified`, the displays), not on the way to the result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import sympy as sp
from sympy.core.cache import cacheit
from sympy.core.mul import _keep_coeff
from sympy.polys.polyerrors import BasePolynomialError

from mvcalc.math.check.compare import equivalent
from mvcalc.math.multivariate.matrices import _matrix_latex, jacobian
from mvcalc.math.points import (
    PointError,
    describe_point,
    exact_at,
    normalise_point,
    parse_text,
    resolve_variables,
)


def agree(a: sp.Expr, b: sp.Expr) -> bool:
    """Are two expressions provably equal? The answer checker's verdict (undecided is no)."""
    return equivalent(a, b) is True


TIDY_OPS = 40  # operations: a longer result is shown as the chain rule built it
# functions `sp.expand` leaves as they are (it only expands inside them; trig=False by default)
_NOT_EXPANDED = (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc, sp.sinh, sp.cosh, sp.tanh, sp.asin, sp.acos, sp.atan)


def _expandable(expr: sp.Expr) -> bool:
    """Could `sp.expand` change `expr`? False only when no node is one its default hints rewrite.

    Those are a product with a sum in it, a power of a sum or a product or to a sum, and
    exp or log of a sum, product or power; anything else unknown counts as expandable.
    """
    for node in sp.preorder_traversal(expr):
        if node.is_Atom or node.is_Add:
            continue
        if node.is_Mul:
            if any(a.is_Add for a in node.args):
                return True
        elif node.is_Pow:
            if node.base.is_Add or node.base.is_Mul or node.exp.is_Add:
                return True
        elif isinstance(node, (sp.exp, sp.log)):
            if node.args[0].is_Add or node.args[0].is_Mul or node.args[0].is_Pow:
                return True
        elif not isinstance(node, _NOT_EXPANDED):
            return True
    return False


def _factorised(expr: sp.Expr) -> sp.Expr:
    """`sp.factor(expr)`; a sum with no quotient in it is factorised as the polynomial in its
    generators (t, sin t, exp t, ...) directly, skipping the `together` that factor starts
    with (a third of its time) and that has nothing to combine there. The result is factor's.
    """
    if not expr.is_Add or any(n.is_Pow and n.exp.is_negative for n in sp.preorder_traversal(expr)):
        return sp.factor(expr)
    try:
        poly = sp.Poly(expr)
    except BasePolynomialError:
        return sp.factor(expr)
    if not (poly.domain.is_ZZ or poly.domain.is_QQ):
        return sp.factor(expr)
    coeff, factors = poly.factor_list()
    return _keep_coeff(poly.domain.to_sympy(coeff), sp.Mul(*(f.as_expr() ** k for f, k in factors)))


@cacheit
def _tidy(expr: sp.Expr) -> sp.Expr:
    """The shortest of the expression, its expansion and its factorisation (a form people write).

    Only a result of at most TIDY_OPS operations is rewritten: factorising a longer one
    costs many times the derivative and seldom shortens it. Ties keep the earlier form.
    """
    ops = sp.count_ops(expr)
    if ops > TIDY_OPS:
        return expr
    best, best_ops = expr, ops
    for rewrite in ((sp.expand,) if _expandable(expr) else ()) + (_factorised,):
        candidate = rewrite(expr)
        candidate_ops = sp.count_ops(candidate)
        if candidate_ops < best_ops:
            best, best_ops = candidate, candidate_ops
    return best


def _expr(item: object, names: Sequence[str] | None) -> sp.Expr:
    if isinstance(item, str):
        item = parse_text(item, list(names) if names else None)
    if isinstance(item, int):
        item = sp.Integer(item)
    if not isinstance(item, sp.Expr):
        raise PointError(f"{item!r} is not an expression")
    return item


@dataclass(frozen=True)
class TotalTerm:
    """One term ∂f/∂x · dx/dt of a total derivative."""

    variable: sp.Symbol
    partial: sp.Expr  # ∂f/∂x, in the variables of f
    inner_rate: sp.Expr  # dx/dt
    term: sp.Expr  # ∂f/∂x (on the path) · dx/dt, in t

    def to_dict(self) -> dict:
        return {
            "variable": self.variable.name,
            "partial": str(self.partial),
            "partial_latex": sp.latex(self.partial),
            "rate": str(self.inner_rate),
            "rate_latex": sp.latex(self.inner_rate),
            "term": str(self.term),
            "term_latex": sp.latex(self.term),
        }


@dataclass(frozen=True)
class TotalDerivative:
    """df/dt = Σ ∂f/∂x·dx/dt, verified against d/dt of f with x(t), y(t), ... substituted.

    The check (`direct`, `verified`) is part of the working: it is worked out on first use.
    """

    function: sp.Expr
    inner: dict
    t: sp.Symbol
    terms: tuple[TotalTerm, ...]
    value: sp.Expr
    point: dict

    @cached_property
    def direct(self) -> sp.Expr:
        """d/dt of f with the inner functions substituted (the other way to the same result)."""
        return sp.diff(self.function.subs(self.inner), self.t)

    @cached_property
    def verified(self) -> bool:
        return agree(sp.Add(*(term.term for term in self.terms)), self.direct)

    @property
    def value_at(self) -> sp.Expr | None:
        return exact_at(self.value, self.point, "df/dt") if self.point else None

    def latex(self) -> str:
        t = sp.latex(self.t)
        pieces = [
            rf"\frac{{\partial f}}{{\partial {sp.latex(term.variable)}}}"
            + (rf"\frac{{d{sp.latex(term.variable)}}}{{d{t}}}" if term.variable != self.t else "")
            for term in self.terms
        ]
        products = [
            rf"\left({sp.latex(term.partial)}\right)\left({sp.latex(term.inner_rate)}\right)"
            for term in self.terms
        ]
        text = rf"\frac{{df}}{{d{t}}} = {' + '.join(pieces)} = {' + '.join(products)} = {sp.latex(self.value)}"
        if self.point:
            text += rf",\quad \left.\frac{{df}}{{d{t}}}\right|_{{{t}={sp.latex(self.point[self.t])}}} = {sp.latex(self.value_at)}"
        return text

    def _repr_latex_(self) -> str:
        return f"$${self.latex()}$$"

    def to_dict(self) -> dict:
        data = {
            "function": str(self.function),
            "inner": {k.name: str(v) for k, v in self.inner.items()},
            "t": self.t.name,
            "terms": [term.to_dict() for term in self.terms],
            "value": str(self.value),
            "latex": self.latex(),
            "verified": self.verified,
        }
        if self.point:
            data["at"] = {s.name: str(v) for s, v in self.point.items()}
            data["value_at"] = str(self.value_at)
        return data

    def __str__(self) -> str:
        t = self.t.name
        names = [
            f"∂f/∂{term.variable.name}·d{term.variable.name}/d{t}" if term.variable != self.t else f"∂f/∂{t}"
            for term in self.terms
        ]
        lines = [f"df/d{t} = " + " + ".join(names)]
        lines += [
            f"  ∂f/∂{term.variable.name} = {term.partial},  d{term.variable.name}/d{t} = {term.inner_rate}"
            for term in self.terms
        ]
        lines.append(f"df/d{t} = {self.value}")
        lines.append("check: equals d/d" + t + " of f with the inner functions substituted: " + ("yes" if self.verified else "NO"))
        if self.point:
            lines.append(f"at {describe_point(self.point)}: {self.value_at}")
        return "\n".join(lines)


def total_derivative(function: object, inner: Mapping, t: str | sp.Symbol = "t", at: object = None) -> TotalDerivative:
    """df/dt when the variables of f depend on t: inner = {"x": x(t), "y": y(t), ...}.

    f may also depend on t directly (then ∂f/∂t is one more term).
    """
    if not inner:
        raise PointError("give how each variable depends on t, e.g. {'x': 'cos t'}")
    t_name = t.name if isinstance(t, sp.Symbol) else str(t)
    keys = [k.name if isinstance(k, sp.Symbol) else str(k) for k in inner]
    f = _expr(function, keys + [t_name])
    inner_exprs = [_expr(v, [t_name]) for v in inner.values()]
    (t_sym,) = resolve_variables([f, *inner_exprs], [t_name])
    variables = resolve_variables([f], keys)
    path = dict(zip(variables, inner_exprs, strict=True))
    for v, e in path.items():
        stray = {s.name for s in e.free_symbols} - {t_name}
        if stray:
            raise PointError(f"{v.name}({t_name}) may only depend on {t_name}, not on {', '.join(sorted(stray))}")
    terms, value = _total_terms(f, tuple(path.items()), t_sym)
    point = normalise_point(at, [t_sym]) if at is not None else {}
    return TotalDerivative(f, path, t_sym, terms, value, point)


@cacheit
def _total_terms(f: sp.Expr, path: tuple, t: sp.Symbol) -> tuple[tuple[TotalTerm, ...], sp.Expr]:
    """The terms ∂f/∂x·dx/dt along the path ((x, x(t)), ...) and their tidied sum.

    Kept in SymPy's cache: the same question asked again costs a look-up.
    """
    along = dict(path)
    terms = []
    for v, inner in path:
        partial = sp.diff(f, v)
        rate = sp.diff(inner, t)
        terms.append(TotalTerm(v, partial, rate, partial.subs(along) * rate))
    if t in f.free_symbols:
        partial = sp.diff(f, t)
        terms.append(TotalTerm(t, partial, sp.Integer(1), partial.subs(along)))
    return tuple(terms), _tidy(sp.Add(*(term.term for term in terms)))


@dataclass(frozen=True)
class ChainRule:
    """J of f∘g∘… as the product of the Jacobians of f, g, … with the shapes shown."""

    factors: tuple  # MatrixResult per link, symbolic in its own variables
    evaluated: tuple[sp.ImmutableMatrix, ...]  # each factor in the final variables
    value: sp.ImmutableMatrix  # their product
    composed: tuple[sp.Expr, ...]  # f∘g∘… in the final variables
    inputs: tuple[sp.Symbol, ...]
    point: dict

    @cached_property
    def direct(self) -> sp.ImmutableMatrix:
        """The Jacobian of the composition, computed directly (the check, worked out on first use)."""
        return jacobian(list(self.composed), list(self.inputs)).value

    @cached_property
    def verified(self) -> bool:
        return all(agree(a, b) for a, b in zip(self.value, self.direct, strict=True))

    @property
    def shapes(self) -> str:
        inner = "".join(f"({f.shape[0]}×{f.shape[1]})" for f in self.factors)
        return f"{inner} = {self.value.shape[0]}×{self.value.shape[1]}"

    @property
    def value_at(self) -> sp.ImmutableMatrix | None:
        if not self.point:
            return None
        return sp.ImmutableMatrix(
            self.value.shape[0], self.value.shape[1], [exact_at(e, self.point) for e in self.value]
        )

    def latex(self) -> str:

        factors = "".join(_matrix_latex(f.symbolic) for f in self.factors)
        text = rf"J = {factors} = {_matrix_latex(self.value)}"
        if self.point:
            text += rf",\quad J = {_matrix_latex(self.value_at)}"
        return text

    def _repr_latex_(self) -> str:
        return f"$${self.latex()}$$"

    def to_dict(self) -> dict:
        data = {
            "shapes": self.shapes,
            "factors": [f.to_dict() for f in self.factors],
            "value": [[str(e) for e in row] for row in self.value.tolist()],
            "latex": self.latex(),
            "verified": self.verified,
            "inputs": [s.name for s in self.inputs],
        }
        if self.point:
            data["at"] = {s.name: str(v) for s, v in self.point.items()}
            data["value_at"] = [[str(e) for e in row] for row in self.value_at.tolist()]
        return data

    def __str__(self) -> str:
        lines = [f"chain rule: {self.shapes}"]
        for f in self.factors:
            lines.append(f"∂({', '.join(f.names)})/∂({', '.join(v.name for v in f.variables)}) =")
            lines.append(sp.pretty(sp.Matrix(f.symbolic), use_unicode=True))
        lines.append("product =")
        lines.append(sp.pretty(sp.Matrix(self.value), use_unicode=True))
        lines.append("check: equals the Jacobian of the composition: " + ("yes" if self.verified else "NO"))
        if self.point:
            lines.append(f"at {describe_point(self.point)}:")
            lines.append(sp.pretty(sp.Matrix(self.value_at), use_unicode=True))
        return "\n".join(lines)


def chain_rule(
    function: object,
    *inner_maps: Mapping,
    variables: Sequence[str] | None = None,
    inputs: Sequence[str] | None = None,
    at: object = None,
) -> ChainRule:
    """The Jacobian of f(g(h(...))) as J_f · J_g · J_h ..., each evaluated along the chain.

    Each map sends the previous layer's variables to expressions in the next layer's,
    e.g. chain_rule("x^2 y", {"x": "u v", "y": "u + v"}, {"u": "cos t", "v": "sin t"}).
    The last layer's variables are `inputs`, else the free symbols of the last map, by name.
    """

    if not inner_maps:
        raise PointError("give at least one inner map, e.g. {'x': 't^2', 'y': 'sin t'}")
    if not all(isinstance(m, Mapping) for m in inner_maps):
        raise PointError("each inner map says how each variable depends on the next, e.g. {'x': 't^2', 'y': 'sin t'}")
    first_keys = [k.name if isinstance(k, sp.Symbol) else str(k) for k in inner_maps[0]]
    layer_names = [list(variables) if variables is not None else first_keys]
    for i, m in enumerate(inner_maps):
        keys = [k.name if isinstance(k, sp.Symbol) else str(k) for k in m]
        if sorted(keys) != sorted(layer_names[i]):
            raise PointError(
                f"map {i + 1} must say how each of {', '.join(layer_names[i])} depends on the next "
                f"variables (it gives {', '.join(keys)})"
            )
        if i + 1 < len(inner_maps):
            layer_names.append([k.name if isinstance(k, sp.Symbol) else str(k) for k in inner_maps[i + 1]])
        elif inputs is not None:
            layer_names.append(list(inputs))
        else:
            exprs = [_expr(v, None) for v in m.values()]
            layer_names.append(sorted({s.name for e in exprs for s in e.free_symbols}))
    f_result = jacobian(function, layer_names[0])
    unmapped = sorted({s.name for c in f_result.functions for s in c.free_symbols} - set(layer_names[0]))
    if variables is None and unmapped:
        raise PointError(f"the first map must also say how {', '.join(unmapped)} depends on the next variables")
    factors = [f_result]
    links = []  # per map: (symbols of its layer, {symbol: expr in the next layer})
    for i, m in enumerate(inner_maps):
        by_name = {(k.name if isinstance(k, sp.Symbol) else str(k)): v for k, v in m.items()}
        exprs = [_expr(by_name[n], layer_names[i + 1]) for n in layer_names[i]]
        link = jacobian(exprs, layer_names[i + 1], names=layer_names[i])
        factors.append(link)
        prev = factors[i].variables
        links.append(dict(zip(prev, exprs, strict=True)))
    # substitutions that express each layer in the final variables, built from the end
    to_final: list[dict] = [dict() for _ in range(len(links) + 1)]
    for i in range(len(links) - 1, -1, -1):
        to_final[i] = {v: e.subs(to_final[i + 1]) for v, e in links[i].items()}
    evaluated = tuple(sp.ImmutableMatrix(f.symbolic.subs(to_final[i])) for i, f in enumerate(factors))
    product = evaluated[0]
    for m in evaluated[1:]:
        product = product * m
    product = sp.ImmutableMatrix(product.applyfunc(_tidy))
    final_vars = factors[-1].variables
    composed = tuple(c.subs(to_final[0]) for c in f_result.functions)
    point = normalise_point(at, final_vars) if at is not None else {}
    return ChainRule(tuple(factors), evaluated, product, composed, tuple(final_vars), point)
