"""Step-by-step derivations, driven by the rule table in `rules.py`.

`derivative(expr, wrt, order=1)` walks the expression once, choosing at each node
the first rule of the table that applies; each application is a `Step` (its rule,
the sub-expression, its result, a one-line explanation, the steps of its parts),
nested the way a person writes it: "set u = x^2, differentiate the outside,
multiply by du/dx". Explanations are rendered only when asked for, so a long
derivation costs little more than `sympy.diff`.

The same walk, with one correct rule swapped for its buggy twin at one node
(`rebuild`), gives the answer of a learner holding that misconception.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sympy as sp

from mvcalc.math.calculus.rules import BY_ID, CHAIN, Context, Expr, Rule, select
from mvcalc.math.input.reader import symbol

MAX_ORDER = 20
TIDY_LIMIT = 200  # nodes: beyond this the result is left as the rules built it
POWSIMP_LIMIT = 80  # nodes: combining powers is the dearest candidate, tried on short results


class Step:
    """One application of a rule: `rule` (its id), `expr`, `result`, `explanation`, `substeps`.

    `var` is what the step differentiates by: the variable, or for the outer step of
    a chain rule the inner expression u. `site`..`end` number the steps in pre-order
    (a step's own number and one past its last descendant's).
    """

    __slots__ = ("entry", "expr", "result", "substeps", "var", "ctx", "site", "end", "_explanation")

    def __init__(self, rule: Rule | str, expr: Expr, result: Expr, explanation: str | None = None,
                 substeps: tuple[Step, ...] = (), *, var: Expr | None = None,
                 ctx: Context | None = None, site: int = 0, end: int = 0):
        self.entry = rule if isinstance(rule, Rule) else BY_ID[rule]
        self.expr = expr
        self.result = result
        self.substeps = tuple(substeps)
        self.ctx = ctx
        self.var = var if var is not None else (ctx.wrt if ctx is not None else None)
        self.site, self.end = site, end
        self._explanation = explanation

    @property
    def rule(self) -> str:
        return self.entry.id

    @property
    def name(self) -> str:
        return self.entry.name

    @property
    def outer(self) -> bool:
        """True for the 'differentiate the outside' part of a chain rule (d/du, not d/dx)."""
        return self.ctx is not None and self.var != self.ctx.wrt

    @property
    def explanation(self) -> str:
        if self._explanation is None:
            from mvcalc.math.calculus.derivation_view import explain

            self._explanation = explain(self, self.entry)
        return self._explanation

    def walk(self):
        """This step and every step under it, in pre-order."""
        yield self
        for s in self.substeps:
            yield from s.walk()

    def __repr__(self) -> str:
        return f"Step({self.rule!r}, {self.expr}, {self.result})"


class _Builder:
    """One derivation's walk over the tree, numbering the steps as it goes."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.count = 0

    def build(self, node: Expr) -> Step:
        ctx = self.ctx
        site = self.count
        self.count += 1
        rule = select(node, ctx)
        if rule.outer:
            u = rule.inner(node)
            if u == ctx.wrt:
                return Step(rule, node, rule.result(node, ctx, ()), ctx=ctx, site=site, end=self.count)
            outer = Step(rule, node, rule.result(node, ctx, ()), var=u, ctx=ctx,
                         site=self.count, end=self.count + 1)
            self.count += 1
            inner = self.build(u)
            result = CHAIN.result(node, ctx, (outer.result, inner.result))
            return Step(CHAIN, node, result, None, (outer, inner), ctx=ctx, site=site, end=self.count)
        parts = rule.parts(node, ctx) if rule.parts is not None else ()
        children = tuple(self.build(p) for p in parts)
        result = rule.result(node, ctx, tuple(c.result for c in children))
        return Step(rule, node, result, None, children, ctx=ctx, site=site, end=self.count)


def derive_steps(expr: Expr, wrt: sp.Symbol, variables: frozenset | None = None) -> Step:
    """The step tree of d(expr)/d(wrt), results exactly as the rules build them."""
    ctx = Context(wrt, frozenset(variables if variables is not None else expr.free_symbols))
    return _Builder(ctx).build(expr)


def rebuild(step: Step, swaps: Mapping[int, Rule]) -> Expr:
    """The result of `step` with the rules at some sites replaced (site -> rule).

    Only the steps above a swapped site are recomputed, each from its node and the
    (possibly changed) results of its parts.
    """
    if not any(step.site <= s < step.end for s in swaps):
        return step.result
    derivs = tuple(rebuild(c, swaps) for c in step.substeps)
    rule = swaps.get(step.site, step.entry)
    return rule.result(step.expr, step.ctx, derivs)


def size(expr: sp.Basic) -> int:
    """Number of nodes in the tree (what a reader has to take in)."""
    return sum(1 for _ in sp.preorder_traversal(expr))


def _weight(expr: sp.Basic) -> int:
    return int(sp.count_ops(expr, visual=False)) * 4 + size(expr)


def tidy(expr: Expr) -> Expr:
    """A form a person would write: common factors taken out lightly, powers combined.

    Candidates are the raw result, its common factors pulled out, its powers combined
    and its terms over a common denominator; a candidate replaces the raw form only
    when it is clearly shorter (a quarter fewer operations and nodes), so the answer
    stays recognisable as what the rules produced.
    """
    n = size(expr)
    if n > TIDY_LIMIT or not isinstance(expr, sp.Expr):
        return expr
    best, best_weight = expr, _weight(expr)
    threshold = 0.75 * best_weight
    makers = (sp.factor_terms, _together_if_fraction) + ((sp.powsimp,) if n <= POWSIMP_LIMIT else ())
    for make in makers:
        try:
            candidate = make(expr)
        except (TypeError, ValueError, NotImplementedError):  # pragma: no cover - SymPy edge cases
            continue
        w = _weight(candidate)
        if w < best_weight and w <= threshold:
            best, best_weight = candidate, w
    return best


def _together_if_fraction(expr: Expr) -> Expr:
    if not any(a.is_Pow and a.exp.is_negative for a in sp.preorder_traversal(expr)):
        return expr
    return sp.factor_terms(sp.together(expr))


def as_symbol(wrt: str | sp.Symbol) -> sp.Symbol:
    """The variable of differentiation from a name or a symbol."""
    if isinstance(wrt, sp.Symbol):
        return wrt if wrt.is_real else symbol(wrt.name)
    if isinstance(wrt, str) and wrt.isidentifier():
        return symbol(wrt)
    raise ValueError(f"cannot differentiate with respect to {wrt!r}: give a variable name such as 'x'")


def _real_symbols(expr: Expr) -> Expr:
    """The same expression with every variable the canonical real symbol of its name."""
    swap = {s: symbol(s.name) for s in expr.free_symbols if s.is_Symbol and not s.is_real}
    return expr.xreplace(swap) if swap else expr


@dataclass(frozen=True)
class Derivation:
    """d^order(expr)/d(wrt)^order with its working: one root step per order."""

    expr: Expr
    wrt: sp.Symbol
    order: int
    steps: tuple[Step, ...]
    results: tuple[Expr, ...]  # the tidied result of each order

    @property
    def result(self) -> Expr:
        return self.results[-1]

    @property
    def partial(self) -> bool:
        return self.steps[0].ctx.partial

    def latex(self) -> str:
        from mvcalc.math.calculus.derivation_view import derivation_latex

        return derivation_latex(self)

    def to_dict(self) -> dict:
        from mvcalc.math.calculus.derivation_view import derivation_dict

        return derivation_dict(self)

    def _repr_latex_(self) -> str:
        return f"$\\displaystyle {self.latex()}$"

    def __str__(self) -> str:
        from mvcalc.math.calculus.derivation_view import derivation_text

        return derivation_text(self)

    def __rich__(self):
        from mvcalc.math.calculus.derivation_view import derivation_rich

        return derivation_rich(self)


def derivative(expr: Expr, wrt: str | sp.Symbol, order: int = 1) -> Derivation:
    """The derivative of `expr` with respect to `wrt` (a name or a Symbol), with its steps.

    Order n gives one derivation per order, each applied to the tidied result of
    the one before. Other variables in `expr` make it a partial derivative: they
    are held constant, and the steps say so.
    """
    if isinstance(expr, sp.MatrixBase) or not isinstance(expr, sp.Expr):
        raise ValueError("derivative() takes one scalar expression; use jacobian() for a vector")
    if isinstance(order, bool) or not isinstance(order, int) or not 1 <= order <= MAX_ORDER:
        raise ValueError(f"the order must be a whole number from 1 to {MAX_ORDER}")
    x = as_symbol(wrt)
    expr = _real_symbols(expr)
    variables = frozenset(expr.free_symbols | {x})
    steps, results = [], []
    current = expr
    for _ in range(order):
        root = derive_steps(current, x, variables)
        current = tidy(root.result)
        steps.append(root)
        results.append(current)
    return Derivation(expr, x, order, tuple(steps), tuple(results))
