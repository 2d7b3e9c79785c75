"""Variables and points for the multivariate toolkit and Taylor series.

One place turns what a caller gives (`["x", "y"]`, `"x,y"`, `{"x": 1, "y": "pi"}`,
`"x=1,y=2"`, a bare number) into canonical SymPy symbols and exact values, and
evaluates an expression at a point exactly (with a float view beside it).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

import sympy as sp
from sympy.core.cache import cacheit
from sympy.functions.elementary.exponential import ExpBase

from mvcalc.errors import MvcalcError
from mvcalc.math.input import reader as parse
from mvcalc.math.numeric import evaluate_mp


class PointError(MvcalcError):
    """A point, a variable list or a value at a point that cannot be used, with a message for a learner."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_text(text: str, variables: Sequence[str] | None = None) -> sp.Basic:
    """Learner text -> SymPy, only through `mvcalc.math.input.reader` (never sympify)."""
    try:
        return parse.parse(text, variables)
    except ValueError as exc:
        message = getattr(exc, "message", None) or str(exc)
        raise PointError(f"could not read {text!r}: {message}") from exc


def _free_symbols(exprs: Iterable[sp.Basic]) -> set[sp.Symbol]:
    found: set[sp.Symbol] = set()
    for e in exprs:
        found |= {s for s in e.free_symbols if isinstance(s, sp.Symbol)}
    return found


def resolve_variables(
    exprs: Sequence[sp.Basic], variables: Sequence[str | sp.Symbol] | str | None
) -> tuple[sp.Symbol, ...]:
    """Variables as symbols, matched by name to the symbols in `exprs`.

    `None` means every free symbol, sorted by name. A name that the expressions
    hold is mapped to their symbol (so plain `Symbol('x')` still works);
    otherwise to the parser's canonical `symbol(name)`.
    """
    present = {s.name: s for s in _free_symbols(exprs)}
    if variables is None:
        return tuple(present[n] for n in sorted(present))
    if isinstance(variables, str):
        variables = [v.strip() for v in variables.split(",") if v.strip()]
    out: list[sp.Symbol] = []
    for v in variables:
        name = v.name if isinstance(v, sp.Symbol) else str(v).strip()
        if not name.isidentifier():
            raise PointError(f"{name!r} is not a variable name")
        s = present.get(name, v if isinstance(v, sp.Symbol) else parse.symbol(name))
        if s in out:
            raise PointError(f"the variable {name} is listed twice")
        out.append(s)
    if not out:
        raise PointError("give at least one variable")
    return tuple(out)


def exact_number(value: object, where: str = "value") -> sp.Expr:
    """A number given as int, float, Fraction, SymPy number or text, as an exact SymPy number.

    Floats are read from their decimal form (0.1 -> 1/10), as the learner typed them.
    """
    if isinstance(value, bool):
        raise PointError(f"{where}: {value!r} is not a number")
    if isinstance(value, int):
        return sp.Integer(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise PointError(f"{where}: {value!r} is not a finite number")
        return sp.Rational(repr(value))
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    if isinstance(value, str):
        value = parse_text(value, [])
    if isinstance(value, sp.Basic):
        if isinstance(value, sp.Float):
            return sp.Rational(str(value)) if value.is_finite else value
        if value.free_symbols or not value.is_number:
            raise PointError(f"{where}: {value} is not a number")
        if value.has(sp.zoo, sp.oo, -sp.oo, sp.nan) or value.is_real is False:
            raise PointError(f"{where}: {value} is not a finite real number")
        return value
    raise PointError(f"{where}: {value!r} is not a number")


def _split_assignments(text: str) -> list[tuple[str, str]]:
    """'x=1, y=pi/2' -> [('x', '1'), ('y', 'pi/2')]; commas inside brackets do not split."""
    parts, depth, current = [], 0, []
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch in ",;" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    pairs = []
    for part in parts:
        if not part.strip():
            continue
        if "=" not in part:
            raise PointError(f"write the point as name=value, e.g. x=1,y=2 (got {part.strip()!r})")
        name, value = part.split("=", 1)
        pairs.append((name.strip(), value.strip()))
    return pairs


def normalise_point(
    at: object, variables: Sequence[sp.Symbol], *, require_all: bool = True
) -> dict[sp.Symbol, sp.Expr]:
    """A point in any accepted form -> {symbol: exact value}, for the given variables.

    Accepted: a mapping name/symbol -> value, text 'x=1,y=2', a sequence of values in
    the order of `variables`, or a bare number when there is one variable.
    """
    by_name = {v.name: v for v in variables}
    if isinstance(at, str):
        stripped = at.strip()
        if "=" not in stripped and len(variables) == 1:
            at = {variables[0].name: stripped}
        else:
            at = dict(_split_assignments(stripped))
    elif isinstance(at, Mapping):
        at = {k.name if isinstance(k, sp.Symbol) else str(k): v for k, v in at.items()}
    elif isinstance(at, (list, tuple)):
        if len(at) != len(variables):
            raise PointError(
                f"the point has {len(at)} coordinates but there are {len(variables)} variables "
                f"({', '.join(by_name)})"
            )
        at = {v.name: value for v, value in zip(variables, at, strict=True)}
    else:
        if len(variables) != 1:
            raise PointError(
                f"give the point as name=value for each of {', '.join(by_name)}, e.g. "
                + ",".join(f"{n}=0" for n in by_name)
            )
        at = {variables[0].name: at}
    point: dict[sp.Symbol, sp.Expr] = {}
    for name, value in at.items():
        if name not in by_name:
            raise PointError(
                f"{name} is not one of the variables ({', '.join(by_name)})"
            )
        point[by_name[name]] = exact_number(value, where=name)
    missing = [n for n in by_name if by_name[n] not in point]
    if require_all and missing:
        raise PointError(f"give a value for {', '.join(missing)} too")
    return point


def describe_point(point: Mapping[sp.Symbol, sp.Expr]) -> str:
    """'x = 1, y = π' style text."""
    return ", ".join(f"{s.name} = {sp.sstr(v)}" for s, v in point.items())


def latex_point(point: Mapping[sp.Symbol, sp.Expr]) -> str:
    return ", ".join(f"{sp.latex(s)} = {sp.latex(v)}" for s, v in point.items())


def is_undefined(value: sp.Basic) -> bool:
    """True when a value holds infinities, NaN, or is not real."""
    if value.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
        return True
    return value.is_number and value.is_real is False


@cacheit
def tidy(value: sp.Expr) -> sp.Expr:
    """A light exact simplification of a number (no floats, no guessing), bounded in cost.

    SymPy already evaluates most values at a point (cos(π) = −1, √8/√2 = 2); what is
    left is tidied by cheap rewrites only (`simplify` costs ~0.1 s a number). Kept in
    SymPy's cache: a value shown twice is tidied once.
    """
    if value.is_Atom or value.is_Mul and all(a.is_Atom or a.is_Pow and a.exp.is_Integer for a in value.args):
        return value
    ops = sp.count_ops(value)
    if ops > 60:
        return value
    best, best_ops = value, ops
    rewrites = (sp.factor_terms, sp.radsimp) + (() if _powsimp_keeps(value) else (sp.powsimp,))
    for rewrite in rewrites:
        candidate = rewrite(value)
        if candidate == value:  # most rewrites change nothing: no need to count it again
            continue
        candidate_ops = sp.count_ops(candidate)
        if candidate_ops < best_ops:
            best, best_ops = candidate, candidate_ops
    return best


def _powsimp_keeps(value: sp.Expr) -> bool:
    """True when `sp.powsimp(value)` (not deep) is sure to give `value` back, so `tidy` need not try it.

    powsimp looks only through sums and products (not inside functions) and combines
    factors of a product that share a base or an exponent. A product of a rational and
    distinct functions (cos(2/9), log(3)), at most one of them exp(p/q), has neither:
    each is its own base to the power 1, and exp(p/q) is e^(p/q), the one power of e.
    """
    if value.is_Atom or value.is_Function:
        return True
    if value.is_Add:
        return all(_powsimp_keeps(term) for term in value.args)
    if not value.is_Mul:
        return False
    exps = 0
    for factor in value.args:
        if isinstance(factor, sp.exp) and factor.exp.is_Rational:
            exps += 1
        elif not (factor.is_Rational or factor.is_Function and not isinstance(factor, ExpBase)):
            return False
    return exps <= 1


def raw_at(expr: sp.Expr, point: Mapping[sp.Symbol, sp.Expr], what: str = "the value") -> sp.Expr:
    """`expr` at `point`, exactly and as SymPy gives it (not yet tidied); PointError when it is not defined there."""
    if not isinstance(expr, sp.Basic):
        raise PointError(f"{what}: {expr!r} is not a SymPy expression")
    value = expr.subs(point) if point else expr
    if is_undefined(value):
        raise PointError(f"{what} is not defined at {describe_point(point)}")
    return value


def shown(value: sp.Expr) -> sp.Expr:
    """The form of a value at a point that callers see: tidied when it is a number, else as it is."""
    return tidy(value) if not value.free_symbols else value


def exact_at(expr: sp.Expr, point: Mapping[sp.Symbol, sp.Expr], what: str = "the value") -> sp.Expr:
    """`expr` at `point`, exactly, in the form shown; PointError when it is not defined there."""
    return shown(raw_at(expr, point, what))


def to_float(value: sp.Expr) -> float:
    """Float view of an exact constant (NaN where it is not a real number)."""
    if value.free_symbols:
        return math.nan
    return float(evaluate_mp(value, {}, dps=30))
