"""The input language: what people type, read into SymPy without ever evaluating it.

A hand-written lexer and recursive-descent grammar build SymPy objects directly
(`reader`), with limits checked before SymPy evaluates anything (`limits`), the
known words and notation (`words`, `notation`) and errors that point at a column
(`input_error`). Nothing here passes text to eval, exec, sympify or parse_expr.
"""

from mvcalc.math.input.input_error import InputError
from mvcalc.math.input.reader import Reading, read, symbol

__all__ = ["InputError", "Reading", "read", "symbol"]
