"""The buggy rules: the mistakes learners make, each the twin of one correct rule.

A buggy rule has the same shape as its twin in `rules.py` (it acts on the same node
with the derivatives of the same parts) but gives the wrong result a learner with
that misconception writes. Swapping one correct rule for its twin at one node of a
derivation gives that learner's whole answer. `explain` is the message to the
learner: what went wrong, where, and how to fix it, in words and `$…$` LaTeX (fields as
in rules.py, filled as bare LaTeX, plus `wrong`, the node's derivative with the mistake).
A message states the rule in general and never the node's right derivative, which may be
the whole answer.
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
           r"You multiplied the derivatives of the factors of ${f}$ (giving ${wrong}$). The product "
           r"rule differentiates one factor at a time and adds the two terms: $(uv)' = u'v + uv'$."),
    _buggy("product_first_only", "product", "product rule as f′g alone",
           _first_only,
           r"You differentiated only the first factor of ${f}$ (giving ${wrong}$). The product rule "
           r"adds a term for each factor: $(uv)' = u'v + uv'$."),
    _buggy("chain_forgotten", "chain", "forgotten chain factor",
           lambda node, ctx, derivs: derivs[0],
           r"You differentiated ${f}$ to ${wrong}$ and stopped there: the chain rule also multiplies "
           r"by the derivative of the inside, ${d}\left({u}\right)$.",
           applies=lambda node, ctx: not isinstance(node, (sp.exp, sp.log))),
    _buggy("exp_unchanged", "chain", "e^(kx) differentiated to itself",
           lambda node, ctx, derivs: derivs[0],
           r"You differentiated ${f}$ to itself: $e^{{u}}$ is its own derivative only when $u = {x}$. "
           r"The chain rule also multiplies by the derivative of the exponent, ${d}\left({u}\right)$.",
           applies=lambda node, ctx: isinstance(node, sp.exp)),
    _buggy("log_reciprocal", "chain", "ln(g) differentiated to 1/g",
           lambda node, ctx, derivs: derivs[0],
           r"You differentiated ${f}$ to ${wrong}$ and stopped there: the chain rule also multiplies "
           r"by the derivative of the inside, ${d}\left({u}\right)$.",
           applies=lambda node, ctx: isinstance(node, sp.log)),
    _buggy("quotient_sign_flipped", "quotient", "quotient rule with the top's sign flipped",
           _quotient_flipped,
           r"In the quotient rule for ${f}$ you subtracted the wrong way round: the numerator is "
           r"$u'v - uv'$, with the top's derivative first."),
    _buggy("quotient_no_square", "quotient", "quotient rule without the squared denominator",
           _quotient_no_square,
           r"In the quotient rule for ${f}$ you divided by ${den}$ instead of its square: "
           r"$\left(\frac{{u}}{{v}}\right)' = \frac{{u'v - uv'}}{{v^{{2}}}}$."),
    _buggy("quotient_as_ratio", "quotient", "quotient of the derivatives",
           _ratio,
           r"You divided the derivative of the top of ${f}$ by the derivative of the bottom. The "
           r"derivative of a quotient is $\left(\frac{{u}}{{v}}\right)' = \frac{{u'v - uv'}}{{v^{{2}}}}$."),
    _buggy("power_not_lowered", "power", "power rule without lowering the exponent",
           lambda node, ctx, derivs: node.exp * node,
           r"You differentiated ${f}$ to ${wrong}$ without lowering the exponent: "
           r"$\frac{{d}}{{du}} u^{{n}} = n u^{{n-1}}$."),
    _buggy("power_no_coefficient", "power", "power rule without the coefficient",
           lambda node, ctx, derivs: node.base ** (node.exp - 1),
           r"You lowered the exponent of ${f}$ but dropped the coefficient: "
           r"$\frac{{d}}{{du}} u^{{n}} = n u^{{n-1}}$ brings the old exponent down in front."),
    _buggy("power_integrated", "power", "integrated instead of differentiated",
           lambda node, ctx, derivs: node.base ** (node.exp + 1) / (node.exp + 1),
           r"You integrated ${f}$ (giving ${wrong}$) instead of differentiating it: bring the "
           r"exponent down in front and lower it by one.",
           applies=lambda node, ctx: node.exp != -1),
    _buggy("cos_to_sin", "cos", "cos differentiated to sin",
           lambda node, ctx, derivs: sp.sin(node.args[0]),
           r"You differentiated $\cos$ to $\sin$ in ${f}$: the derivative of $\cos u$ is "
           r"$-\sin u$ (mind the minus sign)."),
    _buggy("sin_to_neg_cos", "sin", "sin differentiated to −cos",
           lambda node, ctx, derivs: -sp.cos(node.args[0]),
           r"You differentiated $\sin$ to $-\cos$ in ${f}$: $-\cos u$ is an antiderivative of "
           r"$\sin u$; the derivative of $\sin u$ is $\cos u$."),
    _buggy("tan_to_sec", "tan", "tan differentiated to sec",
           lambda node, ctx, derivs: sp.sec(node.args[0]),
           r"You differentiated $\tan$ to $\sec$ in ${f}$: the derivative of $\tan u$ is "
           r"$\sec^{{2}} u$."),
    _buggy("cosh_like_cos", "cosh", "cosh differentiated to −sinh",
           lambda node, ctx, derivs: -sp.sinh(node.args[0]),
           r"You differentiated $\cosh$ to $-\sinh$ in ${f}$: unlike $\cos$, the derivative of "
           r"$\cosh u$ is $+\sinh u$."),
    _buggy("acos_sign_dropped", "acos", "arccos without its minus sign",
           lambda node, ctx, derivs: 1 / sp.sqrt(1 - node.args[0] ** 2),
           r"You dropped the minus sign in the derivative of ${f}$: "
           r"$\frac{{d}}{{du}} \arccos u = -\frac{{1}}{{\sqrt{{1 - u^{{2}}}}}}$."),
    _buggy("sqrt_without_half", "sqrt", "√u differentiated without the ½",
           lambda node, ctx, derivs: 1 / sp.sqrt(node.base),
           r"You differentiated ${f}$ to ${wrong}$: $\sqrt{{u}} = u^{{1/2}}$, so the power rule "
           r"brings down a $\frac{{1}}{{2}}$: $\frac{{d}}{{du}} \sqrt{{u}} = \frac{{1}}{{2\sqrt{{u}}}}$."),
    _buggy("exp_as_power", "exp", "power rule on e^u",
           lambda node, ctx, derivs: node.args[0] * sp.exp(node.args[0] - 1),
           r"You used the power rule on ${f}$: the variable is in the exponent, and $e^{{u}}$ is "
           r"its own derivative."),
    _buggy("exponential_as_power", "exponential", "d/dx a^x as x·a^(x−1)",
           lambda node, ctx, derivs: node.exp * node.base ** (node.exp - 1),
           r"You used the power rule on ${f}$, but the variable is in the exponent: "
           r"$\frac{{d}}{{du}} a^{{u}} = a^{{u}} \ln a$."),
    _buggy("exponential_without_log", "exponential", "a^x differentiated to itself",
           lambda node, ctx, derivs: node,
           r"You differentiated ${f}$ to itself: only $e^{{u}}$ is its own derivative; "
           r"$\frac{{d}}{{du}} a^{{u}} = a^{{u}} \ln a$."),
    _buggy("log_base_without_ln", "log_base", "log_b u differentiated as ln u",
           lambda node, ctx, derivs: 1 / _log_arg(node),
           r"You differentiated ${f}$ as if it were $\ln$: a logarithm to base ${b}$ is "
           r"$\frac{{\ln u}}{{\ln {b}}}$, so the $\ln {b}$ stays in the denominator of the derivative."),
    _buggy("constant_as_itself", "constant", "a constant differentiated to itself",
           lambda node, ctx, derivs: node,
           r"You kept the constant ${f}$ in the derivative: a constant does not change, so its "
           r"derivative is $0$.",
           applies=lambda node, ctx: node != 0),
    _buggy("held_constant_differentiated", "held_constant", "partial derivative of the other variable",
           lambda node, ctx, derivs: _as_if_varying(node, ctx),
           r"In ${d}$ the other variables are held constant, so ${d}\left({f}\right) = 0$; you "
           r"differentiated it as if {held} changed with ${x}$."),
    _buggy("held_factor_differentiated", "constant_multiple", "partial derivative of the other variable",
           _held_factor,
           r"In ${d}$ every variable but ${x}$ is held constant, so a factor made of the others "
           r"({held}) is a constant and stays as it is, ${d}\left(c\,g\right) = c\,{d} g$; you "
           r"differentiated that factor as if {held} changed with ${x}$.",
           applies=_has_other_variables),
    _buggy("variable_exponent_as_power", "log_diff", "power rule with a variable exponent",
           lambda node, ctx, derivs: node.exp * node.base ** (node.exp - 1) * derivs[0],
           r"You used the power rule on ${f}$, but its exponent changes with ${x}$ too: write "
           r"$y = u^{{v}}$, take logarithms, $\ln y = v \ln u$, and differentiate both sides "
           r"(logarithmic differentiation)."),
    _buggy("variable_exponent_as_exponential", "log_diff", "a^u rule with a variable base",
           lambda node, ctx, derivs: node * sp.log(node.base) * derivs[1],
           r"You treated ${f}$ as an exponential $a^{{u}}$, but its base changes with ${x}$ too: "
           r"use logarithmic differentiation, $\left(u^{{v}}\right)' = u^{{v}} \left(v' \ln u + "
           r"\frac{{v u'}}{{u}}\right)$."),
]


def _log_arg(node: Expr) -> Expr:
    """The argument u of log(u)/log(b)."""
    return next(a for a in node.args if isinstance(a, sp.log)).args[0]


BUGGY_BY_ID: dict[str, Rule] = {r.id: r for r in BUGGY_RULES}

TWINS: dict[str, list[Rule]] = {}
for _rule in BUGGY_RULES:
    TWINS.setdefault(_rule.twin, []).append(_rule)
