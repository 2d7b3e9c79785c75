"""The family behind every "differentiate this" question: answer, steps and mistakes from the engine.

`derivative_generator(meta, build)` turns a function that draws an expression
into a generator: the reference answer and the worked solution come from
`mvcalc.math.calculus.derive.derivative`, the buggy answers from
`mvcalc.math.diagnose.buggy_derivatives` (the buggy rules of the same table;
worked out only when an answer is diagnosed, see `Question.buggy`), the hints
from the rule used first.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import sympy as sp

from mvcalc.exercises.bank._common import (
    distinct_mistakes,
    distinct_numbers,
    question,
    rng_for,
    symbol,
    tex,
    text,
)
from mvcalc.exercises.model import Meta, Question
from mvcalc.exercises.registry import Generator
from mvcalc.math.calculus.misconception import Misconception

# The rule a learner should reach for first, by the shape of the expression:
# (name, statement in LaTeX).
RULES = {
    "sum": ("the sum rule", r"\frac{d}{dx}\left(u + v\right) = u' + v'"),
    "constant_multiple": ("the constant-multiple rule", r"\frac{d}{dx}\left(c\,u\right) = c\,u'"),
    "product": ("the product rule", r"\frac{d}{dx}\left(u v\right) = u' v + u v'"),
    "quotient": (
        "the quotient rule (or the product rule with $v^{-1}$)",
        r"\frac{d}{dx}\frac{u}{v} = \frac{u' v - u v'}{v^2}",
    ),
    "chain": ("the chain rule", r"\frac{d}{dx} f(g(x)) = f'(g(x))\,g'(x)"),
    "power": ("the power rule", r"\frac{d}{dx} x^n = n x^{n-1}"),
    "exp": ("the exponential rule", r"\frac{d}{dx} e^x = e^x"),
    "log": ("the logarithm rule", r"\frac{d}{dx} \ln x = \frac{1}{x}"),
    "trig": ("the derivatives of sine and cosine", r"\frac{d}{dx}\sin x = \cos x,\quad \frac{d}{dx}\cos x = -\sin x"),
    "function": ("the table of standard derivatives", r"\frac{d}{dx}\tan x = \sec^2 x"),
    "constant": ("the constant rule", r"\frac{d}{dx} c = 0"),
}


def first_rule(expr: sp.Expr, x: sp.Symbol) -> str:
    """The rule that applies at the top of `expr` (as seen when differentiating in x)."""
    if not expr.has(x):
        return "constant"
    if expr.is_Add:
        return "sum"
    if expr.is_Mul:
        factors = [f for f in expr.args if f.has(x)]
        if len(factors) < len(expr.args) and len(factors) == 1:
            return "constant_multiple"
        if any(f.is_Pow and f.exp.is_negative and f.base.has(x) and f.base != x for f in factors):
            return "quotient"
        return "product"
    if expr.is_Pow:
        base, exponent = expr.args
        if exponent.has(x):
            return "exp" if base == sp.E and exponent == x else "chain"
        return "power" if base == x else "chain"
    if isinstance(expr, sp.Function):
        if expr.args[0] != x:
            return "chain"
        if isinstance(expr, sp.exp):
            return "exp"
        if isinstance(expr, sp.log):
            return "log"
        if isinstance(expr, sp.sin | sp.cos):
            return "trig"
        return "function"
    return "power"


def _flatten(steps, depth: int = 0, limit: int = 14) -> list:
    out = []
    for step in steps:
        if len(out) >= limit:
            break
        out.append((depth, step))
        out.extend(_flatten(getattr(step, "substeps", ()) or (), depth + 1, limit - len(out)))
    return out[:limit]


def _explanation(step) -> str:
    """The step's explanation for Markdown: its maths as $…$ LaTeX (e, π, fractions as the course
    writes them), never the plain-text printer's `exp(x)`, `pi`, `x^(1/2)` inside prose."""
    from mvcalc.math.calculus.derivation_view import explain

    entry = getattr(step, "entry", None)
    if entry is None:
        return getattr(step, "explanation", "")
    return explain(step, entry, latex=True)


def _operator(step, var) -> str:
    """d/dx, ∂/∂x in a partial derivative, or d/d(u) for the outer step of a chain rule, as LaTeX."""
    if not var.is_Symbol:
        return rf"\frac{{d}}{{d\left({tex(var)}\right)}}"
    d = r"\partial" if getattr(getattr(step, "ctx", None), "partial", False) else "d"
    return rf"\frac{{{d}}}{{{d} {tex(var)}}}"


def _step_line(step, x: sp.Symbol, depth: int) -> str:
    name = getattr(step, "name", "") or str(getattr(step, "rule", ""))
    explanation = _explanation(step)
    var = getattr(step, "var", None)
    var = x if var is None else var
    expr, result = getattr(step, "expr", None), getattr(step, "result", None)
    maths = ""
    if expr is not None and result is not None:
        maths = rf": ${_operator(step, var)}\left({tex(expr)}\right) = {tex(result)}$"
    words = f"{name}, {explanation}" if explanation else name
    return "  " * depth + f"- {words[0].upper()}{words[1:]}{maths}"


def worked_solution(derivation, x: sp.Symbol, final: str) -> str:
    """The engine's steps as a Markdown list, then the answer."""
    lines = [_step_line(step, x, depth) for depth, step in _flatten(derivation.steps)]
    return "\n".join(lines + ["", final])


ENGINE_RULES = {"ln": "log", "log": "log", "sin": "trig", "cos": "trig"}


def derivative_hints(expr: sp.Expr, x: sp.Symbol, derivation) -> list[str]:
    """Nudge (which rule), the rule itself, then the engine's first step without its result."""
    key = first_rule(expr, x)
    if derivation.steps:
        engine_rule = str(getattr(derivation.steps[0], "rule", ""))
        key = engine_rule if engine_rule in RULES else ENGINE_RULES.get(engine_rule, key)
    name, statement = RULES[key]
    hints = [
        f"Look at the outermost operation in ${tex(expr)}$: which rule handles it? Try {name}.",
        f"{name[0].upper()}{name[1:]}: ${statement}$.",
    ]
    if derivation.steps:
        hints.append(_first_step_hint(derivation.steps[0], x))
    return hints


def _first_step_hint(step, x: sp.Symbol) -> str:
    """What the first step does and the pieces it needs, but not the assembled answer."""
    name = getattr(step, "name", "") or str(getattr(step, "rule", ""))
    explanation = _explanation(step)
    words = f"{name}, {explanation}" if explanation else name
    parts = []
    for sub in getattr(step, "substeps", ()) or ():
        var = getattr(sub, "var", None)
        var = x if var is None else var
        parts.append(rf"${_operator(sub, var)}\left({tex(sub.expr)}\right) = {tex(sub.result)}$")
    text = f"First step: {words[0].upper()}{words[1:]}."
    if parts:
        text += " The pieces you need: " + "; ".join(parts) + ". Now put them together."
    return text


def engine_derivative(expr: sp.Expr, x: sp.Symbol, order: int = 1):
    """The Derivation from the calculus engine (answer, steps)."""
    from mvcalc.math.calculus.derive import derivative

    return derivative(expr, x, order)


def engine_mistakes(expr: sp.Expr, x: sp.Symbol, order: int = 1) -> list[Misconception]:
    """The buggy answers of the engine's buggy rules (the costly part: called only to diagnose);
    for order n, a mistake in any of the n differentiations, and stopping one early."""
    from mvcalc.math.diagnose import buggy_derivatives

    return list(buggy_derivatives(expr, x, order=order))


Builder = Callable[[random.Random], sp.Expr]


def derivative_generator(
    meta: dict,
    build: Builder,
    *,
    var: str = "x",
    order: int = 1,
    prompt: str = "Differentiate $f({x}) = {f}$ with respect to ${x}$.",
    at: Callable[[random.Random], sp.Expr] | None = None,
    tolerance: float | None = None,
    variables: list[str] | None = None,
    name: str | None = None,
) -> Generator:
    """A generator of derivative questions (an expression, or a number when `at` picks a point)."""
    info = Meta.from_dict({**meta, "kind": "number" if at else "expression"})
    x = symbol(var)

    def make(seed: int) -> Question:
        rng = rng_for(info.id, seed)
        f = build(rng)
        derivation = engine_derivative(f, x, order)
        result = derivation.result
        prime = "'" * order if order < 3 else f"^{{({order})}}"
        text_prompt = prompt.format(x=tex(x), f=tex(f))
        names = variables or [var]
        if at is None:
            label = name or f"f{prime}({tex(x)})"
            final = f"So ${label} = {tex(result)}$."
            return question(
                "expression",
                text_prompt,
                result,
                variables=names,
                buggy=lambda: distinct_mistakes(result, engine_mistakes(f, x, order), names),
                data={"f": text(f), "wrt": var, "order": order},
                hints=derivative_hints(f, x, derivation),
                solution=lambda: worked_solution(derivation, x, final),
            )
        point = at(rng)
        value = result.subs(x, point)

        def wrong() -> list[Misconception]:
            at_point = [Misconception(m.rule, m.answer.subs(x, point), m.message) for m in engine_mistakes(f, x, order)]
            return distinct_numbers(value, [m for m in at_point if _real(m.answer)], tolerance=tolerance)

        final = (
            f"So $f{prime}({tex(x)}) = {tex(result)}$ and $f{prime}({tex(point)}) = {tex(value)}"
            rf" \approx {float(value):.4g}$."
        )
        note = f" Give the value to within ±{tolerance:g}." if tolerance else " Give the exact value."
        return question(
            "number",
            text_prompt + f" Then find $f{prime}({tex(point)})$." + note,
            value,
            tolerance=tolerance,
            data={"f": text(f), "wrt": var, "order": order, "at": text(point)},
            buggy=wrong,
            hints=derivative_hints(f, x, derivation)
            + [f"Substitute ${tex(x)} = {tex(point)}$ into ${tex(result)}$."],
            solution=lambda: worked_solution(derivation, x, final),
        )

    return Generator(info, make)


def _real(value) -> bool:
    try:
        number = complex(sp.N(value))
    except (TypeError, ValueError):
        return False
    return number.imag == 0 and number.real == number.real
