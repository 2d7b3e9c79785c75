"""Learner text -> SymPy, through our own tokenizer and recursive-descent parser.

Nothing here calls eval, exec, sympify or parse_expr: `lexer.py` splits the text,
`words.py` decides what each run of letters means, `grammar.py` builds SymPy
objects directly and checks every size limit *before* SymPy computes anything.
Each reading that is not literal becomes a note. The language is documented in
content/pages/notation.md (the notation page); its vocabulary lives in `notation.py`.

    answer := "[" entries "]" | "[" row ("," row)* "]" | sum
    row    := "[" entries "]"
    entries:= sum ("," sum)*
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

import sympy as sp

from mvcalc.math.input.grammar import Parser, symbol
from mvcalc.math.input.input_error import InputError
from mvcalc.math.input.integers import declared_in, integer_symbol, ranges
from mvcalc.math.input.lexer import Token, tokenize
from mvcalc.math.input.limits import LIMITS
from mvcalc.math.input.notation import FUNCTION_NAMES
from mvcalc.math.input.words import Vocabulary, resolve

log = logging.getLogger(__name__)

__all__ = [
    "FUNCTION_NAMES",
    "LIMITS",
    "InputError",
    "Reading",
    "integer_symbol",
    "parse",
    "read",
    "symbol",
]

Value = sp.Expr | sp.ImmutableMatrix


@dataclass(frozen=True)
class Reading:
    """What the parser read: the value, the notes on non-literal readings, its LaTeX."""

    value: Value
    notes: tuple[str, ...]

    @cached_property
    def latex(self) -> str:
        """The value typeset, made on first use: SymPy's printer can be slow on odd input."""
        return sp.latex(self.value)

    def _repr_latex_(self) -> str:
        return f"${self.latex}$"


def read(
    text: str,
    variables: Iterable[str] | None = None,
    integers: Mapping[str, int | None] | Iterable[str] | None = None,
) -> Reading:
    """Read learner text; raise InputError (with column and hint) if it cannot be read.

    `variables` are the names the learner may use (multi-letter allowed); None lets
    every single Latin letter and every Greek name be a variable (e is Euler's number).
    `integers` declares integer variables (name -> least value, or names alone, from 0);
    they are variables too, and so are integer SymPy symbols given in `variables`.
    """
    declared = ranges(integers)
    if variables is not None and not isinstance(variables, str):
        variables = list(variables)
        declared = declared_in(*[v for v in variables if isinstance(v, sp.Symbol)]) | declared
    names = _names(variables)
    if names is not None:
        names = tuple(dict.fromkeys([*names, *declared]))
    vocab = _vocabulary(names)
    source, tokens = tokenize(text)
    tokens, notes = resolve(source, tokens, vocab)
    parser = Parser(source, tokens, notes)
    parser.integers = declared
    try:
        value = _answer(parser)
    except InputError:
        raise
    except RecursionError:
        raise InputError(f"The answer is nested more than {LIMITS.depth} levels deep.", 1) from None
    except (ArithmeticError, ValueError, TypeError) as err:  # SymPy failing on a value
        # the learner is told plainly; the traceback is logged, since a bug of ours would land here too
        log.warning("could not work out %r exactly", text, exc_info=True)
        raise InputError(
            "This expression cannot be worked out exactly.", 1, "Use smaller numbers in it."
        ) from err
    if value.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
        raise InputError(
            "This is not a finite number: somewhere it divides by zero or is infinite.",
            1,
            "Check the denominators and logarithms.",
        )
    return Reading(value, tuple(dict.fromkeys(notes)))


def parse(
    text: str,
    variables: Iterable[str] | None = None,
    integers: Mapping[str, int | None] | Iterable[str] | None = None,
) -> Value:
    """Learner text -> a SymPy expression, or an ImmutableMatrix for [a, b] and [[a, b], [c, d]]."""
    return read(text, variables, integers).value


@functools.lru_cache(maxsize=256)
def _vocabulary(variables: tuple[str, ...] | None) -> Vocabulary:
    return Vocabulary(variables)


def _names(variables: Iterable[str] | None) -> tuple[str, ...] | None:
    if variables is None:
        return None
    if isinstance(variables, str):
        return (variables,)
    return tuple(v.name if isinstance(v, sp.Symbol) else v for v in variables)


def _answer(parser: Parser) -> Value:
    if parser.peek().kind == "[":
        value = _matrix(parser)
    else:
        value = parser.sum().value
    token = parser.peek()
    if token.kind != "end" and isinstance(value, sp.MatrixBase):
        raise parser.error(
            "A vector or matrix must be the whole answer.",
            token,
            "Work out the entries and type the result alone, as in [a, b].",
        )
    if token.kind != "end":
        raise parser.unexpected(token)
    return value


def _matrix(parser: Parser) -> sp.ImmutableMatrix:
    """`[a, b]` is a 1×n row; `[[a, b], [c, d]]` a matrix with one bracket per row."""
    opener = parser.take()
    if parser.peek().kind != "[":
        entries = _entries(parser, opener)
        parser.notes.append(
            f"read `{parser.text(opener.start, parser.peek(-1).end)}` as a row vector "
            f"(1×{len(entries)})"
        )
        return sp.ImmutableMatrix([entries])
    rows: list[list[sp.Expr]] = []
    starts: list[Token] = []
    while True:
        row = parser.peek()
        if row.kind != "[":
            raise parser.error(
                "Every row of a matrix must be in its own brackets.",
                row,
                "Type a matrix as [[a, b], [c, d]].",
            )
        parser.take()
        starts.append(row)
        rows.append(_entries(parser, row))
        if sum(len(r) for r in rows) > LIMITS.entries:
            raise parser.error(f"A matrix can have at most {LIMITS.entries} entries.", row)
        if len(rows[-1]) != len(rows[0]):
            raise parser.error(
                f"Row {len(rows)} has {_entries_count(rows[-1])} but row 1 has "
                f"{_entries_count(rows[0])}.",
                row,
                "Every row of a matrix needs the same number of entries.",
            )
        separator = parser.peek()
        if separator.kind == ",":
            parser.take()
            continue
        parser.closing(opener, "]")
        return sp.ImmutableMatrix(rows)


def _entries(parser: Parser, opener: Token) -> list[sp.Expr]:
    entries: list[sp.Expr] = []
    while True:
        token = parser.peek()
        if token.kind in (",", "]"):
            raise parser.error(
                "An entry is missing here.",
                token,
                "Type a value between each pair of commas, or delete the extra comma.",
            )
        if token.kind == "[":
            raise parser.error(
                "A matrix has one level of rows: [[a, b], [c, d]].",
                token,
                "Remove the extra brackets.",
            )
        with parser.nested(token, bars=0):
            entries.append(parser.sum().value)
        if len(entries) > LIMITS.entries:
            raise parser.error(f"A vector can have at most {LIMITS.entries} entries.", token)
        separator = parser.peek()
        if separator.kind == ",":
            parser.take()
            continue
        parser.closing(opener, "]")
        return entries


def _entries_count(row: list) -> str:
    return f"{len(row)} entr{'y' if len(row) == 1 else 'ies'}"
