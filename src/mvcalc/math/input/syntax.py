"""Parser plumbing: the token cursor, nesting and size counters, and the error messages.

`ParserBase` is what every grammar rule needs and none of them is about: moving
through tokens, turning a position into a column, refusing input at a limit, and
saying clearly what is wrong with a bracket, a bar or an operator.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

import sympy as sp

from mvcalc.math.input.input_error import InputError
from mvcalc.math.input.lexer import Source, Token
from mvcalc.math.input.limits import LIMITS, TooLarge, check_exact


class Node(NamedTuple):
    """A parsed piece: its value, where it is in the text, and what the notes need."""

    value: sp.Expr | None  # None while a sum or product is still being collected
    start: int
    end: int
    kind: str = ""  # "num" for a bare number literal, "var"/"const" for a bare name
    bare_call: str = ""  # "ln(x)" when the piece ends with a call without brackets
    bare_start: int = 0  # where that call starts
    glued_power: bool = False  # ends with ^<number>, as in e^2
    exponent: sp.Expr | None = None  # that number, when the piece is exactly such a power


class ParserBase:
    """Cursor, counters and error messages shared by all grammar rules."""

    def __init__(self, source: Source, tokens: list[Token], notes: list[str]) -> None:
        self.source = source
        self.tokens = tokens
        self.notes = notes
        self.pos = 0
        self.depth = 0
        self.nodes = 0
        self.bars = 0  # bars opened and not yet closed inside the current bracket

    # -- plumbing -----------------------------------------------------------
    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.pos + ahead, len(self.tokens) - 1)]

    def take(self) -> Token:
        token = self.peek()
        self.pos += 1
        return token

    def text(self, start: int, end: int) -> str:
        return " ".join(self.source.text[start:end].split())

    def error(self, message: str, token: Token | int, hint: str = "") -> InputError:
        index = token if isinstance(token, int) else token.start
        return self.source.error(message, index, hint)

    def count(self, token: Token, n: int = 1) -> None:
        self.nodes += n
        if self.nodes > LIMITS.nodes:
            raise self.error(
                f"The answer has more than {LIMITS.nodes} numbers, names and operations.",
                token,
                "Simplify it before typing it.",
            )

    def exact(self, value: sp.Expr, token: Token) -> sp.Expr:
        """The value of a sum or product, refused if it is an exact number too long to print."""
        if value.is_Rational:
            try:
                check_exact(value)
            except TooLarge as err:
                raise self.error(err.message, token, err.hint) from None
        return value

    @contextmanager
    def nested(self, token: Token, bars: int | None = None) -> Iterator[None]:
        self.depth += 1
        saved = self.bars
        if bars is not None:
            self.bars = bars
        if self.depth > LIMITS.depth:
            raise self.error(f"The answer is nested more than {LIMITS.depth} levels deep.", token)
        try:
            yield
        finally:
            self.depth -= 1
            self.bars = saved

    def starts_operand(self, token: Token) -> bool:
        if token.kind == "|":
            return self.bars == 0
        return token.kind in ("num", "var", "const", "func", "(", "[")

    def operand_after(self, op: Token) -> None:
        """Refuse `x+` (nothing after) and `x*/y` (two operators) with a pointed message."""
        nxt = self.peek()
        if nxt.kind == "op" and nxt.value in "*/^":
            raise self.error(
                f"Two operators in a row: `{op.text}` then `{nxt.text}`.",
                nxt,
                "Delete one of them, or put the missing number or name between them.",
            )
        after = self.peek(1)
        closing_bar = nxt.kind == "|" and self.bars > 0 and (
            after.kind in ("end", ")", "]", ",", "|") or after.kind == "op"
        )
        if nxt.kind in ("end", ")", "]", ",") or closing_bar:
            raise self.error(
                f"There is nothing after `{op.text}`.",
                op,
                f"Finish the expression after `{op.text}`, or delete it.",
            )

    # -- error messages -----------------------------------------------------
    def closing(self, opener: Token, want: str) -> Token:
        token = self.peek()
        if token.kind == want:
            return self.take()
        column = self.source.column(opener.start)
        if token.kind == "end":
            raise self.error(
                f"This `{opener.text}` is never closed.",
                opener,
                f"Add a `{want}` where it should end.",
            )
        if token.kind in (")", "]", "|"):
            raise self.error(
                f"The `{opener.text}` at column {column} is closed by `{token.text}`.",
                token,
                f"Close it with `{want}` instead.",
            )
        raise self.unexpected(token)

    def unexpected(self, token: Token) -> InputError:
        kind = token.kind
        if kind in (")", "]"):
            opener = "(" if kind == ")" else "["
            return self.error(
                f"There is a `{kind}` with no `{opener}` before it.",
                token,
                f"Delete it, or add the missing `{opener}`.",
            )
        if kind == ",":
            return self.error(
                "A comma can only separate the entries of a vector or matrix, inside [ ].",
                token,
                "For a vector type [a, b]; for a decimal use a point, as in 0.5.",
            )
        if kind == "[":
            return self.error(
                "A vector or matrix must be the whole answer.",
                token,
                "Type it alone, as in [a, b] or [[a, b], [c, d]], with each entry worked out.",
            )
        if kind == "op":
            return self.error(
                f"`{token.text}` needs something before it.",
                token,
                "Put the missing number or name in front of it, or delete it.",
            )
        if kind == "sup":
            return self.error("A superscript needs something before it.", token)
        if kind == "!":
            return self.error("Factorial `!` must follow a whole number, as in 5!.", token)
        if kind == "|":
            return self.error(
                "This `|` does not close anything.",
                token,
                "For absolute values, abs(x) is never ambiguous.",
            )
        if kind == "end":
            return self.error("The answer stops too early.", token, "Finish the expression.")
        return self.error(f"`{token.text}` is not expected here.", token)


