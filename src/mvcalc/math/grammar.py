"""The expression grammar: tokens -> SymPy, with every size limit checked first.

Grammar (loosest first)::

    sum      := term (("+" | "-") term)*
    term     := signed (("*" | "/") signed | <implicit> power)*
    signed   := ("+" | "-") signed | power           -x^2 is -(x^2)
    power    := postfix (superscript | "^" exponent)?
    exponent := ("+" | "-") exponent | power         right-associative; 2^-1 works
    postfix  := primary "!"*
    primary  := number | name | "(" sum ")" | "|" sum "|" | function
    function := name (superscript | "^" integer)? ( "(" sum ")" | bare )
    bare     := ("+" | "-") bare | power (<implicit> power, stopping at a function)*

Each method returns a `Node`: the SymPy value plus where it sits in the text, so
that notes can quote the learner's own spelling.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

import sympy as sp

from mvcalc.math.input_error import InputError
from mvcalc.math.lexer import Source, Token
from mvcalc.math.limits import LIMITS, TooLarge, check_argument, check_constant, check_power
from mvcalc.math.notation import CONSTANTS, FUNCTIONS, GREEK, Function


@functools.lru_cache(maxsize=4096)
def symbol(name: str) -> sp.Symbol:
    """The canonical SymPy symbol for a variable name (real; θ and theta are the same)."""
    return sp.Symbol(GREEK.get(name, name), real=True)


@dataclass(frozen=True)
class Node:
    """A parsed piece: its value, where it is in the text, and what the notes need."""

    value: sp.Expr
    start: int
    end: int
    kind: str = ""  # "num" for a bare number literal, "var"/"const" for a bare name
    bare_call: str = ""  # "ln(x)" when the piece ends with a call without brackets
    glued_power: bool = False  # ends with ^<number>, as in e^2


class Parser:
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

    # -- grammar ------------------------------------------------------------
    def sum(self) -> Node:
        left = self.term()
        while (op := self.peek()).kind == "op" and op.value in "+-":
            self.take()
            self.operand_after(op)
            right = self.term()
            self.count(op)
            other = right.value if op.value == "+" else sp.Mul(sp.S.NegativeOne, right.value)
            left = Node(sp.Add(left.value, other), left.start, right.end)
        return left

    def term(self) -> Node:
        left = self.signed()
        start, divided = left.start, False
        while True:
            op = self.peek()
            if op.kind == "op" and op.value in "*/":
                self.take()
                self.operand_after(op)
                right = self.signed()
                self.count(op)
                if op.value == "*":
                    value = sp.Mul(left.value, right.value)
                else:
                    if right.value == 0:
                        raise self.error("This divides by zero.", op, "Check the denominator.")
                    if left.bare_call:
                        self.notes.append(
                            f"read `{self.text(start, right.end)}` as "
                            f"{left.bare_call}/{self.text(right.start, right.end)}"
                        )
                    value = sp.Mul(left.value, sp.Pow(right.value, sp.S.NegativeOne))
                    divided = True
                left = Node(value, start, right.end, bare_call=right.bare_call)
            elif self.starts_operand(op):
                right = self.power()
                self.count(op)
                self.implicit_product_notes(start, left, right, op, divided)
                value = sp.Mul(left.value, right.value)
                left = Node(value, start, right.end, bare_call=right.bare_call,
                             glued_power=right.glued_power)  # fmt: skip
            else:
                return left

    def implicit_product_notes(
        self, start: int, left: Node, right: Node, op: Token, divided: bool
    ) -> None:
        whole = self.text(start, right.end)
        shown_left, shown_right = self.text(start, left.end), self.text(right.start, right.end)
        if divided:
            self.notes.append(
                f"read `{whole}` as ({shown_left})·{shown_right}; "
                f"type brackets around the denominator if {shown_right} belongs in it"
            )
        elif left.glued_power and op.start == left.end:
            self.notes.append(
                f"read `{whole}` as ({shown_left})·{shown_right}; "
                f"type brackets around the exponent if {shown_right} belongs in it"
            )
        elif left.kind in ("var", "const") and op.kind == "(":
            self.notes.append(f"read `{whole}` as {shown_left}·{shown_right}, a product")

    def signed(self) -> Node:
        op = self.peek()
        if op.kind == "op" and op.value in "+-":
            self.take()
            self.operand_after(op)
            with self.nested(op):
                inner = self.signed()
            self.count(op)
            value = inner.value if op.value == "+" else sp.Mul(sp.S.NegativeOne, inner.value)
            kind = "num" if inner.kind == "num" else ""
            return Node(value, op.start, inner.end, kind, inner.bare_call, inner.glued_power)
        return self.power()

    def power(self) -> Node:
        base = self.postfix()
        op = self.peek()
        if op.kind == "sup":
            self.take()
            self.count(op)
            return Node(_power(self, base.value, sp.Integer(op.value), op), base.start, op.end)
        if op.kind != "op" or op.value != "^":
            return base
        self.take()
        if not (self.peek().kind == "op" and self.peek().value in "+-"):
            self.operand_after(op)
        with self.nested(op):
            exponent = self.exponent()
        self.count(op)
        if base.kind == "const" and base.value == sp.E and exponent.value.free_symbols:
            shown = self.text(exponent.start, exponent.end)
            if shown.startswith("(") and shown.endswith(")"):
                shown = shown[1:-1]
            self.notes.append(f"read `{self.text(base.start, exponent.end)}` as exp({shown})")
        value = _power(self, base.value, exponent.value, op)
        glued = exponent.kind == "num" or exponent.glued_power
        return Node(value, base.start, exponent.end, bare_call=exponent.bare_call,
                     glued_power=glued)  # fmt: skip

    def exponent(self) -> Node:
        op = self.peek()
        if op.kind == "op" and op.value in "+-":
            self.take()
            self.operand_after(op)
            with self.nested(op):
                inner = self.exponent()
            self.count(op)
            value = inner.value if op.value == "+" else sp.Mul(sp.S.NegativeOne, inner.value)
            return replace(inner, value=value, start=op.start)
        return self.power()

    def postfix(self) -> Node:
        node = self.primary()
        while self.peek().kind == "!":
            bang = self.take()
            n = node.value
            if not (n.is_Integer and 0 <= n <= LIMITS.factorial):
                raise self.error(
                    f"Factorial `!` is only read after a whole number from 0 to {LIMITS.factorial}.",
                    bang,
                    "Type the number it stands for instead.",
                )
            self.count(bang)
            node = Node(sp.factorial(n), node.start, bang.end, "num")
        return node

    def primary(self) -> Node:
        token = self.take()
        kind = token.kind
        if kind == "num":
            self.count(token)
            if token.decimal:
                self.notes.append(f"read `{token.text}` as {token.value}")
            return Node(token.value, token.start, token.end, "num")
        if kind == "var":
            self.count(token)
            return Node(symbol(token.value), token.start, token.end, "var")
        if kind == "const":
            self.count(token)
            return Node(CONSTANTS[token.value], token.start, token.end, "const")
        if kind == "func":
            return self.function(token)
        if kind == "(":
            if self.peek().kind == ")":
                raise self.error("There is nothing between `(` and `)`.", token)
            with self.nested(token, bars=0):
                inner = self.sum()
                close = self.closing(token, ")")
            return Node(inner.value, token.start, close.end)
        if kind == "|":
            with self.nested(token, bars=self.bars + 1):
                if self.peek().kind == "|" and self.peek(1).kind in ("end", ")", "]", ",", "!"):
                    raise self.error("There is nothing between the bars `| |`.", token)
                inner = self.sum()
                close = self.closing(token, "|")
            self.count(token)
            return Node(self.apply(FUNCTIONS["abs"], inner.value, token), token.start, close.end)
        self.pos -= 1
        raise self.unexpected(token)

    def function(self, token: Token) -> Node:
        """A function applied to a bracketed argument, or to a bare one (`sin 2x`)."""
        info = FUNCTIONS[token.value]
        power, power_end = self.function_power(token)
        nxt = self.peek()
        if nxt.kind == "(":
            if self.peek(1).kind == ")":
                raise self.error(f"`{token.text}` needs an argument inside the brackets.", nxt)
            with self.nested(nxt, bars=0):
                self.take()
                arg = self.sum()
                if self.peek().kind == ",":
                    raise self.error(
                        f"`{info.name}` takes one argument.",
                        self.peek(),
                        "For a vector of values, type [a, b] as the whole answer.",
                    )
                close = self.closing(nxt, ")")
            arg = Node(arg.value, nxt.start, close.end)
            shown, bare = self.text(nxt.start, close.end), False
            if token.text in ("σ", "sigma") and not power:
                self.notes.append(f"read `{self.text(token.start, close.end)}` as the sigmoid "
                                  f"function σ{shown}")  # fmt: skip
        elif self.starts_operand(nxt) or (nxt.kind == "op" and nxt.value in "+-"):
            with self.nested(nxt):
                arg = self.bare_argument()
            shown, bare = "(" + self.text(arg.start, arg.end) + ")", True
        else:
            raise self.error(
                f"`{token.text}` needs an argument.",
                token,
                f"Type it after the function, as in {info.name}(x).",
            )
        self.count(token)
        spelled = self.text(token.start, arg.end)
        if power == -1:
            inverse = FUNCTIONS[info.inverse]
            value = self.apply(inverse, arg.value, token)
            self.notes.append(
                f"read `{spelled}` as {inverse.name}{shown}, the inverse function, "
                f"not 1/{info.name}{shown}"
            )
        elif power:
            self.count(token)
            value = _power(self, self.apply(info, arg.value, token), sp.Integer(power), token)
            self.notes.append(f"read `{spelled}` as ({info.name}{shown})^{power}")
        else:
            value = self.apply(info, arg.value, token)
            if bare:
                self.notes.append(f"read `{spelled}` as {info.name}{shown}")
        return Node(value, token.start, arg.end, bare_call=f"{info.name}{shown}" if bare else "")

    def apply(self, info: Function, arg: sp.Expr, token: Token) -> sp.Expr:
        """info(arg), refused before SymPy evaluates it if a constant in it is huge."""
        try:
            check_argument(arg, info.name)
            value = info.build(arg)
            check_constant(value)
        except TooLarge as err:
            raise self.error(err.message, token, err.hint) from None
        return value

    def function_power(self, token: Token) -> tuple[int, int]:
        """`sin^2`, `sin²`, `sin^-1`, `sin^(-1)`: the power written on a function name."""
        info = FUNCTIONS[token.value]
        nxt = self.peek()
        if nxt.kind == "sup":
            self.take()
            power, end = nxt.value, nxt.end
        elif nxt.kind == "op" and nxt.value == "^":
            self.take()
            opened = self.peek().kind == "("
            if opened:
                self.take()
            sign = 1
            while self.peek().kind == "op" and self.peek().value in "+-":
                sign = -sign if self.take().value == "-" else sign
            number = self.take()
            closed = not opened or self.take().kind == ")"
            if number.kind != "num" or number.decimal or not number.value.is_Integer or not closed:
                raise self.error(
                    f"After `{token.text}^` I expected a whole number, as in {info.name}^2 x.",
                    nxt,
                    f"For a power of the result, type ({info.name} x)^n or {info.name}(x)^n.",
                )
            power, end = sign * int(number.value), self.tokens[self.pos - 1].end
        else:
            return 0, token.end
        if power == -1 and info.inverse:
            return power, end
        if power < 1 or power > LIMITS.exponent:
            hint = (
                f"For the reciprocal type 1/{info.name}(x)^{abs(power)}."
                if power < 0
                else f"Type {info.name}(x)^n for a power of {info.name}."
            )
            if power == -1:
                hint = f"{info.name} has no inverse with a name here; for 1/{info.name}(x) type that."
            raise self.error(f"`{token.text}^{power}` is ambiguous here.", nxt, hint)
        return power, end

    def bare_argument(self) -> Node:
        """The argument of a function written without brackets: a product of powers,
        stopping at + - * / and at the next function (`sin x cos x`)."""
        op = self.peek()
        if op.kind == "op" and op.value in "+-":
            self.take()
            self.operand_after(op)
            with self.nested(op):
                inner = self.bare_argument()
            self.count(op)
            value = inner.value if op.value == "+" else sp.Mul(sp.S.NegativeOne, inner.value)
            return Node(value, op.start, inner.end)
        left = self.power()
        while self.starts_operand(self.peek()) and self.peek().kind != "func":
            token = self.peek()
            right = self.power()
            self.count(token)
            left = Node(sp.Mul(left.value, right.value), left.start, right.end)
        return left

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


def _power(parser: Parser, base: sp.Expr, exponent: sp.Expr, op: Token) -> sp.Expr:
    """base^exponent, refused *before* SymPy computes it if the result could be huge."""
    try:
        check_power(base, exponent)
        value = sp.Pow(base, exponent)
        check_constant(value, "This power")
    except TooLarge as err:
        raise parser.error(err.message, op, err.hint) from None
    return value
