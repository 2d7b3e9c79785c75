"""The families behind Jacobian and Hessian questions: answer, working and mistakes from the engine.

The reference matrix comes from `mvcalc.math.multivariate.matrices` (jacobian, hessian),
the structural mistakes (transposed, mixed partials left out, …) from its
`buggy_jacobians`/`buggy_hessians`, and the entry-level mistakes from the
buggy differentiation rules (`buggy_derivatives`) applied to one entry.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

import sympy as sp

from mvcalc.exercises.bank._common import (
    distinct_mistakes,
    num,
    question,
    rng_for,
    symbol,
    tex,
    text,
)
from mvcalc.exercises.model import Meta, Question
from mvcalc.exercises.registry import Generator
from mvcalc.math.calculus.misconception import Misconception

ENTRY_SITES = 3  # entries that get a buggy derivative each (keeps generation fast)


def _point_latex(variables: Sequence[sp.Symbol], point: dict) -> str:
    return "(" + ", ".join(f"{tex(v)} = {tex(point[v])}" for v in variables) + ")"


def _entry_mistakes(result, at: dict | None) -> list[Misconception]:
    """One entry of the matrix differentiated with one buggy rule, the rest right."""
    from mvcalc.math.diagnose import buggy_derivatives

    value = result.value
    out: list[Misconception] = []
    rng = random.Random(str(value))
    entries = [e for e in result.entries if e.row <= e.col or result.kind != "hessian"]
    for entry in rng.sample(entries, min(ENTRY_SITES, len(entries))):
        source = entry.function
        for var in entry.wrt[:-1]:
            source = sp.diff(source, var)
        for m in buggy_derivatives(source, entry.wrt[-1])[:2]:
            wrong = m.answer.subs(at) if at else m.answer
            cells = [list(value.row(i)) for i in range(value.rows)]
            cells[entry.row][entry.col] = wrong
            out.append(
                Misconception(
                    m.rule,
                    sp.ImmutableMatrix(cells),
                    f"Entry ${entry.latex_label}$: {m.message}",
                    m.where,
                )
            )
    return out


def _structural(result, functions, variables, at) -> list[Misconception]:
    """The engine's structural buggy rules (transposed, mixed partials left out, …) applied.

    Same table as `buggy_jacobians`/`buggy_hessians`; duplicates and right answers are
    dropped afterwards by a numeric fingerprint instead of `simplify`, to keep generation fast.
    """
    from mvcalc.math.multivariate import jacobian
    from mvcalc.math.multivariate.buggy import HESSIAN_RULES, JACOBIAN_RULES

    value = result.value
    if result.kind == "hessian":
        first = jacobian(functions, variables, at=at).value
        bent = [(rule, bend(value, first), message) for rule, bend, message in HESSIAN_RULES]
    else:
        bent = [(rule, bend(value), message) for rule, bend, message in JACOBIAN_RULES]
    return [Misconception(rule, sp.ImmutableMatrix(m), message) for rule, m, message in bent if m is not None]


def _working(result, at: dict | None) -> str:
    lines = []
    for entry in result.entries:
        line = f"- ${entry.latex_label} = {tex(entry.expr)}$"
        if at:
            line += f", which is ${tex(entry.value)}$ at the point"
        lines.append(line)
    return "\n".join(lines)


Build = Callable[[random.Random], tuple]


def matrix_generator(meta: dict, build: Build, what: str = "jacobian") -> Generator:
    """Jacobian or Hessian questions.

    `build(rng)` returns (functions, variable names, point or None, prompt[, function names]); the
    prompt may use {J} for the matrix's symbol. With a point, the answer is the
    matrix's exact value there (numbers only).
    """
    info = Meta.from_dict({**meta, "kind": meta.get("kind", "matrix")})

    def make(seed: int) -> Question:
        from mvcalc.math.multivariate import hessian, jacobian

        rng = rng_for(info.id, seed)
        functions, names, point, prompt, *rest = build(rng)
        labels = rest[0] if rest else None
        variables = [symbol(n) for n in names]
        at = {v: num(point[i]) for i, v in enumerate(variables)} if point else None
        if what == "jacobian":
            result = jacobian(functions, variables, at=at, names=labels)
        else:
            result = hessian(functions, variables, at=at)
        answer = sp.ImmutableMatrix(result.value)
        learner_vars = [] if at else list(names)

        def mistakes() -> list[Misconception]:
            structural = _structural(result, functions, variables, at)
            return distinct_mistakes(answer, list(structural) + _entry_mistakes(result, at), learner_vars)

        where = f" at ${_point_latex(variables, at)}$" if at else ""
        if what == "jacobian":
            hints = [
                "One row per function, one column per variable (in the order given).",
                r"$J_{ij} = \partial f_i / \partial x_j$: differentiate function $i$ with respect to "
                r"variable $j$, holding the other variables constant.",
                f"The first entry is ${result.entries[0].latex_label} = {tex(result.entries[0].expr)}$.",
            ]
        else:
            hints = [
                "The Hessian holds every second partial derivative: differentiate the Jacobian again.",
                r"$H_{ij} = \dfrac{\partial^2 f}{\partial x_i\,\partial x_j}$; it is symmetric, so the "
                "mixed partials agree.",
                f"The first entry is ${result.entries[0].latex_label} = {tex(result.entries[0].expr)}$.",
            ]
        if at:
            hints.append("Differentiate first, then substitute the point.")
        kind = "vector" if 1 in answer.shape else "matrix"
        return question(
            kind,
            prompt + where + ".",
            answer,
            variables=learner_vars,
            buggy=mistakes,
            hints=hints,
            solution=_working(result, at) + f"\n\nSo the answer is ${tex(answer)}$.",
            data={
                "what": what,
                "functions": [text(f) for f in functions] if isinstance(functions, list) else [text(functions)],
                "variables": list(names),
                "at": [text(p) for p in at.values()] if at else None,
            },
            input_help=(
                "a row vector as [a, b, c]" if kind == "vector" else "a matrix row by row: [[a, b], [c, d]]"
            ),
        )

    return Generator(info, make)


def flist(functions: Sequence[sp.Expr], names: Sequence[str] = ("f",)) -> str:
    """`f(x, y) = …` or several functions, as LaTeX for a prompt."""
    return ",\\quad ".join(f"{n} = {tex(f)}" for n, f in zip(names, functions, strict=True))
