"""SymPy -> the input language: text a learner could type, and that `reader` reads back.

The one printer of learner text (messages, answers shown as text, the terminal):
`^` for powers, `1/(x + 1)^2` rather than `(x + 1)^(-2)`, `e` and `pi`, `ln(...)`, `abs(...)`,
vectors as `[a, b]` and matrices row by row as `[[a, b], [c, d]]`. A test reads
every printed answer of the bank and every rule's result back with the parser.
It, `latex` and `sympy_text` (SymPy's own LaTeX and str) print each sub-expression once.
"""

from __future__ import annotations

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.str import StrPrinter


class _Remembering:
    """A printer that prints each sub-expression once, then looks it up.

    A derivation prints the same pieces in many steps (a step's expression holds its
    substeps'). Below the top SymPy's printers are context-free (a parent adds its own
    brackets around what a child printed), so a sub-expression prints the same wherever it
    is below the top (at the top a float keeps all its digits). The top and a call with
    options (a function printed to a power, ...) are printed afresh.
    """

    MEMO_SIZE = 50_000  # sub-expressions; then the memo starts again

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._memo: dict = {}

    def _print(self, expr, **kwargs):
        if kwargs or self._print_level == 0 or not isinstance(expr, sp.Basic):  # type: ignore[attr-defined]
            return super()._print(expr, **kwargs)  # type: ignore[misc]
        got = self._memo.get(expr)
        if got is None:
            if len(self._memo) >= self.MEMO_SIZE:
                self._memo.clear()
            got = self._memo[expr] = super()._print(expr)  # type: ignore[misc]
        return got


class _RememberingLatex(_Remembering, LatexPrinter):
    """`sp.latex` with its default settings."""


class _RememberingStr(_Remembering, StrPrinter):
    """`str(expr)`: SymPy's plain printer."""


class _LearnerPrinter(_Remembering, StrPrinter):
    """SymPy's plain printer, speaking the input language."""

    def _print_Pow(self, expr, rational=False):
        e = expr.exp
        if e.is_Rational and e.is_negative and e not in (-1, -sp.S.Half):
            flipped = sp.Pow(expr.base, -e, evaluate=False)
            return "1/" + self.parenthesize(flipped, PRECEDENCE["Mul"], strict=True)
        return super()._print_Pow(expr, rational)

    def _print_Exp1(self, expr):
        return "e"

    def _print_Pi(self, expr):
        return "pi"

    def _print_log(self, expr):
        if len(expr.args) == 1:  # the natural logarithm, written as the course writes it
            return f"ln({self._print(expr.args[0])})"
        return super()._print_Function(expr)

    def _print_factorial(self, expr):  # n!, (n + 1)!: read back for an integer n
        arg = expr.args[0]
        inner = self._print(arg)
        return f"{inner}!" if arg.is_Symbol or arg.is_Integer else f"({inner})!"

    def _print_Abs(self, expr):
        return f"abs({self._print(expr.args[0])})"

    def _print_MatrixBase(self, expr):
        if expr.rows == 1 or expr.cols == 1:
            return "[" + ", ".join(self._print(e) for e in expr) + "]"
        return matrix_text(expr)

    _print_ImmutableDenseMatrix = _print_MatrixBase
    _print_MutableDenseMatrix = _print_MatrixBase


_PRINTER = _LearnerPrinter()
_LATEX = _RememberingLatex()
_STR = _RememberingStr()


def text(value: sp.Basic) -> str:
    """What a learner would type for `value` (an expression, vector or matrix)."""
    return _PRINTER.doprint(value).replace("**", "^")


def latex(expr: sp.Basic) -> str:
    """`sp.latex(expr)`, each sub-expression printed once."""
    return _LATEX.doprint(expr)


def sympy_text(expr: sp.Basic) -> str:
    """`str(expr)` (SymPy's notation, `**` for powers), each sub-expression printed once."""
    return _STR.doprint(expr)


def matrix_text(value: sp.MatrixBase) -> str:
    """A matrix written row by row, even when it has one row or one column."""
    rows = ["[" + ", ".join(text(e) for e in value.row(i)) + "]" for i in range(value.rows)]
    return "[" + ", ".join(rows) + "]"
