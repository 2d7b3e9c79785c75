"""Derivatives at a point from the function as a polynomial in its kernels.

Differentiating tan x, 1/(1 + x²) or eˣ sin x again and again grows a tree a step at a
time, and SymPy rebuilds (and asks assumptions of) every node of it each step. Yet each of
these is a polynomial in a few kernels — x, tan x, (1 + x²)⁻¹, eˣ, sin x, cos x, constants
such as π — whose derivatives are polynomials in the same kernels (tan′ = 1 + tan²,
((1 + x²)⁻¹)′ = −2x·((1 + x²)⁻¹)²). In SymPy's sparse polynomial ring a derivative is then
arithmetic on rational coefficients, and its value at the point is the polynomial at the
kernels' values there. Functions that are not such a polynomial return None (the caller
differentiates as before), and so does a point where a kernel is not finite and real.
"""

from __future__ import annotations

import sympy as sp
from sympy.polys.rings import PolyRing

# kernels that keep producing new ones (|x|, sign x, δ(x), δ′(x), ...) are left to SymPy's diff
MAX_KERNELS = 12


class _NotPolynomial(Exception):
    """The expression is not a polynomial in kernels with rational coefficients."""


def _power(node: sp.Pow) -> tuple[sp.Expr, int] | None:
    """b**(p/q) as (kernel, power): b**(1/q) or b**(-1/q) to the |p|; None for b**n, n ≥ 0 whole."""
    p, q = node.exp.p, node.exp.q
    if q == 1 and p >= 0:
        return None
    return sp.Pow(node.base, sp.Rational(1 if p > 0 else -1, q)), abs(p)


def _kernels(expr: sp.Expr, x: sp.Symbol, found: dict) -> None:
    """Add to `found` (kernel -> None, in order) the kernels `expr` is a polynomial in."""
    stack = [expr]
    while stack:
        node = stack.pop()
        if node.is_Rational:
            continue
        if node == x or not node.has(x):
            if node.is_Float or node.has(sp.Float):
                raise _NotPolynomial
            found.setdefault(node, None)
        elif node.is_Add or node.is_Mul:
            stack.extend(node.args)
        elif node.is_Pow and node.exp.is_Rational:
            kernel = _power(node)
            if kernel is None:
                stack.append(node.base)
            else:
                found.setdefault(kernel[0], None)
        elif node.is_Function or node.is_Pow:
            found.setdefault(node, None)
        else:
            raise _NotPolynomial


def _element(expr: sp.Expr, ring: PolyRing, gens: dict):
    """`expr` as an element of the ring whose generators stand for the kernels."""
    if expr.is_Rational:
        return ring(expr)
    if expr in gens:
        return gens[expr]
    if expr.is_Add:
        return sum((_element(a, ring, gens) for a in expr.args), ring.zero)
    if expr.is_Mul:
        out = ring.one
        for a in expr.args:
            out *= _element(a, ring, gens)
        return out
    if expr.is_Pow and expr.exp.is_Rational:
        kernel = _power(expr)
        if kernel is None:
            return _element(expr.base, ring, gens) ** int(expr.exp)
        return gens[kernel[0]] ** kernel[1]
    raise _NotPolynomial


def kernel_derivatives(expr: sp.Expr, x: sp.Symbol, a: sp.Expr, order: int) -> list[sp.Expr] | None:
    """[f(a), f′(a), …, f⁽ⁿ⁾(a)] through f as a polynomial in its kernels, or None.

    None when f is not such a polynomial (a float in it, an unknown kind of node, kernels
    that keep producing new ones) or a kernel is not finite and real at a: then nothing
    here says why, and the caller's own differentiation finds the singularity.
    """
    found: dict = {x: None}
    try:
        _kernels(expr, x, found)
        done = 0
        rates = {}
        while done < len(found):
            kernel = list(found)[done]
            rates[kernel] = sp.diff(kernel, x)
            _kernels(rates[kernel], x, found)
            done += 1
            if len(found) > MAX_KERNELS:
                return None
        kernels = list(found)
        values = [k.subs(x, a) for k in kernels]
        if not all(v.is_extended_real is True and v.is_finite is True for v in values):
            return None
        ring = PolyRing([sp.Dummy() for _ in kernels], sp.QQ)
        gens = dict(zip(kernels, ring.gens, strict=True))
        current = _element(expr, ring, gens)
        chain = [(g, _element(rates[k], ring, gens)) for k, g in gens.items()]
    except _NotPolynomial:
        return None
    chain = [(g, rate) for g, rate in chain if rate]
    out = [current.as_expr(*values)]
    for _ in range(order):
        current = sum((current.diff(g) * rate for g, rate in chain), ring.zero)
        out.append(current.as_expr(*values))
    return out
