"""Helpers every generator uses: seeded randomness, human numbers, text and LaTeX forms.

Parameters are drawn so that the numbers stay human: small non-zero integers,
simple fractions, never a coefficient that makes a rule vanish.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np
import sympy as sp

from mvcalc.exercises.model import Question
from mvcalc.math.calculus.misconception import Misconception
from mvcalc.math.functions import sigmoid
from mvcalc.math.input.integers import declared_in
from mvcalc.math.input.printer import matrix_text, text
from mvcalc.math.input.reader import symbol
from mvcalc.math.numeric import UnsupportedExpression, compile_expr


def symbols(names: str) -> tuple[sp.Symbol, ...]:
    return tuple(symbol(n) for n in names.split())


def rng_for(generator_id: str, seed: int) -> random.Random:
    """A random source that depends only on the generator and the seed."""
    return random.Random(f"{generator_id}/{int(seed)}")


def nonzero(rng: random.Random, lo: int, hi: int, avoid: Sequence[int] = (0,)) -> int:
    """A random integer in [lo, hi] that is not in `avoid` (0 by default)."""
    values = [v for v in range(lo, hi + 1) if v not in avoid]
    return rng.choice(values)


def coefficient(rng: random.Random, lo: int = 2, hi: int = 5, signed: bool = True) -> int:
    """A coefficient of size lo..hi, random sign if `signed` (never 0 or ±1)."""
    value = rng.randint(lo, hi)
    return -value if signed and rng.random() < 0.5 else value


def tex(value) -> str:
    """LaTeX of a SymPy value (matrices with square brackets, arctan rather than SymPy's atan)."""
    return sp.latex(value, mat_delim="[", mat_str="matrix", inv_trig_style="full")


def paren(value) -> str:
    """LaTeX of a number substituted after an operator: bracketed only when negative
    (`3 - (-2)`, `3 - 15`, never `3 - (15)`)."""
    if isinstance(value, str):
        raise TypeError("paren takes a number the generator made, never text")
    number = value if isinstance(value, sp.Basic) else sp.Number(value)
    shown = tex(number)
    return f"({shown})" if number.is_negative else shown


def number_text(value) -> str:
    """A number as a learner would type it (fractions stay fractions)."""
    return text(sp.nsimplify(value) if isinstance(value, float) else value)


# ---------------------------------------------------------------- telling answers apart quickly

_SAMPLES = np.array([0.37, 0.83, 1.29, 1.71, 2.33, 0.61, 1.07])
_WHOLE = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 7.0])  # for integer variables


def fingerprint(value, variables: Sequence[str]) -> tuple | None:
    """Values of `value` at fixed sample points: equal fingerprints ⇒ (almost surely) equal values.

    Used only to drop duplicate or accidentally-correct buggy answers when a question is
    generated; grading itself goes through `mvcalc.math.check.compare`.
    """
    entries = list(value) if isinstance(value, sp.MatrixBase) else [value]
    names = list(variables)
    whole = declared_in(value)
    env = {name: _WHOLE + k if name in whole else _SAMPLES + 0.113 * k for k, name in enumerate(names)}
    out = []
    for entry in entries:
        try:
            fn = compile_expr(entry, names)
        except (UnsupportedExpression, TypeError, ValueError):
            return None
        vals = np.broadcast_to(fn(env), _SAMPLES.shape)
        out.extend(round(float(v), 7) if np.isfinite(v) else None for v in vals)
    return tuple(out) + ((value.shape,) if isinstance(value, sp.MatrixBase) else ())


def distinct_mistakes(answer, mistakes: Sequence[Misconception], variables: Sequence[str]) -> list[Misconception]:
    """The mistakes whose answers differ from the right answer and from each other."""
    seen = {fingerprint(answer, variables)}
    kept = []
    for m in mistakes:
        key = fingerprint(m.answer, variables)
        if key is None or key in seen or all(v is None for v in key if not isinstance(v, tuple)):
            continue
        seen.add(key)
        kept.append(m)
    return kept


def distinct_numbers(
    answer, mistakes: Sequence[Misconception], places: int = 6, tolerance: float | None = None
) -> list[Misconception]:
    """Number mistakes whose values differ from the answer and from each other.

    With a `tolerance`, values closer than twice it to the answer or to a kept
    mistake are dropped too (a grader could not tell them apart).
    """
    gap = 2 * tolerance if tolerance else 0.0
    seen = [float(answer)]
    kept = []
    for m in mistakes:
        try:
            value = float(m.answer)
        except (TypeError, ValueError):
            continue
        if value != value or any(round(value, places) == round(s, places) or abs(value - s) <= gap for s in seen):
            continue
        seen.append(value)
        kept.append(m)
    return kept


def num(value) -> sp.Expr:
    """A Python number as a SymPy number (ints exact, floats as Floats); SymPy values unchanged."""
    if isinstance(value, bool):
        return sp.Integer(int(value))
    if isinstance(value, int):
        return sp.Integer(value)
    if isinstance(value, float):
        return sp.Float(value)
    return value


def mistake(rule: str, answer, message: str) -> Misconception:
    """A plausible mistake computed in code (for numbers, choices, counting)."""
    return Misconception(rule, num(answer), message)


def question(kind: str, prompt: str, answer, answer_text: str | None = None, **fields) -> Question:
    """A Question with id and seed filled in later by the registry's Generator."""
    if answer_text is None:
        answer_text = text(answer) if kind in ("expression", "vector", "matrix", "number") else ""
    return Question(id="", seed=0, prompt=prompt, kind=kind, answer=answer, answer_text=answer_text, **fields)


__all__ = [
    "Misconception",
    "coefficient",
    "distinct_mistakes",
    "distinct_numbers",
    "fingerprint",
    "matrix_text",
    "mistake",
    "nonzero",
    "num",
    "number_text",
    "question",
    "rng_for",
    "sigmoid",
    "symbol",
    "symbols",
    "tex",
    "text",
]


def diff(expr: sp.Expr, var: sp.Symbol, order: int = 1) -> sp.Expr:
    """The engine's derivative (mvcalc.math.calculus.derive), the one source of derivatives in questions."""
    from mvcalc.math.calculus.derive import derivative

    return derivative(expr, var, order).result
