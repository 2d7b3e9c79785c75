"""The buggy rules: the mistakes learners make, each the twin of one correct rule.

A buggy rule has the same shape as its twin in `rules.py` (it acts on the same node
with the derivatives of the same parts) but gives the wrong result a learner with
that misconception writes. Swapping one correct rule for its twin at one node of a
derivation gives that learner's whole answer. `explain` is the message to the
learner: what went wrong, where, and how to fix it (fields as in rules.py, plus
`wrong` and `right`, the node's derivative with and without the mistake).
"""

from __future__ import annotations

import sympy as sp

from mvcalc.math.calculus.rules import Context, Expr, Rule, split_constant, split_fraction


def _always(node: Expr, ctx: Context) -> bool:
    return True


def _buggy(rule_id, twin, name, result, message, applies=_always) -> Rule:
    return Rule(id=rule_id, name=name, heads=None, applies=applies, result=result,
                explain=message, twin=twin)


def _first_only(node: Expr, ctx: Context, derivs: tuple) -> Expr:
    return sp.Mul(derivs[0], *node.args[1:])


def _quotient_flipped(node: Expr, ctx: Context, derivs: tuple) -> Expr:
    f, g = split_fraction(node, ctx)
    df, dg = derivs
    return sp.Mul(f * dg - df * g, sp.Pow(g, -2))


def _quotient_no_square(node: Expr, ctx: Context, derivs: tuple) -> Expr:
    f, g = split_fraction(node, ctx)
    df, dg = derivs
    return sp.Mul(df * g - f * dg, sp.Pow(g, -1))


def _ratio(node: Expr, ctx: Context, derivs: tuple) -> Expr:
    df, dg = derivs
    return sp.nan if dg == 0 else df / dg


def _as_if_varying(node: Expr, ctx: Context) -> Expr:
    """d/dx of a node in the other variables when each of them is (wrongly) taken to vary like x."""
    return sp.Add(*(sp.diff(node, v) for v in ctx.others(node)))


def _held_factor(node: Expr, ctx: Context, derivs: tuple) -> Expr:
    c, rest = split_constant(node, ctx)
    return _as_if_varying(c, ctx) * rest + c * derivs[0]


def _has_other_variables(node: Expr, ctx: Context) -> bool:
    return bool(ctx.others(split_constant(node, ctx)[0]))


BUGGY_RULES: list[Rule] = [
    _buggy("product_of_derivatives", "product", "product rule as f′g′",
           lambda node, ctx, derivs: sp.Mul(*derivs),
           "You differentiated {f} to {wrong}, the product of the derivatives: the product rule "
           "differentiates one factor at a time and adds, (fg)′ = f′g + fg′ = {right}."),
    _buggy("product_first_only", "product", "product rule as f′g alone",
           _first_only,
           "You differentiated only the first factor of {f} ({wrong}): the product rule adds a "
           "term for each factor, (fg)′ = f′g + fg′ = {right}."),
    _buggy("chain_forgotten", "chain", "forgotten chain factor",
           lambda node, ctx, derivs: derivs[0],
           "You differentiated {f} to {wrong}: the chain rule also multiplies by {d} {u} = {du}.",
           applies=lambda node, ctx: not isinstance(node, (sp.exp, sp.log))),
    _buggy("exp_unchanged", "chain", "e^(kx) differentiated to itself",
           lambda node, ctx, derivs: derivs[0],
           "You differentiated {f} to itself: e^u is its own derivative only when u is {x}; the "
           "chain rule multiplies by {d} {u} = {du}, giving {right}.",
           applies=lambda node, ctx: isinstance(node, sp.exp)),
    _buggy("log_reciprocal", "chain", "ln(g) differentiated to 1/g",
           lambda node, ctx, derivs: derivs[0],
           "You differentiated {f} to {wrong}: the chain rule also multiplies by {d} {u} = {du}, "
           "so {d} {f} = {right}.",
           applies=lambda node, ctx: isinstance(node, sp.log)),
    _buggy("quotient_sign_flipped", "quotient", "quotient rule with the top's sign flipped",
           _quotient_flipped,
           "In the quotient rule for {f} you subtracted the wrong way round: the top is "
           "f′g − fg′ (the top's derivative first), giving {right}."),
    _buggy("quotient_no_square", "quotient", "quotient rule without the squared denominator",
           _quotient_no_square,
           "In the quotient rule for {f} you divided by g = {den} instead of g² = {den2}: "
           "(f/g)′ = (f′g − fg′)/g²."),
    _buggy("quotient_as_ratio", "quotient", "quotient of the derivatives",
           _ratio,
           "You divided the derivatives of the top and the bottom of {f}: the derivative of a "
           "quotient is (f/g)′ = (f′g − fg′)/g², giving {right}."),
    _buggy("power_not_lowered", "power", "power rule without lowering the exponent",
           lambda node, ctx, derivs: node.exp * node,
           "You differentiated {f} to {wrong} without lowering the exponent: d/du u^n = "
           "n·u^(n−1) gives {right}."),
    _buggy("power_no_coefficient", "power", "power rule without the coefficient",
           lambda node, ctx, derivs: node.base ** (node.exp - 1),
           "You lowered the exponent of {f} but dropped the coefficient: d/du u^n = n·u^(n−1) "
           "gives {right}."),
    _buggy("power_integrated", "power", "integrated instead of differentiated",
           lambda node, ctx, derivs: node.base ** (node.exp + 1) / (node.exp + 1),
           "You integrated {f} ({wrong}) instead of differentiating it: bring the exponent down "
           "and lower it by one, giving {right}.",
           applies=lambda node, ctx: node.exp != -1),
    _buggy("cos_to_sin", "cos", "cos differentiated to sin",
           lambda node, ctx, derivs: sp.sin(node.args[0]),
           "You differentiated cos to sin in {f}: the derivative of cos u is −sin u."),
    _buggy("sin_to_neg_cos", "sin", "sin differentiated to −cos",
           lambda node, ctx, derivs: -sp.cos(node.args[0]),
           "You differentiated sin to −cos in {f}: −cos is its antiderivative; the derivative "
           "of sin u is cos u."),
    _buggy("tan_to_sec", "tan", "tan differentiated to sec",
           lambda node, ctx, derivs: sp.sec(node.args[0]),
           "You differentiated tan to sec in {f}: the derivative of tan u is sec² u."),
    _buggy("cosh_like_cos", "cosh", "cosh differentiated to −sinh",
           lambda node, ctx, derivs: -sp.sinh(node.args[0]),
           "You differentiated cosh to −sinh in {f}: unlike cos, the derivative of cosh u is "
           "+sinh u."),
    _buggy("acos_sign_dropped", "acos", "arccos without its minus sign",
           lambda node, ctx, derivs: 1 / sp.sqrt(1 - node.args[0] ** 2),
           "You dropped the minus sign in the derivative of {f}: d/du arccos u = −1/√(1−u²)."),
    _buggy("sqrt_without_half", "sqrt", "√u differentiated without the ½",
           lambda node, ctx, derivs: 1 / sp.sqrt(node.base),
           "You differentiated {f} to {wrong}: √u = u^(1/2), so the power rule brings down ½, "
           "d/du √u = 1/(2√u)."),
    _buggy("exp_as_power", "exp", "power rule on e^u",
           lambda node, ctx, derivs: node.args[0] * sp.exp(node.args[0] - 1),
           "You used the power rule on {f}: the variable is in the exponent, and e^u is its own "
           "derivative."),
    _buggy("exponential_as_power", "exponential", "d/dx a^x as x·a^(x−1)",
           lambda node, ctx, derivs: node.exp * node.base ** (node.exp - 1),
           "You used the power rule on {f}, but the variable is in the exponent: d/du a^u = "
           "a^u ln a gives {right}."),
    _buggy("exponential_without_log", "exponential", "a^x differentiated to itself",
           lambda node, ctx, derivs: node,
           "You differentiated {f} to itself: only e^u is its own derivative; d/du a^u = "
           "a^u ln a gives {right}."),
    _buggy("log_base_without_ln", "log_base", "log_b u differentiated as ln u",
           lambda node, ctx, derivs: 1 / _log_arg(node),
           "You differentiated {f} as if it were ln: a logarithm to base {b} is ln u / ln {b}, so "
           "d/du log_b u = 1/(u ln {b})."),
    _buggy("constant_as_itself", "constant", "a constant differentiated to itself",
           lambda node, ctx, derivs: node,
           "You kept the constant {f} in the derivative: a constant does not change, so its "
           "derivative is 0.",
           applies=lambda node, ctx: node != 0),
    _buggy("held_constant_differentiated", "held_constant", "partial derivative of the other variable",
           lambda node, ctx, derivs: _as_if_varying(node, ctx),
           "In {d} the other variables are held constant, so {d} {f} = 0; you differentiated it "
           "({wrong}) as if {held} changed with {x}."),
    _buggy("held_factor_differentiated", "constant_multiple", "partial derivative of the other variable",
           _held_factor,
           "In {d} the factor {c} is a constant ({held_is} held constant), but you differentiated "
           "it as if {held} changed with {x}: {d} ({f}) = {c} · {d} ({rest}) = {right}.",
           applies=_has_other_variables),
    _buggy("variable_exponent_as_power", "log_diff", "power rule with a variable exponent",
           lambda node, ctx, derivs: node.exp * node.base ** (node.exp - 1) * derivs[0],
           "You used the power rule on {f}, but its exponent changes with {x} too: write "
           "y = f^g, ln y = g ln f and differentiate (logarithmic differentiation), giving {right}."),
    _buggy("variable_exponent_as_exponential", "log_diff", "a^u rule with a variable base",
           lambda node, ctx, derivs: node * sp.log(node.base) * derivs[1],
           "You treated {f} as an exponential a^u, but its base changes with {x} too: use "
           "logarithmic differentiation, y′ = f^g (g′ ln f + g f′/f) = {right}."),
]


def _log_arg(node: Expr) -> Expr:
    """The argument u of log(u)/log(b)."""
    return next(a for a in node.args if isinstance(a, sp.log)).args[0]


BUGGY_BY_ID: dict[str, Rule] = {r.id: r for r in BUGGY_RULES}

TWINS: dict[str, list[Rule]] = {}
for _rule in BUGGY_RULES:
    TWINS.setdefault(_rule.twin, []).append(_rule)
