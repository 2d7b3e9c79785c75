"""The expression grammar: tokens -> SymPy, with every size limit checked first.

Grammar (loosest first)::

    sum      := term (("+" | "-") term)*
    term     := signed (("*" | "/") signed | <implicit> power)*
    signed   := ("+" | "-") signed | power           -x^2 is -(x^2)
    power    := postfix (superscript | "^" exponent)?
    exponent := ("+" | "-") exponent | power         right-associative; 2^-1 works
    postfix  := primary "!"*                      n!, (n+1)! for integer variables
    primary  := number | name | "(" sum ")" | "|" sum "|" | function
    function := name (superscript | "^" integer)? ( "(" sum ("," sum)? ")" | bare )
                                                  log(x, b), root(x, n), binomial(n, k)
    name     := ... | "log_" ( digits | name | "(" sum ")" )   log_2 x, log_b(x), log_(b+1)(x)
    bare     := ("+" | "-") bare | power (<implicit> power, stopping at a function)*

Each method returns a `Node`: the SymPy value plus where it sits in the text, so
that notes can quote the learner's own spelling.
"""

from __future__ import annotations

import functools

import sympy as sp

from mvcalc.math.input.integers import Ranges, integer_symbol, is_integer_valued
from mvcalc.math.input.lexer import Token
from mvcalc.math.input.limits import (
    LIMITS,
    TooLarge,
    check_argument,
    check_constant,
    check_power,
    clear_sign,
)
from mvcalc.math.input.notation import (
    CONSTANTS,
    FUNCTIONS,
    GREEK,
    Function,
    function,
    log_base,
)
from mvcalc.math.input.syntax import Node, ParserBase


@functools.lru_cache(maxsize=4096)
def symbol(name: str) -> sp.Symbol:
    """The canonical SymPy symbol for a variable name (real; θ and theta are the same)."""
    return sp.Symbol(GREEK.get(name, name), real=True)


class Parser(ParserBase):
    """The grammar rules, one method each (see the module docstring).

    `integers` are the declared integer variables (name -> least value)."""

    integers: Ranges = {}

    def variable(self, name: str) -> sp.Symbol:
        if name in self.integers:
            return integer_symbol(name, self.integers[name])
        return symbol(name)

    def sum(self) -> Node:
        first = self.term()
        terms, last, ops = [first.value], first, []
        while (op := self.peek()).kind == "op" and op.value in "+-":
            self.take()
            self.operand_after(op)
            last = self.term()
            self.count(op)
            ops.append(op)
            terms.append(last.value if op.value == "+" else -last.value)
        if not ops:
            return first
        # one Add of all the terms: adding one at a time would re-sort them n times
        return Node(self.exact(sp.Add(*terms), ops[0]), first.start, last.end)

    def term(self) -> Node:
        left = self.signed()
        factors, ops = [left.value], []
        start, divided = left.start, False
        while True:
            op = self.peek()
            if op.kind == "op" and op.value in "*/":
                self.take()
                self.operand_after(op)
                right = self.signed()
                self.count(op)
                if op.value == "*":
                    factors.append(right.value)
                else:
                    if right.value == 0:
                        raise self.error("This divides by zero.", op, "Check the denominator.")
                    if _split_exponent(left, right):
                        shown = self.text(right.start, right.end)
                        self.notes.append(
                            f"read `{self.text(start, right.end)}` as "
                            f"({self.text(start, left.end)})/{shown}; type brackets around "
                            f"the exponent if /{shown} belongs in it"
                        )
                    if left.bare_call:
                        self.notes.append(
                            f"read `{self.text(left.bare_start, right.end)}` as "
                            f"{left.bare_call}/{self.text(right.start, right.end)}"
                        )
                    factors.append(sp.Pow(right.value, sp.S.NegativeOne))
                    divided = True
                left = Node(None, start, right.end, bare_call=right.bare_call,
                            bare_start=right.bare_start)  # fmt: skip
            elif self.starts_operand(op):
                right = self.power()
                self.count(op)
                self.implicit_product_notes(start, left, right, op, divided)
                divided = False  # one note per division is enough
                factors.append(right.value)
                left = Node(None, start, right.end, bare_call=right.bare_call,
                            bare_start=right.bare_start, glued_power=right.glued_power,
                            exponent=right.exponent)  # fmt: skip
            else:
                break
            ops.append(op)
        if not ops:
            return left
        value = self.exact(sp.Mul(*factors), ops[0])
        return left._replace(value=value)

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
        elif (left.kind in ("var", "const") and op.kind == "(") or op.kind == "num":
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
            return inner._replace(value=value, start=op.start, kind=kind)
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
        literal = exponent.value if exponent.kind == "num" else None
        return exponent._replace(value=value, start=base.start, kind="", glued_power=glued,
                                 exponent=literal)  # fmt: skip

    def exponent(self) -> Node:
        op = self.peek()
        if op.kind == "op" and op.value in "+-":
            self.take()
            self.operand_after(op)
            with self.nested(op):
                inner = self.exponent()
            self.count(op)
            value = inner.value if op.value == "+" else sp.Mul(sp.S.NegativeOne, inner.value)
            return inner._replace(value=value, start=op.start)
        return self.power()

    def postfix(self) -> Node:
        node = self.primary()
        while self.peek().kind == "!":
            bang = self.take()
            n = node.value
            symbolic = not n.is_Integer and is_integer_valued(n, self.integers)
            if not (symbolic or (n.is_Integer and 0 <= n <= LIMITS.factorial)):
                raise self.error(
                    f"Factorial `!` is read after a whole number from 0 to {LIMITS.factorial} "
                    "or an integer variable, as in 5!, n! or (2n+1)!.",
                    bang,
                    self.factorial_hint(n),
                )
            self.count(bang)
            node = Node(sp.factorial(n), node.start, bang.end, "" if symbolic else "num")
        return node

    def factorial_hint(self, n: sp.Expr) -> str:
        if n.is_number:
            return "Type the number it stands for instead."
        if not self.integers:
            return "There are no integer variables in this answer."
        names = ", ".join(sorted(self.integers))
        return f"Only integer variables ({names}) and whole-number expressions in them take `!`."

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
            return Node(self.variable(token.value), token.start, token.end, "var")
        if kind == "const":
            self.count(token)
            return Node(CONSTANTS[token.value], token.start, token.end, "const")
        if kind == "func":
            return self.function(token)
        if kind in ("(", "|") and self.peek().kind == "end":
            want = ")" if kind == "(" else "|"
            raise self.error(f"This `{kind}` is never closed.", token, f"Add a `{want}` after it.")
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
        info = self.function_info(token)
        power = self.function_power(token, info)
        nxt = self.peek()
        extra: list[sp.Expr] = []
        if nxt.kind == "(":
            if self.peek(1).kind == ")":
                raise self.error(f"`{token.text}` needs an argument inside the brackets.", nxt)
            with self.nested(nxt, bars=0):
                self.take()
                arg = self.sum()
                spans = [arg]
                while self.peek().kind == ",":
                    comma = self.take()
                    if len(spans) >= max(info.arity):
                        raise self.error(_arguments(info, token), comma, _example(info))
                    self.operand_after(comma)
                    spans.append(self.sum())
                close = self.closing(nxt, ")")
            if len(spans) not in info.arity:
                raise self.error(_arguments(info, token), close, _example(info))
            extra = [node.value for node in spans[1:]]
            arg = Node(arg.value, nxt.start, close.end)
            shown, bare = self.text(nxt.start, close.end), False
            if extra and token.value != "binomial":
                words = [self.text(node.start, node.end) for node in spans]
                if info.name == "root":
                    words[1] = _ordinal(words[1])
                self.notes.append(f"read `{self.text(token.start, close.end)}` as "
                                  f"{info.reading.format(*words)}")  # fmt: skip
            if token.text in ("σ", "sigma") and not power:
                self.notes.append(f"read `{self.text(token.start, close.end)}` as the sigmoid "
                                  f"function σ{shown}")  # fmt: skip
        elif 1 not in info.arity:
            raise self.error(
                f"`{token.text}` takes its arguments in brackets.", token, _example(info)
            )
        elif self.starts_operand(nxt) or (
            nxt.kind == "op" and nxt.value in "+-" and self.peek(1).start == nxt.end
        ):
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
            value = _power(self, self.apply(info, arg.value, token, extra), sp.Integer(power), token)
            self.notes.append(f"read `{spelled}` as ({info.name}{shown})^{power}")
        else:
            value = self.apply(info, arg.value, token, extra)
            if bare:
                self.notes.append(f"read `{spelled}` as {info.name}{shown}")
        reading = f"{info.name}{shown}" if bare else ""
        return Node(value, token.start, arg.end, bare_call=reading, bare_start=token.start)

    def apply(
        self, info: Function, arg: sp.Expr, token: Token, extra: list[sp.Expr] = ()
    ) -> sp.Expr:
        """info(arg, *extra), refused before SymPy evaluates it if a constant in it is huge."""
        try:
            for each in (arg, *extra):
                check_argument(each, info.name)
            if info.name == "root":
                _check_index(extra[0])
            if info.name == "binomial":
                _check_binomial(arg, extra[0])
            value = _constant_abs(arg) if info.build is sp.Abs else None
            value = info.build(arg, *extra) if value is None else value
            check_constant(value)
        except TooLarge as err:
            raise self.error(err.message, token, err.hint) from None
        return value

    def function_info(self, token: Token) -> Function:
        """The function a func token names; log_b and log_(b) read their base here."""
        name = token.value
        info = function(name)
        if info is not None:
            return info
        if name == "log_":  # log_(expression)(x): the base in brackets right after
            opener = self.take()
            with self.nested(opener, bars=0):
                base = self.sum()
                close = self.closing(opener, ")")
            self.count(token)
            return log_base(base.value, f"log_{self.text(opener.start, close.end)}")
        base_name = name[len("log_"):]
        base = CONSTANTS[base_name] if base_name in CONSTANTS else self.variable(base_name)
        self.count(token)
        return log_base(base, name)

    def function_power(self, token: Token, info: Function) -> int:
        """`sin^2`, `sin²`, `sin^-1`, `sin^(-1)`: the power written on a function name."""
        nxt = self.peek()
        if nxt.kind == "sup":
            self.take()
            power = nxt.value
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
            power = sign * int(number.value)
        else:
            return 0
        if power == -1 and info.inverse:
            return power
        if power < 1 or power > LIMITS.exponent:
            hint = (
                f"For the reciprocal type 1/{info.name}(x)^{abs(power)}."
                if power < 0
                else f"Type {info.name}(x)^n for a power of {info.name}."
            )
            if power == -1:
                hint = f"{info.name} has no inverse with a name here; for 1/{info.name}(x) type that."
            raise self.error(f"`{token.text}^{power}` is ambiguous here.", nxt, hint)
        return power

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
            left = Node(self.exact(sp.Mul(left.value, right.value), token), left.start, right.end)
        return left


def _power(parser: Parser, base: sp.Expr, exponent: sp.Expr, op: Token) -> sp.Expr:
    """base^exponent, refused *before* SymPy computes it if the result could be huge."""
    try:
        check_power(base, exponent)
        value = sp.Pow(base, exponent)
        check_constant(value, "This power")
    except TooLarge as err:
        raise parser.error(err.message, op, err.hint) from None
    return value


def _ordinal(number: str) -> str:
    """3 -> 3rd, 5 -> 5th (the index of a root, as typed)."""
    if not number.isdigit():
        return number
    last, tens = int(number) % 10, int(number) % 100
    suffix = "th" if 10 <= tens <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(last, "th")
    return number + suffix


def _arguments(info: Function, token: Token) -> str:
    counts = " or ".join(("one", "two", "three")[k - 1] for k in info.arity)
    plural = "argument" if info.arity == (1,) else "arguments"
    return f"`{token.text}` takes {counts} {plural}."


def _example(info: Function) -> str:
    return {
        "ln": "Type log(x) for ln x, or log(x, b) for the logarithm to base b.",
        "root": "Type root(x, n) for the n-th root of x, as in root(x, 3).",
        "binomial": "Type binomial(n, k) for n choose k.",
    }.get(info.name, "For a vector of values, type [a, b] as the whole answer.")


def _check_index(n: sp.Expr) -> None:
    """root(x, n) needs a whole number n ≥ 1 (an index, not an expression)."""
    if not (n.is_Integer and 1 <= n <= LIMITS.exponent):
        raise TooLarge(
            f"The second argument of root is the index, a whole number from 1 to {LIMITS.exponent}.",
            "Type root(x, 3) for the cube root of x; for other powers type x^(p/q).",
        )


def _check_binomial(n: sp.Expr, k: sp.Expr) -> None:
    """binomial(n, k) of numbers: small enough to work out exactly."""
    for each in (n, k):
        if each.is_number and not (each.is_Rational and abs(each) <= LIMITS.exponent):
            raise TooLarge(
                f"The numbers in binomial(n, k) can be at most {LIMITS.exponent} here.",
                "Use smaller numbers.",
            )


def _split_exponent(left: Node, right: Node) -> bool:
    """`x^1/2`, `x^3/2`: a number exponent, then a division by a number that would make a
    fraction of it; the learner may have meant x^(1/2). (`x^2/2` is left alone.)"""
    if left.exponent is None or right.kind != "num" or not right.value.is_Rational:
        return False
    return not (left.exponent / right.value).is_Integer


def _constant_abs(arg: sp.Expr) -> sp.Expr | None:
    """|c| for a constant c whose sign the float estimate settles: ±c, without asking
    SymPy, which would evaluate c to many digits to find its sign."""
    if arg.free_symbols or arg.is_Rational:
        return None
    sign = clear_sign(arg)
    return None if sign == 0 else (arg if sign > 0 else -arg)
