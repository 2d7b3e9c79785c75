"""Integer variables: names a question declares as whole numbers (n, k), each with a range.

A declaration maps each name to its least value (`{"n": 0}` is n = 0, 1, 2, …; None
lets it be any integer). The variable's SymPy symbol carries the range as assumptions
(integer, and nonnegative or positive), so the parser's `n` and a question's `n` are
the same symbol, and `n!`, `binomial(n, k)` and `(-1)^n` are read only for such names.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

import sympy as sp

#: name -> least value (None: no lower bound)
Ranges = dict[str, int | None]


@functools.lru_cache(maxsize=256)
def integer_symbol(name: str, low: int | None = 0) -> sp.Symbol:
    """The canonical symbol of an integer variable whose values start at `low`."""
    if low is None or low < 0:
        return sp.Symbol(name, integer=True)
    if low == 0:
        return sp.Symbol(name, integer=True, nonnegative=True)
    return sp.Symbol(name, integer=True, positive=True)


def ranges(integers: Mapping[str, int | None] | Iterable[str] | None) -> Ranges:
    """A declaration in normal form: a mapping, or names alone (each from 0)."""
    if not integers:
        return {}
    if isinstance(integers, str):
        integers = [v for v in integers.replace(",", " ").split() if v]
    if isinstance(integers, Mapping):
        return {str(k): (None if v is None else int(v)) for k, v in integers.items()}
    return {str(name): 0 for name in integers}


def declared_in(*exprs: sp.Basic) -> Ranges:
    """The integer variables of SymPy objects, read from their symbols' assumptions."""
    found: Ranges = {}
    for expr in exprs:
        for s in getattr(expr, "free_symbols", ()):
            if isinstance(s, sp.Symbol) and s.is_integer:
                low = 1 if s.is_positive else 0 if s.is_nonnegative else None
                found.setdefault(s.name, low)
    return found


def is_integer_valued(value: sp.Expr, integers: Ranges) -> bool:
    """An expression in declared integer variables that is a whole number for all of them
    ((n + 1), 2n + 1, n - k), as a factorial needs."""
    names = {s.name for s in value.free_symbols}
    return bool(names) and names <= set(integers) and value.is_integer is True
