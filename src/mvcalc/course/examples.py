"""Worked examples: recompute what a lesson claims with the engine, and show the engine's steps.

`work(example)` parses the example's formula with the learner-input parser,
computes the derivative / partial / gradient / Jacobian / Hessian / Taylor
polynomial / value, derives step by step where the engine can, and compares the
lesson's claimed `result` with `mvcalc.math.check.compare.equivalent`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from mvcalc.course.model import Example

NOTATION = {
    "derivative": r"\frac{{d{order}}}{{d{wrt}{power}}}",
    "partial": r"\frac{{\partial{order}}}{{\partial {wrt}{power}}}",
}


class ExampleError(ValueError):
    """An example the engine cannot compute (bad formula, wrong shape)."""


@dataclass(frozen=True)
class Worked:
    """An example as the engine computed it, ready for a page or a test."""

    example: Example
    expr: sp.Basic
    value: sp.Basic
    claimed: sp.Basic
    agrees: bool | None
    question_latex: str
    value_latex: str
    steps: list[dict[str, Any]] = field(default_factory=list)


def _parse(text: str, variables: list[str] | None) -> sp.Basic:
    from mvcalc.math.input.reader import InputError, parse

    try:
        return parse(text, variables)
    except InputError as exc:
        raise ExampleError(f"cannot read `{text}`: {exc.message}") from None


def _symbols(names: tuple[str, ...]) -> list[sp.Symbol]:
    from mvcalc.math.input.reader import symbol

    return [symbol(n) for n in names]


def _point(example: Example) -> dict[sp.Symbol, sp.Basic]:
    return {_symbols((name,))[0]: _parse(text, []) for name, text in example.at.items()}


def _flatten(expr: sp.Basic) -> list[sp.Basic]:
    return list(expr) if isinstance(expr, sp.MatrixBase) else [expr]


def _steps(expr: sp.Basic, wrt: sp.Symbol, order: int, partial: bool = False, depth_limit: int = 99) -> list[dict[str, Any]]:
    """The engine's derivation of d/d(wrt) expr as a flat list of {rule, explanation, latex, depth}."""
    from mvcalc.math.calculus import derive
    from mvcalc.math.calculus.derivation_view import explain

    d = r"\partial" if partial else "d"
    out: list[dict[str, Any]] = []

    def walk(steps, depth: int) -> None:
        for step in steps:
            out.append(
                {
                    "rule": getattr(step, "rule", ""),
                    "explanation": explain(step, step.entry, latex=True),
                    "latex": rf"\frac{{{d}}}{{{d} {sp.latex(wrt)}}}\left[{sp.latex(step.expr)}\right] = {sp.latex(step.result)}",
                    "depth": depth,
                }
            )
            if depth < depth_limit:
                walk(getattr(step, "substeps", ()) or (), depth + 1)

    walk(derive.derivative(expr, wrt, order).steps, 0)
    return out


def _entry_steps(rows: list[sp.Basic], wrt: list[sp.Symbol]) -> list[dict[str, Any]]:
    """One line per entry of a gradient or Jacobian: the partial derivative and the rule it starts with."""
    return [step for f in rows for x in wrt for step in _steps(f, x, 1, partial=True, depth_limit=0)]


def _compute(example: Example, expr: sp.Basic) -> tuple[sp.Basic, str, list[dict[str, Any]]]:
    """The engine's value, the LaTeX of what is asked, and the steps (for one-variable derivatives)."""
    wrt = _symbols(example.wrt)
    body = sp.latex(expr)
    if example.kind in ("derivative", "partial"):
        if isinstance(expr, sp.MatrixBase):
            raise ExampleError("a derivative example needs a scalar `expr`")
        x, n = wrt[0], example.order
        power = f"^{n}" if n > 1 else ""
        head = NOTATION[example.kind].format(order=power, wrt=sp.latex(x), power=power)
        return sp.diff(expr, x, n), rf"{head}\left[{body}\right]", _steps(expr, x, n, example.kind == "partial")
    if example.kind == "gradient":
        return sp.ImmutableMatrix([[sp.diff(expr, v) for v in wrt]]), rf"\nabla\left[{body}\right]", _entry_steps([expr], wrt)
    if example.kind == "jacobian":
        rows = _flatten(expr)
        return sp.ImmutableMatrix([[sp.diff(f, v) for v in wrt] for f in rows]), rf"J\left[{body}\right]", _entry_steps(rows, wrt)
    if example.kind == "hessian":
        if isinstance(expr, sp.MatrixBase):
            raise ExampleError("a Hessian example needs a scalar `expr`")
        steps = _entry_steps([sp.diff(expr, v) for v in wrt], wrt)
        return sp.ImmutableMatrix(sp.hessian(expr, wrt)), rf"H\left[{body}\right]", steps
    if example.kind == "taylor":
        x = wrt[0]
        a = _point(example).get(x)
        if a is None:
            raise ExampleError(f"a Taylor example needs `at: {{{x}: …}}`")
        text = rf"\text{{Taylor polynomial of order {example.order} of }} {body} \text{{ about }} {sp.latex(x)} = {sp.latex(a)}"
        from mvcalc.math.series import taylor

        return taylor(expr, {x.name: a}, example.order).polynomial, text, []  # the engine's, in powers of (x - a)
    point = _point(example)
    return sp.simplify(expr.subs(point)), body + r"\Big|_{" + ", ".join(
        f"{sp.latex(k)}={sp.latex(v)}" for k, v in point.items()
    ) + "}", []


def work(example: Example, verify: bool = True) -> Worked:
    """Compute `example` with the engine and (if `verify`) compare it with the lesson's claimed result.

    Pages skip the comparison (the test suite makes it for every example in content/).
    """
    variables = list(example.variables) if example.variables is not None else None
    expr = _parse(example.expr, variables)
    value, question, steps = _compute(example, expr)
    if example.at and example.kind not in ("value", "taylor"):
        point = _point(example)
        value = value.subs(point)
        value = value.applyfunc(sp.simplify) if isinstance(value, sp.MatrixBase) else sp.simplify(value)
        question += r"\Big|_{" + ", ".join(f"{sp.latex(k)}={sp.latex(v)}" for k, v in point.items()) + "}"
    claimed = _parse(example.result, variables)
    names = variables if variables is not None else sorted(
        {s.name for s in (value.free_symbols | claimed.free_symbols | expr.free_symbols)}
    )
    agrees = None
    if verify:
        from mvcalc.math.check.compare import equivalent

        agrees = equivalent(value, claimed, names)
    return Worked(example, expr, value, claimed, agrees, question, sp.latex(value), steps)
