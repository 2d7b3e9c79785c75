"""Gradients, Jacobians and Hessians, with the working of every entry, exact at a point.

Each function returns a `MatrixResult`: `.value` (an ImmutableMatrix: the symbolic
matrix, or its exact value when `at=` is given), `.symbolic`, `.entries` (which
partial derivative each entry is, with its step-by-step derivation on request),
`.floats()`, `.latex()`, `.to_dict()`, and displays in Jupyter, a REPL and Rich.
The Jacobian of a scalar function is the 1×n row vector, as the course writes it;
the gradient ∇f is the n×1 column. This is the core of the package: the chain
rule, stationary points and the buggy Jacobians and Hessians build on it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import sympy as sp
from sympy.core.cache import cacheit

from mvcalc.math.calculus import derive
from mvcalc.math.input.printer import sympy_text, text
from mvcalc.math.multivariate.readable import readable
from mvcalc.math.points import (
    PointError,
    describe_point,
    exact_at,
    normalise_point,
    parse_text,
    raw_at,
    resolve_variables,
    shown,
    to_float,
)

__all__ = ["Entry", "MatrixResult", "PointError", "evaluate_matrix", "gradient", "hessian", "jacobian"]

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def partial_label(name: str, wrt: Sequence[sp.Symbol]) -> str:
    """'∂f/∂x', '∂²f/∂x²', '∂²f/∂x∂y' (the last variable in `wrt` is written first)."""
    if not wrt:
        return name
    order = len(wrt)
    top = "∂" if order == 1 else f"∂{str(order).translate(_SUPERSCRIPT)}"
    bottom, i, seq = "", 0, list(reversed(wrt))
    while i < len(seq):
        j = i
        while j < len(seq) and seq[j] == seq[i]:
            j += 1
        power = j - i
        bottom += f"∂{seq[i].name}" + ("" if power == 1 else str(power).translate(_SUPERSCRIPT))
        i = j
    return f"{top}{name}/{bottom}"


def partial_latex(name: str, wrt: Sequence[sp.Symbol]) -> str:
    """LaTeX of the same label: \\frac{\\partial^2 f}{\\partial x \\partial y} (a name as LaTeX too: a_{1}, \\mu)."""
    name = sp.latex(sp.Symbol(name)) if name.isidentifier() else name
    if not wrt:
        return name
    order = len(wrt)
    top = r"\partial" if order == 1 else rf"\partial^{{{order}}}"
    parts, seq, i = [], list(reversed(wrt)), 0
    while i < len(seq):
        j = i
        while j < len(seq) and seq[j] == seq[i]:
            j += 1
        power = j - i
        parts.append(rf"\partial {sp.latex(seq[i])}" + ("" if power == 1 else f"^{{{power}}}"))
        i = j
    return rf"\frac{{{top} {name}}}{{{' '.join(parts)}}}"


def _derivation(function: sp.Expr, var: sp.Symbol) -> derive.Derivation:
    """derive's step-by-step first derivative; its result in derive's tidy form, via `readable`."""
    if not all(s.is_real for s in function.free_symbols):
        return derive.derivative(function, var)  # derive first makes every variable real
    root = derive.derive_steps(function, var, frozenset(function.free_symbols | {var}))
    return derive.Derivation(function, var, 1, (root,), (readable(root.result),))


@functools.lru_cache(maxsize=4096)
def _printed(expr: sp.Expr) -> str:
    """str(expr), once: a Hessian entry's second step starts from the first one's result."""
    return sympy_text(expr)


@cacheit
def _differentiation(function: sp.Expr, var: sp.Symbol) -> tuple[dict, sp.Expr]:
    """One partial derivative with its steps, as a JSON-able item (shared: do not change it), and its result.

    Kept in SymPy's cache: the working of ∂f/∂x is the same wherever f and x are.
    """
    others = [s.name for s in sorted(function.free_symbols - {var}, key=lambda s: s.name)]
    item: dict = {"wrt": var.name, "of": _printed(function), "of_latex": None,
                  "note": (f"treat {', '.join(others)} as constant" if others else ""), "steps": None}
    try:
        derivation = _derivation(function, var)
    except (ValueError, TypeError, NotImplementedError):
        derivation = None  # a function derive has no rule for: SymPy's result alone
    if derivation is not None:
        steps = item["steps"] = derivation.to_dict()
        result = derivation.result
        item["result"] = _printed(result)
        item["of_latex"], item["result_latex"] = steps["expr_latex"], steps["result_latex"]  # printed once
    else:
        result = sp.diff(function, var)
        item["result"] = str(result)
        item["of_latex"], item["result_latex"] = sp.latex(function), sp.latex(result)
    return item, result


def _dataclass_repr(obj: object, names: Sequence[str]) -> str:
    """What a dataclass's own repr prints for these attributes (lazy ones included)."""
    return f"{type(obj).__qualname__}({', '.join(f'{n}={getattr(obj, n)!r}' for n in names)})"


@dataclass(frozen=True, eq=False, repr=False)
class Entry:
    """One entry of a result matrix: which partial derivative of which function it is.

    Its working (`working()`) is derived on first use only, and shared with the other
    entries of the same result that start with the same differentiation (a Hessian's
    column j all start with ∂f/∂x_j). Its value at a point is tidied on first use
    too (`value`): the tidying costs more than the rest of the value.
    """

    row: int
    col: int
    name: str  # the function's name, e.g. "f" or "u"
    function: sp.Expr
    wrt: tuple[sp.Symbol, ...]  # differentiated by wrt[0] first, then wrt[1], ...
    expr: sp.Expr  # the partial derivative, symbolic
    at_point: sp.Expr | None  # `expr` at the point as SymPy gives it (not yet tidied); None without a point
    shared: dict = field(default_factory=dict, compare=False, repr=False)  # (expr, var) -> working item

    _SHOWN = ("row", "col", "name", "function", "wrt", "expr", "value")  # what repr, == and hash look at

    @functools.cached_property
    def value(self) -> sp.Expr:
        """At the point, in the form shown (`points.shown`), or `expr` when there is no point."""
        return self.expr if self.at_point is None else shown(self.at_point)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self._SHOWN)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, n) for n in self._SHOWN))

    def __repr__(self) -> str:
        return _dataclass_repr(self, self._SHOWN)

    @property
    def label(self) -> str:
        return partial_label(self.name, self.wrt)

    @property
    def latex_label(self) -> str:
        return partial_latex(self.name, self.wrt)

    def working(self) -> list[dict]:
        """The differentiations that make this entry, each with its steps when `derive` has the rules.

        A partial derivative treats the other variables as constants; the steps come
        from `mvcalc.math.calculus.derive.derivative` (else only the SymPy result is given).
        """
        out, current = [], self.function
        for var in self.wrt:
            key = (current, var)
            if key not in self.shared:
                self.shared[key] = _differentiation(current, var)
            item, current = self.shared[key]
            out.append(dict(item))
        return out

    def to_dict(self, steps: bool = False) -> dict:
        data = {
            "row": self.row,
            "col": self.col,
            "label": self.label,
            "label_latex": self.latex_label,
            "derivative": text(self.expr),
            "derivative_latex": sp.latex(self.expr),
            "value": text(self.value),
            "value_latex": sp.latex(self.value),
        }
        if steps:
            data["working"] = self.working()
        return data


def _matrix_latex(m: sp.MatrixBase) -> str:
    return sp.latex(sp.Matrix(m), mat_delim="[", mat_str="matrix")


_TITLES = {"gradient": "Gradient", "jacobian": "Jacobian", "hessian": "Hessian"}
_SYMBOLS = {"gradient": r"\nabla f", "jacobian": "J", "hessian": "H"}


@dataclass(frozen=True, repr=False)
class MatrixResult:
    """A gradient, Jacobian or Hessian, symbolic and (with a point) exact at the point.

    `value` is built from the entries' values on first use (== compares the entries).
    """

    kind: str
    functions: tuple[sp.Expr, ...]
    names: tuple[str, ...]
    variables: tuple[sp.Symbol, ...]
    symbolic: sp.ImmutableMatrix
    entries: tuple[Entry, ...]
    point: dict = field(default_factory=dict)

    @functools.cached_property
    def value(self) -> sp.ImmutableMatrix:
        """The matrix exact at the point (the symbolic one without a point)."""
        rows, cols = self.symbolic.shape
        return sp.ImmutableMatrix(rows, cols, [e.value for e in self.entries])

    @property
    def shape(self) -> tuple[int, int]:
        return self.symbolic.shape

    def __repr__(self) -> str:
        names = ("kind", "functions", "names", "variables", "symbolic", "value", "entries", "point")
        return _dataclass_repr(self, names)

    def floats(self) -> np.ndarray:
        """Float view of `.value` (NaN for entries that still hold variables)."""
        rows, cols = self.value.shape
        return np.array([[to_float(self.value[i, j]) for j in range(cols)] for i in range(rows)])

    def entry(self, row: int, col: int) -> Entry:
        return self.entries[row * self.shape[1] + col]

    def title(self) -> str:
        funcs = ", ".join(text(f) for f in self.functions)
        head = f"{_TITLES[self.kind]} of {funcs} with respect to ({', '.join(v.name for v in self.variables)})"
        return head + (f" at {describe_point(self.point)}" if self.point else "")

    def latex(self) -> str:
        sym = _SYMBOLS[self.kind]
        text = f"{sym} = {_matrix_latex(self.symbolic)}"
        if self.point:
            args = ", ".join(sp.latex(v) for v in self.point.values())
            text += rf",\quad {sym}({args}) = {_matrix_latex(self.value)}"
        return text

    def _repr_latex_(self) -> str:
        return f"$${self.latex()}$$"

    def to_dict(self, steps: bool = False) -> dict:
        data = {
            "kind": self.kind,
            "functions": [text(f) for f in self.functions],  # in the input language, as a learner types
            "functions_latex": [sp.latex(f) for f in self.functions],
            "variables": [v.name for v in self.variables],
            "shape": list(self.shape),
            "symbolic": [[text(e) for e in row] for row in self.symbolic.tolist()],
            "symbolic_latex": [[sp.latex(e) for e in row] for row in self.symbolic.tolist()],
            "value": [[text(e) for e in row] for row in self.value.tolist()],
            "value_latex": [[sp.latex(e) for e in row] for row in self.value.tolist()],
            "latex": self.latex(),
            "entries": [e.to_dict(steps=steps) for e in self.entries],
        }
        if self.point:
            data["at"] = {s.name: text(v) for s, v in self.point.items()}
            data["floats"] = [[None if np.isnan(x) else float(x) for x in row] for row in self.floats()]
        return data

    def __str__(self) -> str:
        text = f"{self.title()}:\n{sp.pretty(sp.Matrix(self.symbolic), use_unicode=True)}"
        if self.point:
            text += f"\nat {describe_point(self.point)}:\n{sp.pretty(sp.Matrix(self.value), use_unicode=True)}"
        return text

    def __rich__(self):
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        def grid(matrix: sp.MatrixBase) -> Table:
            table = Table(show_header=False, box=None, padding=(0, 2))
            for _ in range(matrix.shape[1]):
                table.add_column(justify="center")
            for row in sp.Matrix(matrix).tolist():
                table.add_row(*(text(e) for e in row))
            return table

        parts = [Text(self.title(), style="bold"), grid(self.symbolic)]
        if self.point:
            parts += [Text(f"at {describe_point(self.point)}:", style="bold"), grid(self.value)]
        return Group(*parts)


def _as_expr(item: object, names: Sequence[str] | None) -> sp.Expr:
    if isinstance(item, str):
        item = parse_text(item, list(names) if names else None)
    if isinstance(item, (int, float)):
        item = sp.Rational(repr(item)) if isinstance(item, float) else sp.Integer(item)
    if not isinstance(item, sp.Expr):
        raise PointError(f"{item!r} is not a scalar expression")
    return item


def _components(functions: object, variables: object) -> list[sp.Expr]:
    """A scalar, a list of scalars, a vector (row or column) or text -> list of components."""
    names = None
    if isinstance(variables, str):
        names = [v.strip() for v in variables.split(",") if v.strip()]
    elif variables is not None:
        names = [v.name if isinstance(v, sp.Symbol) else str(v) for v in variables]
    if isinstance(functions, str):
        functions = parse_text(functions, names)
    if isinstance(functions, sp.MatrixBase):
        if min(functions.shape) > 1:
            raise PointError(
                f"a Jacobian needs a vector of functions, not a {functions.shape[0]}×{functions.shape[1]} matrix"
            )
        return [_as_expr(e, names) for e in functions]
    if isinstance(functions, (list, tuple)):
        if not functions:
            raise PointError("give at least one function")
        return [_as_expr(e, names) for e in functions]
    return [_as_expr(functions, names)]


def _default_names(count: int, names: Sequence[str] | None) -> tuple[str, ...]:
    if names is not None:
        if len(names) != count:
            raise PointError(f"{len(names)} names given for {count} functions")
        return tuple(names)
    return ("f",) if count == 1 else tuple(f"f{i + 1}" for i in range(count))


@cacheit
def _value_at(expr: sp.Expr, point: tuple, label: str) -> sp.Expr:
    """The entry exactly at the point, not yet tidied (kept in SymPy's cache: the same question asks again)."""
    return raw_at(expr, dict(point), what=label)


def _differentiate(functions: Sequence[sp.Expr], variables: Sequence[sp.Symbol], cells) -> list[list[sp.Expr]]:
    """The raw partial derivative of every cell, each lower-order derivative computed once.

    A derivative of order two or more is the derivative of the one below it, with the
    variables in the order given: every second derivative of a Hessian starts from the
    gradient's entry, as `sympy.hessian` does (so the entries are SymPy's), and
    ∂²f/∂x∂y and ∂²f/∂y∂x are one derivative (Schwarz).
    """
    memo: dict[tuple, sp.Expr] = {}

    def d(k: int, wrt: tuple) -> sp.Expr:
        got = memo.get((k, wrt))
        if got is None:
            got = d(k, wrt[:-1]).diff(wrt[-1]) if wrt else functions[k]
            memo[(k, wrt)] = got
        return got

    position = {v: i for i, v in enumerate(variables)}
    return [[d(k, tuple(sorted(wrt, key=position.__getitem__))) for k, wrt in row] for row in cells]


def _build(kind, functions, names, variables, cells, at) -> MatrixResult:
    """cells: rows of (function index, wrt tuple); differentiates, tidies and evaluates each once.

    Only the result is computed here; each entry's working waits for `Entry.working()`,
    and the tidy form of its value at the point for `Entry.value`.
    """
    point = normalise_point(at, variables) if at is not None else {}
    raw = _differentiate(functions, variables, cells)
    values: dict[sp.Expr, sp.Expr] = {}
    shared: dict = {}
    entries, sym_rows = [], []
    for i, row in enumerate(cells):
        sym_row = []
        for j, (k, wrt) in enumerate(row):
            expr = readable(raw[i][j]) if wrt else raw[i][j]
            if point and expr not in values:
                values[expr] = _value_at(expr, tuple(point.items()), partial_label(names[k], wrt))
            entries.append(Entry(i, j, names[k], functions[k], tuple(wrt), expr, values.get(expr), shared))
            sym_row.append(expr)
        sym_rows.append(sym_row)
    return MatrixResult(
        kind=kind,
        functions=tuple(functions),
        names=tuple(names),
        variables=tuple(variables),
        symbolic=sp.ImmutableMatrix(sym_rows),
        entries=tuple(entries),
        point=point,
    )


def jacobian(
    functions: object,
    variables: Sequence[str | sp.Symbol] | str | None = None,
    at: object = None,
    names: Sequence[str] | None = None,
) -> MatrixResult:
    """The m×n Jacobian J[i, j] = ∂f_i/∂x_j; a scalar function gives the 1×n row vector.

    `functions`: one expression, a list of them, a row/column vector, or text.
    `at`: optional point ({"x": 1, "y": pi}, "x=1,y=2", ...): `.value` is then exact there.
    """
    comps = _components(functions, variables)
    vars_ = resolve_variables(comps, variables)
    names_ = _default_names(len(comps), names)
    cells = [[(k, (v,)) for v in vars_] for k in range(len(comps))]
    return _build("jacobian", comps, names_, vars_, cells, at)


def gradient(
    function: object,
    variables: Sequence[str | sp.Symbol] | str | None = None,
    at: object = None,
    name: str = "f",
) -> MatrixResult:
    """The gradient ∇f as an n×1 column (its transpose is the course's row-vector Jacobian)."""
    comps = _components(function, variables)
    if len(comps) != 1:
        raise PointError("the gradient is for one scalar function; use jacobian for several")
    vars_ = resolve_variables(comps, variables)
    cells = [[(0, (v,))] for v in vars_]
    return _build("gradient", comps, (name,), vars_, cells, at)


def hessian(
    function: object,
    variables: Sequence[str | sp.Symbol] | str | None = None,
    at: object = None,
    name: str = "f",
) -> MatrixResult:
    """The n×n Hessian H[i, j] = ∂²f/∂x_i∂x_j of a scalar function."""
    comps = _components(function, variables)
    if len(comps) != 1:
        raise PointError("the Hessian is for one scalar function")
    vars_ = resolve_variables(comps, variables)
    cells = [[(0, (vj, vi)) for vj in vars_] for vi in vars_]
    return _build("hessian", comps, (name,), vars_, cells, at)


def evaluate_matrix(matrix: sp.MatrixBase, point: Mapping) -> sp.ImmutableMatrix:
    """Every entry of a symbolic matrix at a point, exactly."""
    return sp.ImmutableMatrix(matrix.shape[0], matrix.shape[1], [exact_at(e, point) for e in matrix])

