"""One read-only walk over a SymPy tree before anything computes with it.

Checking may be handed any SymPy object, not only what the parser built, and
SymPy evaluates eagerly (`Pow(10, 10**10, evaluate=False) - 1` never returns).
So before the checker touches a tree it surveys it, without building anything:
its size, depth and largest integer (refused beyond the limits below), whether
`numeric.py` can evaluate every node, and whether it holds floating-point numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from mvcalc.math.numeric import evaluable

MAX_NODES = 10_000
MAX_DEPTH = 200
MAX_INTEGER_BITS = 14_000  # about 4 200 digits: Python will still print it


@dataclass(frozen=True)
class Survey:
    """What the checker needs to know about a tree before it computes with it.

    `problem` is "" when the tree can be checked, else why not (in words for a
    learner); `numeric`: every node can be evaluated by numeric.py; `inexact`:
    it holds a floating-point number; `names`: the names of its free symbols.
    """

    problem: str = ""
    numeric: bool = True
    inexact: bool = False
    names: frozenset[str] = frozenset()


def _evaluable(node: sp.Basic) -> bool:
    if not isinstance(node, sp.Expr):  # Tuple inside Integral, Derivative, ...
        return False
    if node.is_Symbol or node.is_Number or node.is_NumberSymbol or node is sp.I:
        return True
    if node.is_Add or node.is_Mul or node.is_Pow:
        return True
    if isinstance(node, sp.Function):
        if node.func in (sp.Max, sp.Min):
            return True
        return evaluable(node)
    return False


def _too_large(node: sp.Basic) -> bool:
    if node.is_Rational:
        return max(int(node.p).bit_length(), int(node.q).bit_length()) > MAX_INTEGER_BITS
    return False


def survey(expr: sp.Basic) -> Survey:
    """Walk `expr` once (iteratively, so depth cannot overflow the stack)."""
    if not isinstance(expr, sp.Expr):
        kind = type(expr).__name__
        article = "an" if kind[:1].lower() in "aeiou" else "a"
        return Survey(problem=f"{article} {kind} is not an expression that can be checked")
    numeric, inexact = True, False
    names: set[str] = set()
    stack: list[tuple[sp.Basic, int]] = [(expr, 1)]
    nodes = 0
    while stack:
        node, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            return Survey(problem=f"it has more than {MAX_NODES} parts")
        if depth > MAX_DEPTH:
            return Survey(problem=f"it is nested more than {MAX_DEPTH} levels deep")
        if node.is_Symbol:
            names.add(node.name)
        elif node.is_Float:
            inexact = True
        elif _too_large(node):
            return Survey(problem=f"it contains a number with more than {MAX_INTEGER_BITS} bits")
        if not _evaluable(node):
            numeric = False
        stack.extend((arg, depth + 1) for arg in node.args)
    return Survey(numeric=numeric, inexact=inexact, names=frozenset(names))
