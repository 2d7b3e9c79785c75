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


def _shares_a_factor(add: sp.Add) -> bool:
    """Do the terms of a sum have a common factor or common numeric content (what factor_terms takes out)?"""
    common: set | None = None
    numerators, signs = 0, set()
    for term in add.args:
        coeff, rest = term.as_coeff_Mul()
        signs.add(coeff.is_negative)
        if coeff.is_Rational:
            numerators = gcd(numerators, int(coeff.p))
            if coeff.q != 1:
                return True  # x/2 + y/2: a rational content
        bases = {_base(f) for f in sp.Mul.make_args(rest) if not f.is_Number}
        common = bases if common is None else common & bases
        if not common and numerators == 1 and len(signs) > 1:
            return False
    return bool(common) or numerators > 1 or signs == {True}


def _fraction_inside(add: sp.Add) -> bool:
    """Is there a quotient inside the sum (what bringing it over one denominator shortens)?"""
    for node in sp.preorder_traversal(add):
        if node.is_Pow and node.exp.is_negative and not node.base.is_Number:
            return True
    return False


def _repeated_base(mul: sp.Mul) -> bool:
    """x·x², exp(a)·exp(b), or a number times a sum (what powsimp's rebuild combines)."""
    seen = set()
    has_number = has_add = False
    for f in mul.args:
        if f.is_Number:
            has_number = True
            continue
        has_add = has_add or f.is_Add
        b = _base(f)
        if b in seen:
            return True
        seen.add(b)
    return has_number and has_add


def could_tidy(expr: sp.Expr) -> bool:
    """Could `derive.tidy` change `expr`? False only when none of its rewrites has anything to act on."""
    if not isinstance(expr, sp.Expr) or expr.is_Atom:
        return False
    quotient = any(n.is_Pow and n.exp.is_negative and not n.base.is_Number for n in sp.preorder_traversal(expr))
    for node in sp.preorder_traversal(expr):
        if node.is_Add and (_shares_a_factor(node) or quotient and _fraction_inside(node)):
            return True
        if node.is_Mul and _repeated_base(node):
            return True
    return False


@cacheit
def readable(expr: sp.Expr) -> sp.Expr:
    """`derive.tidy(expr)`, skipped when `could_tidy` finds nothing for it to do."""
    return derive.tidy(expr) if could_tidy(expr) else expr
