"""The readable form of a derivative, at about the cost of computing it.

`derive.tidy` tries three rewrites (common factors out, one fraction, powers combined)
and keeps one only when it is clearly shorter; most derivatives of course functions
come back unchanged, and weighing the candidates costs more than the derivative.
`readable` first looks at the tree once for what each rewrite needs (an Add whose
terms share a factor, a fraction inside a sum, a product with a repeated base) and
calls `derive.tidy` only when one is there, so the form shown is derive's form and
the rule for it lives in one place. Results are kept in SymPy's cache (cleared with it).
"""

from __future__ import annotations

from math import gcd

import sympy as sp
from sympy.core.cache import cacheit

from mvcalc.math.calculus import derive


def _base(factor: sp.Expr) -> sp.Expr:
    """What a factor is a power of: x for x**3, exp for exp(u) (exp(a)·exp(b) combine)."""
    if factor.is_Pow:
        return factor.base
    if isinstance(factor, sp.exp):
        return sp.E
    return factor


def _factor_saving(add: sp.Add, sizes: dict) -> int:
    """At most how much weight (derive's 4·operations + nodes) taking common factors out saves.

    Each term but one loses each common factor F: its nodes and at most one operation a
    node (5·size(F)); a sum left inside a term then merges with the others, where like
    terms may cancel (at most a whole term). A shared number saves a multiplication only
    in the terms it leaves with a coefficient of ±1, a shared minus sign two nodes a term.
    """
    common: dict | None = None  # base -> the largest factor with that base (x for x, x², x³)
    coefficients = []
    for term in add.args:
        coeff, rest = term.as_coeff_Mul()
        coefficients.append(coeff)
        factors = {(f.base if f.is_Pow else f): _size(f, sizes) for f in sp.Mul.make_args(rest) if not f.is_Number}
        if common is None:
            common = factors
        else:
            common = {b: max(n, factors[b]) for b, n in common.items() if b in factors}
    saving = (len(add.args) - 1) * sum(5 * n for n in (common or {}).values())
    if common and any(f.is_Add for term in add.args for f in sp.Mul.make_args(term)):
        # the sums left behind merge with the other terms, and like terms may cancel
        saving += 5 * max(_size(term, sizes) for term in add.args)
    if all(c.is_Rational for c in coefficients):
        content = sp.Rational(gcd(*(int(c.p) for c in coefficients)), sp.ilcm(*(int(c.q) for c in coefficients)))
        if content != 1:
            saving += 5 * sum(1 for c in coefficients if abs(c) == content)
    if all(c.is_negative for c in coefficients):
        saving += 2 * len(coefficients)
    return saving


def _size(expr: sp.Expr, sizes: dict) -> int:
    got = sizes.get(expr)
    if got is None:
        got = sizes[expr] = 1 + sum(_size(a, sizes) for a in expr.args)
    return got


def _is_quotient(node: sp.Expr) -> bool:
    return node.is_Pow and node.exp.is_negative and not node.base.is_Number


def _fraction_inside(add: sp.Add) -> bool:
    """Is there a quotient inside the sum (what bringing it over one denominator shortens)?"""
    return any(_is_quotient(node) for node in sp.preorder_traversal(add))


def _sum_over(mul: sp.Mul) -> bool:
    """A sum over a denominator, (u + v)/w: one fraction whose top may share factors with w."""
    return any(f.is_Add for f in mul.args) and any(_is_quotient(f) for f in mul.args)


def _repeated_base(mul: sp.Mul) -> bool:
    """x·x², exp(a)·exp(b), or a number times one sum (what powsimp's rebuild combines)."""
    seen = set()
    for f in mul.args:
        if f.is_Number:
            continue
        b = _base(f)
        if b in seen:
            return True
        seen.add(b)
    return len(mul.args) == 2 and mul.args[0].is_Number and mul.args[1].is_Add


def could_tidy(expr: sp.Expr) -> bool:
    """Could `derive.tidy` change `expr`? False only when none of its rewrites can win.

    derive keeps a rewrite only when it weighs at most three quarters of the original, so
    common factors are worth taking out only when they can save a quarter of a lower bound
    of that weight (every sum's additions and every function counted, the rest not).
    """
    if not isinstance(expr, sp.Expr) or expr.is_Atom:
        return False
    nodes = list(sp.preorder_traversal(expr))
    if any(_is_quotient(n) for n in nodes):
        if any(n.is_Add and _fraction_inside(n) or n.is_Mul and _sum_over(n) for n in nodes):
            return True
    if any(n.is_Mul and _repeated_base(n) for n in nodes):
        return True
    sizes: dict = {}
    operations = sum(len(n.args) - 1 if n.is_Add else 1 for n in nodes if n.is_Add or n.is_Function)
    floor = 4 * operations + len(nodes)
    saving = sum(_factor_saving(n, sizes) for n in nodes if n.is_Add)
    return 4 * saving >= floor


@cacheit
def readable(expr: sp.Expr) -> sp.Expr:
    """`derive.tidy(expr)`, skipped when `could_tidy` finds nothing for it to do."""
    return derive.tidy(expr) if could_tidy(expr) else expr
