"""The differentiation rules, as one table: one entry a rule (when it applies, its result,
its one-line explanation), the way HIPS autograd keeps its derivative rules.

A rule acts on one node of a SymPy tree. *Structural* rules (sum, product, quotient,
chain, ...) combine the derivatives of the node's parts; *outer* rules (sin, power, ln,
...) give the derivative of a function with respect to its own argument u, and the
chain rule multiplies that by du/dx. The mistakes learners make live in the same
table's twin, `buggy_rules.py`: each buggy rule replaces one correct rule here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import sympy as sp

from mvcalc.math.functions import sigmoid
from mvcalc.math.input.printer import text

Expr = sp.Expr


class Context:
    """What a derivation differentiates by, with a cache of 'does this node depend on it'."""

    __slots__ = ("wrt", "variables", "_depends")

    def __init__(self, wrt: sp.Symbol, variables: frozenset[sp.Symbol] = frozenset()):
        self.wrt = wrt
        self.variables = variables  # every variable of the whole expression
        self._depends: dict[sp.Basic, bool] = {}

    def depends(self, node: sp.Basic) -> bool:
        """True when `node` changes with the variable of differentiation."""
        hit = self._depends.get(node)
        if hit is None:
            if node.is_Atom:
                hit = node == self.wrt
            else:
                hit = any(self.depends(a) for a in node.args)
            self._depends[node] = hit
        return hit

    @property
    def partial(self) -> bool:
        return len(self.variables - {self.wrt}) > 0

    def d(self, latex: bool = False) -> str:
        """The operator as a learner writes it: d/dx, or ∂/∂x for a partial derivative."""
        name = self.wrt.name
        if latex:  # the variable as LaTeX too: \partial \mu, \partial a_{2}, never \partial mu
            name = sp.latex(self.wrt)
            return rf"\frac{{\partial}}{{\partial {name}}}" if self.partial else rf"\frac{{d}}{{d{name}}}"
        return f"∂/∂{name}" if self.partial else f"d/d{name}"

    def others(self, node: sp.Basic) -> list[sp.Symbol]:
        """The other variables in `node`, held constant in a partial derivative."""
        return sorted((s for s in node.free_symbols if s != self.wrt and s.is_Symbol), key=str)


Result = Callable[[Expr, Context, tuple], Expr]


class Rule(NamedTuple):
    """One row of the table.

    `heads` are the SymPy classes it can act on (None: any); `applies` the finer
    predicate; `result(node, ctx, derivs)` the derivative from the node and the
    derivatives of its parts (an outer rule gets no parts: it returns f′(u));
    `inner(node)` the argument u of an outer rule; `parts(node, ctx)` the
    sub-expressions a structural rule differentiates; `explain` a one-line template
    (fields: d, dx, x, f, r, u, du, p (the name for u), c, rest, n, a, b, num, den,
    held, held_is (the held variables with their verb: "y is", "y and z are"), held_note, name).
    A buggy rule names its correct `twin`; its template is the message to the learner.
    """

    id: str
    name: str
    heads: tuple[type, ...] | None
    applies: Callable[[Expr, Context], bool]
    result: Result
    explain: str
    inner: Callable[[Expr], Expr] | None = None
    parts: Callable[[Expr, Context], tuple] | None = None
    twin: str | None = None
    tags: tuple[str, ...] = ()

    @property
    def outer(self) -> bool:
        return self.inner is not None


# ---------------------------------------------------------------- how nodes split into parts


def split_constant(node: Expr, ctx: Context) -> tuple[Expr, Expr]:
    """A product as (constant factor, the rest); a 1/ln b that belongs to a log_b stays with it."""
    consts, rest = [], []
    for a in node.args:
        (rest if ctx.depends(a) else consts).append(a)
    if len(rest) == 1 and isinstance(rest[0], sp.log):
        for c in consts:
            if _is_inverse_log_of_number(c):
                consts.remove(c)
                rest.append(c)
                break
    return sp.Mul(*consts), sp.Mul(*rest)


def _is_inverse_log_of_number(c: Expr) -> bool:
    return c.is_Pow and c.exp == -1 and isinstance(c.base, sp.log) and c.base.args[0].is_Number


def _denominator_factor(a: Expr, ctx: Context) -> bool:
    return a.is_Pow and a.exp.is_Number and a.exp.is_negative and ctx.depends(a.base)


def split_fraction(node: Expr, ctx: Context) -> tuple[Expr, Expr]:
    """A product read as numerator/denominator, the way a person reads sin(x)/x^2."""
    num, den = [], []
    for a in node.args:
        if _denominator_factor(a, ctx):
            den.append(sp.Pow(a.base, -a.exp))
        else:
            num.append(a)
    return sp.Mul(*num), sp.Mul(*den)


def is_quotient(node: Expr, ctx: Context) -> bool:
    """A product with a variable denominator and a variable top (or a product underneath)."""
    if not node.is_Mul or any(not ctx.depends(a) for a in node.args):
        return False
    den = [a for a in node.args if _denominator_factor(a, ctx)]
    if not den:
        return False
    return len(den) < len(node.args) or len(den) >= 2


def _log_base_parts(node: Expr) -> tuple[Expr, Expr] | None:
    """log(u)/log(b) as (u, b), else None."""
    if not node.is_Mul or len(node.args) != 2:
        return None
    a, c = node.args
    if isinstance(c, sp.log):
        a, c = c, a
    if isinstance(a, sp.log) and _is_inverse_log_of_number(c):
        return a.args[0], c.base.args[0]
    return None


# ---------------------------------------------------------------- the correct rules


def _arg(node: Expr) -> Expr:
    return node.args[0]


def _fn(cls: type, rule_id: str, name: str, derivative: Callable[[Expr], Expr], fact: str) -> Rule:
    """An outer rule for a one-argument function: d/du f(u) = derivative(u)."""
    return Rule(
        id=rule_id,
        name=name,
        heads=(cls,),
        applies=lambda node, ctx: True,
        result=lambda node, ctx, derivs: derivative(node.args[0]),
        explain=fact,
        inner=_arg,
    )


def _power_applies(node: Expr, ctx: Context) -> bool:
    return not ctx.depends(node.exp) and ctx.depends(node.base)


def _product_result(node: Expr, ctx: Context, derivs: tuple) -> Expr:
    factors = node.args
    terms = []
    for i, df in enumerate(derivs):
        if df != 0:
            terms.append(sp.Mul(*factors[:i], df, *factors[i + 1 :]))
    return sp.Add(*terms)


def _quotient_result(node: Expr, ctx: Context, derivs: tuple) -> Expr:
    f, g = split_fraction(node, ctx)
    df, dg = derivs
    return sp.Mul(df * g - f * dg, sp.Pow(g, -2))


def _log_diff_result(node: Expr, ctx: Context, derivs: tuple) -> Expr:
    f, g = node.args
    df, dg = derivs
    return node * (dg * sp.log(f) + g * df / f)


def _sec2(u: Expr) -> Expr:
    return sp.sec(u) ** 2


RULES: list[Rule] = [
    Rule("constant", "constant", None,
         lambda node, ctx: not ctx.depends(node) and not ctx.others(node),
         lambda node, ctx, derivs: sp.S.Zero,
         "the derivative of a constant is 0"),
    Rule("held_constant", "other variable held constant", None,
         lambda node, ctx: not ctx.depends(node),
         lambda node, ctx, derivs: sp.S.Zero,
         "{held_is} held constant in {d}, so {d} {f} = 0"),
    Rule("variable", "variable", (sp.Symbol,),
         lambda node, ctx: node == ctx.wrt,
         lambda node, ctx, derivs: sp.S.One,
         "the derivative of the variable itself is 1"),
    Rule("sum", "sum rule", (sp.Add,),
         lambda node, ctx: True,
         lambda node, ctx, derivs: sp.Add(*derivs),
         "the derivative of a sum is the sum of the derivatives of its terms",
         parts=lambda node, ctx: node.args),
    Rule("log_base", "logarithm to base b", (sp.Mul,),
         lambda node, ctx: _log_base_parts(node) is not None,
         lambda node, ctx, derivs: 1 / (_log_base_parts(node)[0] * sp.log(_log_base_parts(node)[1])),
         "the derivative of log_b u is 1/(u ln b), here b = {b}",
         inner=lambda node: _log_base_parts(node)[0]),
    Rule("constant_multiple", "constant multiple", (sp.Mul,),
         lambda node, ctx: any(not ctx.depends(a) for a in node.args),
         lambda node, ctx, derivs: split_constant(node, ctx)[0] * derivs[0],
         "{c} is a constant factor{held_note}: {d} ({f}) = {c} · {d} ({rest})",
         parts=lambda node, ctx: split_constant(node, ctx)[1:]),
    Rule("quotient", "quotient rule", (sp.Mul,),
         is_quotient,
         _quotient_result,
         "with top f = {num} and bottom g = {den}: (f/g)′ = (f′g − fg′)/g²",
         parts=split_fraction),
    Rule("product", "product rule", (sp.Mul,),
         lambda node, ctx: True,
         _product_result,
         "differentiate one factor at a time, keep the others, and add",
         parts=lambda node, ctx: node.args),
    Rule("chain", "chain rule", None,
         lambda node, ctx: False,  # chosen by the engine when an outer rule acts on u ≠ x
         lambda node, ctx, derivs: derivs[0] * derivs[1],
         "set {p} = {u}; differentiate the outside, then multiply by d{p}/{dx} = {du}"),
    Rule("sqrt", "square root", (sp.Pow,),
         lambda node, ctx: node.exp == sp.S.Half and ctx.depends(node.base),
         lambda node, ctx, derivs: 1 / (2 * sp.sqrt(node.base)),
         "the derivative of √u is 1/(2√u)",
         inner=lambda node: node.base),
    Rule("power", "power rule", (sp.Pow,),
         _power_applies,
         lambda node, ctx, derivs: node.exp * node.base ** (node.exp - 1),
         "bring the exponent {n} down and lower it by one",
         inner=lambda node: node.base),
    Rule("exponential", "exponential a^u", (sp.Pow,),
         lambda node, ctx: not ctx.depends(node.base) and ctx.depends(node.exp),
         lambda node, ctx, derivs: node * sp.log(node.base),
         "the derivative of a^u is a^u ln a, here a = {a}",
         inner=lambda node: node.exp),
    Rule("log_diff", "logarithmic differentiation", (sp.Pow,),
         lambda node, ctx: ctx.depends(node.base) and ctx.depends(node.exp),
         _log_diff_result,
         "y = f^g gives ln y = g ln f, so y′ = f^g (g′ ln f + g f′/f)",
         parts=lambda node, ctx: node.args),
    _fn(sp.exp, "exp", "exponential e^u", sp.exp, "e^u is its own derivative"),
    _fn(sp.log, "ln", "natural logarithm", lambda u: 1 / u, "the derivative of ln u is 1/u"),
    _fn(sp.sin, "sin", "sine", sp.cos, "the derivative of sin is cos"),
    _fn(sp.cos, "cos", "cosine", lambda u: -sp.sin(u), "the derivative of cos is −sin"),
    _fn(sp.tan, "tan", "tangent", _sec2, "the derivative of tan is sec²"),
    _fn(sp.sec, "sec", "secant", lambda u: sp.sec(u) * sp.tan(u), "the derivative of sec is sec·tan"),
    _fn(sp.csc, "csc", "cosecant", lambda u: -sp.csc(u) * sp.cot(u), "the derivative of csc is −csc·cot"),
    _fn(sp.cot, "cot", "cotangent", lambda u: -sp.csc(u) ** 2, "the derivative of cot is −csc²"),
    _fn(sp.asin, "asin", "arcsine", lambda u: 1 / sp.sqrt(1 - u**2), "the derivative of arcsin u is 1/√(1−u²)"),
    _fn(sp.acos, "acos", "arccosine", lambda u: -1 / sp.sqrt(1 - u**2), "the derivative of arccos u is −1/√(1−u²)"),
    _fn(sp.atan, "atan", "arctangent", lambda u: 1 / (1 + u**2), "the derivative of arctan u is 1/(1+u²)"),
    _fn(sp.asec, "asec", "arcsecant", lambda u: 1 / (sp.Abs(u) * sp.sqrt(u**2 - 1)),
        "the derivative of arcsec u is 1/(|u|√(u²−1))"),
    _fn(sp.acsc, "acsc", "arccosecant", lambda u: -1 / (sp.Abs(u) * sp.sqrt(u**2 - 1)),
        "the derivative of arccsc u is −1/(|u|√(u²−1))"),
    _fn(sp.acot, "acot", "arccotangent", lambda u: -1 / (1 + u**2), "the derivative of arccot u is −1/(1+u²)"),
    _fn(sp.sinh, "sinh", "hyperbolic sine", sp.cosh, "the derivative of sinh is cosh"),
    _fn(sp.cosh, "cosh", "hyperbolic cosine", sp.sinh, "the derivative of cosh is sinh (no minus sign)"),
    _fn(sp.tanh, "tanh", "hyperbolic tangent", lambda u: sp.sech(u) ** 2, "the derivative of tanh is sech²"),
    _fn(sp.sech, "sech", "hyperbolic secant", lambda u: -sp.sech(u) * sp.tanh(u),
        "the derivative of sech is −sech·tanh"),
    _fn(sp.csch, "csch", "hyperbolic cosecant", lambda u: -sp.csch(u) * sp.coth(u),
        "the derivative of csch is −csch·coth"),
    _fn(sp.coth, "coth", "hyperbolic cotangent", lambda u: -sp.csch(u) ** 2, "the derivative of coth is −csch²"),
    _fn(sp.asinh, "asinh", "inverse hyperbolic sine", lambda u: 1 / sp.sqrt(u**2 + 1),
        "the derivative of arsinh u is 1/√(u²+1)"),
    _fn(sp.acosh, "acosh", "inverse hyperbolic cosine", lambda u: 1 / sp.sqrt(u**2 - 1),
        "the derivative of arcosh u is 1/√(u²−1)"),
    _fn(sp.atanh, "atanh", "inverse hyperbolic tangent", lambda u: 1 / (1 - u**2),
        "the derivative of artanh u is 1/(1−u²)"),
    _fn(sp.asech, "asech", "inverse hyperbolic secant", lambda u: -1 / (u * sp.sqrt(1 - u**2)),
        "the derivative of arsech u is −1/(u√(1−u²))"),
    _fn(sp.acsch, "acsch", "inverse hyperbolic cosecant", lambda u: -1 / (sp.Abs(u) * sp.sqrt(1 + u**2)),
        "the derivative of arcsch u is −1/(|u|√(1+u²))"),
    _fn(sp.acoth, "acoth", "inverse hyperbolic cotangent", lambda u: 1 / (1 - u**2),
        "the derivative of arcoth u is 1/(1−u²)"),
    _fn(sp.Abs, "abs", "absolute value", lambda u: u / sp.Abs(u),
        "the derivative of |u| is u/|u| (the sign of u; undefined at u = 0)"),
    _fn(sigmoid, "sigmoid", "logistic sigmoid", lambda u: sigmoid(u) * (1 - sigmoid(u)),
        "the derivative of σ is σ(1 − σ)"),
    Rule("function", "derivative of a named function", (sp.Function,),
         lambda node, ctx: len(node.args) == 1,
         lambda node, ctx, derivs: node.fdiff(1),
         "SymPy's derivative of {name}",
         inner=_arg),
    Rule("other", "derivative computed by SymPy", None,
         lambda node, ctx: True,
         lambda node, ctx, derivs: sp.diff(node, ctx.wrt),
         "no rule of ours covers {name}: SymPy's derivative"),
]

BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
CHAIN = BY_ID["chain"]


_BY_HEAD: dict[type, list[Rule]] = {}


def _rules_for(cls: type) -> list[Rule]:
    rules = _BY_HEAD.get(cls)
    if rules is None:
        mro = cls.__mro__
        rules = [r for r in RULES if r.heads is None or any(h in mro for h in r.heads)]
        # the generic fallbacks stay last, the constant rules first
        rules.sort(key=lambda r: (r.id not in ("constant", "held_constant"), r.id in ("function", "other")))
        _BY_HEAD[cls] = rules
    return rules


def select(node: Expr, ctx: Context) -> Rule:
    """The first rule of the table that applies to `node` (the chain rule is the engine's)."""
    for rule in _rules_for(type(node)):
        if rule is not CHAIN and rule.applies(node, ctx):
            return rule
    raise ValueError(f"no differentiation rule applies to {text(node)}")  # pragma: no cover
