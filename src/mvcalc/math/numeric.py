"""Fast numeric evaluation of SymPy expressions, without generating or evaluating code.

`compile_expr(expr, names)` walks the expression tree once and returns a
function of NumPy arrays (vectorised over sample points) built from closures;
`evaluate_mp(expr, values, dps)` evaluates in high precision with mpmath.
Both work on the real line: a value that is not real (sqrt(-1), log(-2)) is NaN.
One table (`FUNCTIONS`) says how each SymPy function is computed in both.
Unlike `lambdify`, nothing here turns text into code, so it is safe on any tree.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import mpmath
import numpy as np
import sympy as sp

from mvcalc.errors import MvcalcError
from mvcalc.math.functions import real_root, sigmoid

Array = np.ndarray
NumpyFn = Callable[[Mapping[str, Array]], Array]


class UnsupportedExpression(MvcalcError):
    """The expression holds something this evaluator cannot compute numerically."""


def _sigmoid_np(x: Array) -> Array:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _np_sec(x: Array) -> Array:
    return 1.0 / np.cos(x)


def _np_csc(x: Array) -> Array:
    return 1.0 / np.sin(x)


def _np_cot(x: Array) -> Array:
    return np.cos(x) / np.sin(x)


def _np_asec(x: Array) -> Array:
    return np.arccos(1.0 / x)


def _np_acsc(x: Array) -> Array:
    return np.arcsin(1.0 / x)


def _np_acot(x: Array) -> Array:
    # SymPy's acot has range (-pi/2, pi/2], i.e. atan(1/x)
    return np.arctan(1.0 / x)


def _np_sech(x: Array) -> Array:
    return 1.0 / np.cosh(x)


def _np_csch(x: Array) -> Array:
    return 1.0 / np.sinh(x)


def _np_coth(x: Array) -> Array:
    return 1.0 / np.tanh(x)


def _np_asech(x: Array) -> Array:
    return np.arccosh(1.0 / x)


def _np_acsch(x: Array) -> Array:
    return np.arcsinh(1.0 / x)


def _np_acoth(x: Array) -> Array:
    return np.arctanh(1.0 / x)


def _np_log(x: Array) -> Array:
    return np.log(x)


def _np_heaviside(x: Array) -> Array:
    return np.heaviside(x, 0.5)


def _mp_sigmoid(x):
    return 1 / (1 + mpmath.exp(-x))


def _factorial(v: float) -> float:
    """Γ(v + 1): v! at whole numbers; NaN at the negative integers, inf beyond 170!."""
    try:
        return math.gamma(v + 1.0)
    except OverflowError:
        return math.inf
    except ValueError:  # a pole (v = -1, -2, …) or NaN
        return math.nan


def _binomial(n: float, k: float) -> float:
    """binomial(n, k) as SymPy defines it: exact for whole n ≥ 0, Γ quotients otherwise."""
    if not (math.isfinite(n) and math.isfinite(k)):
        return math.nan
    if n == int(n) and k == int(k) and n >= 0:
        whole, pick = int(n), int(k)
        if pick < 0 or pick > whole:
            return 0.0
        if min(pick, whole - pick) <= 1000:  # exact and quick; wider ones overflow anyway
            try:
                return float(math.comb(whole, min(pick, whole - pick)))
            except OverflowError:
                return math.inf
    try:
        return float(mpmath.fp.binomial(n, k))
    except (ValueError, ZeroDivisionError, OverflowError, TypeError):
        return math.nan


_np_factorial = np.vectorize(_factorial, otypes=[float])
_np_binomial = np.vectorize(_binomial, otypes=[float])


def _np_real_root(x: Array, n: Array) -> Array:
    return np.sign(x) * np.power(np.abs(x), 1.0 / n)


def _mp_real_root(x, n):
    return mpmath.sign(x) * mpmath.root(abs(x), int(n))


def _mp_heaviside(x):
    return mpmath.mpf(1) if x > 0 else (mpmath.mpf(0) if x < 0 else mpmath.mpf("0.5"))


# SymPy function -> (NumPy version, mpmath version).  One row per function.
FUNCTIONS: dict[type, tuple[Callable, Callable]] = {
    sp.sin: (np.sin, mpmath.sin),
    sp.cos: (np.cos, mpmath.cos),
    sp.tan: (np.tan, mpmath.tan),
    sp.sec: (_np_sec, mpmath.sec),
    sp.csc: (_np_csc, mpmath.csc),
    sp.cot: (_np_cot, mpmath.cot),
    sp.asin: (np.arcsin, mpmath.asin),
    sp.acos: (np.arccos, mpmath.acos),
    sp.atan: (np.arctan, mpmath.atan),
    sp.asec: (_np_asec, mpmath.asec),
    sp.acsc: (_np_acsc, mpmath.acsc),
    sp.acot: (_np_acot, lambda x: mpmath.atan(1 / x)),
    sp.sinh: (np.sinh, mpmath.sinh),
    sp.cosh: (np.cosh, mpmath.cosh),
    sp.tanh: (np.tanh, mpmath.tanh),
    sp.sech: (_np_sech, mpmath.sech),
    sp.csch: (_np_csch, mpmath.csch),
    sp.coth: (_np_coth, mpmath.coth),
    sp.asinh: (np.arcsinh, mpmath.asinh),
    sp.acosh: (np.arccosh, mpmath.acosh),
    sp.atanh: (np.arctanh, mpmath.atanh),
    sp.asech: (_np_asech, mpmath.asech),
    sp.acsch: (_np_acsch, mpmath.acsch),
    sp.acoth: (_np_acoth, mpmath.acoth),
    sp.exp: (np.exp, mpmath.exp),
    sp.log: (_np_log, mpmath.log),
    sp.Abs: (np.abs, abs),
    sp.sign: (np.sign, mpmath.sign),
    sp.Heaviside: (_np_heaviside, _mp_heaviside),
    sp.floor: (np.floor, mpmath.floor),
    sp.ceiling: (np.ceil, mpmath.ceil),
    sigmoid: (_sigmoid_np, _mp_sigmoid),
    sp.factorial: (_np_factorial, mpmath.factorial),
    sp.binomial: (_np_binomial, mpmath.binomial),
    real_root: (_np_real_root, _mp_real_root),
}

#: How many arguments each function of the table takes, when not one.
ARITY: dict[type, int] = {sp.binomial: 2, real_root: 2}


def evaluable(node: sp.Basic) -> bool:
    """A function node that the table can compute, with the right number of operands."""
    return node.func in FUNCTIONS and len(_operands(node)) == ARITY.get(node.func, 1)


def _function_row(func: type) -> tuple[Callable, Callable] | None:
    return FUNCTIONS.get(func)


def _operands(node: sp.Basic) -> tuple[sp.Basic, ...]:
    """The arguments that matter: Heaviside carries its value at 0 as a second one."""
    return node.args[:1] if node.func is sp.Heaviside else node.args


# Beyond this many bits of magnitude (about 1e1233) mpmath values count as infinite:
# exp(exp(exp(10))) would otherwise take forever, and no check needs such numbers.
MAX_MP_BITS = 4096


class _TooLarge(OverflowError):
    """An mpmath value beyond MAX_MP_BITS: reported as infinite."""


def _computable(node: sp.Basic) -> bool:
    """A constant node that the closures can compute from its parts (no sp.N needed).

    Computing constants part by part keeps a tower such as exp(exp(exp(10))) cheap:
    in floats it overflows to inf, in mpmath it stops at MAX_MP_BITS.
    """
    if node.is_Add or node.is_Mul or node.is_Pow:
        return True
    return isinstance(node, sp.Function) and (
        node.func in (sp.Max, sp.Min) or evaluable(node)
    )


def _constant(expr: sp.Expr) -> float:
    if expr.is_Rational:  # exact, and a huge integer becomes +-inf rather than an error
        try:
            return int(expr.p) / int(expr.q)
        except OverflowError:
            return math.inf if expr.p > 0 else -math.inf
    value = complex(sp.N(expr, 20))
    if value.imag != 0:
        return math.nan
    return value.real


def compile_expr(expr: sp.Expr, names: Sequence[str]) -> NumpyFn:
    """Compile `expr` to a function of a mapping name -> NumPy array (float64).

    Symbols are looked up by name, so `Symbol('x')` and `Symbol('x', real=True)`
    read the same column. Raises UnsupportedExpression for anything not in the table.
    """
    known = set(names)

    def build(node: sp.Basic) -> NumpyFn:
        if node.is_Symbol:
            name = node.name
            if name not in known:
                raise UnsupportedExpression(f"no value given for the variable {name}")
            return lambda env: env[name]
        if node.is_Number or node.is_NumberSymbol or node is sp.I:
            value = _constant(node)
            return lambda env: value
        if not node.free_symbols and node.is_number and not _computable(node):
            value = _constant(node)
            return lambda env: value
        if node.is_Add:
            parts = [build(a) for a in node.args]

            def add(env, parts=parts):
                total = parts[0](env)
                for part in parts[1:]:
                    total = total + part(env)
                return total

            return add
        if node.is_Mul:
            parts = [build(a) for a in node.args]

            def mul(env, parts=parts):
                total = parts[0](env)
                for part in parts[1:]:
                    total = total * part(env)
                return total

            return mul
        if node.is_Pow:
            base, exponent = node.args
            b = build(base)
            if exponent == sp.S.Half:
                return lambda env: np.sqrt(b(env))
            if exponent == -1:
                return lambda env: 1.0 / b(env)
            if exponent.is_Integer:
                k = int(exponent)
                if abs(k) > 2**53:  # beyond float: |b|^k is 0, 1 or inf; keep the sign of odd k
                    kf, odd = (math.inf if k > 0 else -math.inf), k % 2 == 1
                    return lambda env: np.where(
                        (b(env) < 0) & odd, -1.0, 1.0
                    ) * np.power(np.abs(b(env)), kf)
                return lambda env: np.power(b(env), float(k))
            e = build(exponent)
            return lambda env: np.power(b(env), e(env))
        if isinstance(node, sp.Function):
            row = _function_row(node.func)
            if row is None or not evaluable(node):
                if node.func in (sp.Max, sp.Min):
                    parts = [build(a) for a in node.args]
                    reduce = np.maximum if node.func is sp.Max else np.minimum

                    def extreme(env, parts=parts, reduce=reduce):
                        out = parts[0](env)
                        for part in parts[1:]:
                            out = reduce(out, part(env))
                        return out

                    return extreme
                raise UnsupportedExpression(f"cannot evaluate {node.func.__name__} numerically")
            fn = row[0]
            args = [build(a) for a in _operands(node)]
            if len(args) == 1:
                arg = args[0]
                return lambda env: fn(arg(env))
            return lambda env: fn(*(a(env) for a in args))
        raise UnsupportedExpression(f"cannot evaluate {type(node).__name__} numerically")

    compiled = build(expr)

    def run(env: Mapping[str, Array]) -> Array:
        with np.errstate(all="ignore"):
            out = compiled(env)
        return np.asarray(out, dtype=float)

    return run


def evaluate_mp(expr: sp.Expr, values: Mapping[str, float], dps: int = 50) -> mpmath.mpf:
    """Evaluate `expr` at one point with `dps` decimal digits.

    NaN where it is not real; +inf where a value passes MAX_MP_BITS (about 1e1233).
    """
    return evaluate_mp_tracked(expr, values, dps)[0]


def evaluate_mp_tracked(
    expr: sp.Expr, values: Mapping[str, float], dps: int = 50
) -> tuple[mpmath.mpf, float]:
    """`evaluate_mp`, and how many decimal digits cancellation cost on the way.

    The second value is the largest loss at any sum, log10(largest term / |sum|),
    and `dps` when a sum of nonzero terms came out exactly 0 (unless its terms are
    plain numbers and variables, exact at a float point). Products, quotients
    and powers keep relative errors, so a value that lost nearly `dps` digits at a
    sum anywhere below it has no reliable digit left.
    """
    loss = _Cancellation(dps)
    with mpmath.workdps(dps):
        try:
            value = _mp(expr, {k: mpmath.mpf(v) for k, v in values.items()}, dps, loss)
        except _TooLarge:
            return mpmath.inf, loss.digits
        except (ZeroDivisionError, ValueError, OverflowError):
            return mpmath.mpf("nan"), loss.digits
        if isinstance(value, mpmath.mpc):
            if abs(value.imag) > abs(value) * mpmath.mpf(10) ** (-(dps - 5)):
                return mpmath.mpf("nan"), loss.digits
            value = value.real
        return +value, loss.digits


class _Cancellation:
    """The most decimal digits any one sum of an evaluation lost to cancellation."""

    __slots__ = ("digits", "dps")

    def __init__(self, dps: int) -> None:
        self.digits = 0.0
        self.dps = dps

    def add(self, terms: Sequence, total) -> None:
        biggest = max((abs(t) for t in terms if mpmath.isfinite(t)), default=mpmath.mpf(0))
        if not biggest or not mpmath.isfinite(total):
            return
        lost = float(self.dps) if total == 0 else float(mpmath.log10(biggest / abs(total)))
        self.digits = max(self.digits, lost)


def _plain(node: sp.Basic) -> bool:
    """A number, a variable, or a number times variables: exact at a float point."""
    return node.is_Atom or (node.is_Mul and all(a.is_Atom for a in node.args))


_INFINITIES = {sp.oo: mpmath.inf, sp.S.NegativeInfinity: -mpmath.inf}


def _mp(node: sp.Basic, env: Mapping[str, mpmath.mpf], dps: int, loss: _Cancellation):
    value = _mp_node(node, env, dps, loss)
    if isinstance(value, mpmath.mpc):  # stay on the real line at every step, as NumPy does:
        if abs(value.imag) > abs(value) * mpmath.mpf(10) ** (-(dps - 5)):  # sqrt(x)·sqrt(x)
            raise ValueError("not real")  # is NaN for x < 0, not x
        value = value.real
    if isinstance(value, mpmath.mpf) and mpmath.isfinite(value) and value:
        if mpmath.mag(value) > MAX_MP_BITS:
            raise _TooLarge
    return value


def _mp_node(node: sp.Basic, env: Mapping[str, mpmath.mpf], dps: int, loss: _Cancellation):
    if node.is_Symbol:
        if node.name not in env:
            raise UnsupportedExpression(f"no value given for the variable {node.name}")
        return env[node.name]
    if node.is_Integer:
        if int(node).bit_length() > MAX_MP_BITS:
            raise _TooLarge
        return mpmath.mpf(int(node))
    if node.is_Rational:
        return mpmath.mpf(int(node.p)) / int(node.q)
    if node in _INFINITIES:
        return _INFINITIES[node]
    if node is sp.nan or node is sp.zoo:
        raise ValueError("not a real number")
    if node.is_Number or node.is_NumberSymbol or (node.is_number and not _computable(node)):
        return mpmath.mpmathify(sp.N(node, dps + 5))
    if node.is_Add:
        terms = [_mp(a, env, dps, loss) for a in node.args]
        total = mpmath.fsum(terms)
        if total or not all(_plain(a) for a in node.args):  # x - 3/2 at x = 1.5 is exactly 0
            loss.add(terms, total)
        return total
    if node.is_Mul:
        total = mpmath.mpf(1)
        for a in node.args:
            total = total * _mp(a, env, dps, loss)
        return total
    if node.is_Pow:
        base = _mp(node.args[0], env, dps, loss)
        exponent = node.args[1]
        if exponent.is_Integer:
            return base ** int(exponent)
        return mpmath.power(base, _mp(exponent, env, dps, loss))
    if isinstance(node, sp.Function):
        if node.func in (sp.Max, sp.Min):
            values = [_mp(a, env, dps, loss) for a in node.args]
            return max(values) if node.func is sp.Max else min(values)
        row = _function_row(node.func)
        if row is None or not evaluable(node):
            raise UnsupportedExpression(f"cannot evaluate {node.func.__name__} numerically")
        return row[1](*(_mp(a, env, dps, loss) for a in _operands(node)))
    raise UnsupportedExpression(f"cannot evaluate {type(node).__name__} numerically")
