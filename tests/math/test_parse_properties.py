"""Property tests: random expression trees, printed in learner syntax in several styles,
parse back to the expression they were printed from."""

from __future__ import annotations

from decimal import Decimal

import mpmath
import numpy as np
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mvcalc.math.functions import sigmoid
from mvcalc.math.input.limits import LIMITS, estimate
from mvcalc.math.input.reader import InputError, parse, symbol
from mvcalc.math.numeric import compile_expr

VARIABLES = ("x", "y", "z")
FUNCTIONS = {
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "exp": sp.exp, "ln": sp.log,
    "sqrt": sp.sqrt, "abs": sp.Abs, "sigmoid": sigmoid, "arctan": sp.atan, "sinh": sp.sinh,
}  # fmt: skip
SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# -- trees -------------------------------------------------------------------------
leaves = st.one_of(
    st.tuples(st.just("var"), st.sampled_from(VARIABLES)),
    st.tuples(st.just("int"), st.integers(1, 12)),
    st.tuples(st.just("rat"), st.integers(1, 9), st.sampled_from([2, 3, 4, 5, 10])),
)


def _extend(children):
    return st.one_of(
        st.tuples(st.sampled_from(["add", "sub", "mul", "div"]), children, children),
        st.tuples(st.just("pow"), children, st.sampled_from([2, 3, -1, -2])),
        st.tuples(st.just("neg"), children),
        st.tuples(st.just("fn"), st.sampled_from(sorted(FUNCTIONS)), children),
    )


trees = st.recursive(leaves, _extend, max_leaves=10)


def to_sympy(tree) -> sp.Expr:
    kind = tree[0]
    if kind == "var":
        return symbol(tree[1])
    if kind == "int":
        return sp.Integer(tree[1])
    if kind == "rat":
        return sp.Rational(tree[1], tree[2])
    if kind == "neg":
        return -to_sympy(tree[1])
    if kind == "pow":
        return sp.Pow(to_sympy(tree[1]), tree[2])
    if kind == "fn":
        return FUNCTIONS[tree[1]](to_sympy(tree[2]))
    a, b = to_sympy(tree[1]), to_sympy(tree[2])
    return {"add": a + b, "sub": a - b, "mul": a * b, "div": a / b}[kind]


# -- printers ------------------------------------------------------------------------
# Each printer returns (text, level, ends_bare): level 3 = atom, 2 = power,
# 1 = product, 0 = sum; ends_bare: the text ends with a function applied without
# brackets, so an implicit product after it would extend the argument.
ATOM, POWER, PRODUCT, SUM = 3, 2, 1, 0


class Printer:
    """Learner syntax; subclasses change one habit at a time."""

    times = "*"
    power = "^"
    minus = "-"

    def show(self, tree) -> str:
        return self.go(tree)[0]

    def wrap(self, printed, level):
        text, lvl, bare = printed
        return (f"({text})", ATOM, False) if lvl < level or (bare and level > PRODUCT) else printed

    def go(self, tree):
        kind = tree[0]
        if kind == "var":
            return tree[1], ATOM, False
        if kind == "int":
            return str(tree[1]), ATOM, False
        if kind == "rat":
            return self.rational(tree[1], tree[2])
        if kind == "neg":
            inner = self.wrap(self.go(tree[1]), POWER)
            return f"{self.minus}{inner[0]}", SUM, inner[2]
        if kind == "pow":
            base = self.wrap(self.go(tree[1]), ATOM)
            return f"{base[0]}{self.exponent(tree[2])}", POWER, False
        if kind == "fn":
            return self.function(tree[1], self.go(tree[2]))
        left, right = self.go(tree[1]), self.go(tree[2])
        if kind in ("add", "sub"):
            right = self.wrap(right, PRODUCT if kind == "sub" else SUM)
            if kind == "add" and right[0].startswith(self.minus):
                right = (f"({right[0]})", ATOM, False)
            op = " + " if kind == "add" else f" {self.minus} "
            return f"{left[0]}{op}{right[0]}", SUM, right[2]
        if kind == "mul":
            left, right = self.wrap(left, PRODUCT), self.wrap(right, POWER)
            return self.product(left, right)
        left, right = self.wrap(left, PRODUCT), self.wrap(right, ATOM)
        return f"{left[0]}/{right[0]}", PRODUCT, False

    def rational(self, p, q):
        return f"({p}/{q})", ATOM, False

    def exponent(self, k):
        return f"{self.power}{k}" if k > 0 else f"{self.power}({k})"

    def product(self, left, right):
        return f"{left[0]}{self.times}{right[0]}", PRODUCT, right[2]

    def function(self, name, arg):
        return f"{name}({arg[0]})", ATOM, False


class Implicit(Printer):
    """Implicit multiplication with spaces, `**` for powers, exponents without brackets."""

    power = "**"

    def exponent(self, k):
        return f"{self.power}{k}"

    def product(self, left, right):
        glue = " * " if left[2] or right[0][0].isdigit() or right[0][0] == "." else " "
        return f"{left[0]}{glue}{right[0]}", PRODUCT, right[2]


class Bare(Implicit):
    """Functions applied without brackets when the argument is a name or a number,
    decimals for rationals, and |x| for abs."""

    power = "^"

    def rational(self, p, q):
        if q in (2, 4, 5, 10):
            return str(Decimal(p) / Decimal(q)), ATOM, False
        return super().rational(p, q)

    def function(self, name, arg):
        if name == "abs":
            text = arg[0] if "|" not in arg[0] else f"({arg[0]})"
            return f"|{text}|", ATOM, False
        if arg[1] == ATOM and not arg[0].startswith("(") and "." not in arg[0]:
            return f"{name} {arg[0]}", PRODUCT, True
        return super().function(name, arg)


class Unicode(Implicit):
    """× for products, − for minus, superscripts for small powers, √ for sqrt."""

    times, minus, power = "×", "−", "^"
    SUPER = {2: "²", 3: "³", -1: "⁻¹", -2: "⁻²"}

    def exponent(self, k):
        return self.SUPER[k]

    def product(self, left, right):
        return f"{left[0]}×{right[0]}", PRODUCT, right[2]

    def function(self, name, arg):
        if name == "sqrt":
            return f"√({arg[0]})", ATOM, False
        return super().function(name, arg)


# -- comparison --------------------------------------------------------------------------
def equal(got, expected) -> bool:
    if got == expected or sp.expand(got - expected) == 0:
        return True
    rng = np.random.default_rng(0)
    env = {v: rng.uniform(0.2, 2.5, 40) for v in VARIABLES}
    a = compile_expr(got, VARIABLES)(env)
    b = compile_expr(expected, VARIABLES)(env)
    both = np.isfinite(a) & np.isfinite(b)
    return both.sum() >= 10 and np.allclose(a[both], b[both], rtol=1e-9, atol=1e-12)


def huge(expr) -> bool:
    """Holds a constant beyond the parser's limit (exp(exp(7)) is e^1097), or its reciprocal: text such as
    x/exp(7^3) builds the huge denominator before SymPy folds it into x·exp(−343)."""
    for sub in sp.preorder_traversal(expr):
        if not sub.free_symbols and not sub.is_Rational:
            for value in (sub, 1 / sub):
                size = estimate(value)
                if mpmath.isnan(size) or abs(size) > LIMITS.magnitude:
                    return True
    return False


def round_trip(printer: Printer, tree) -> None:
    expected = to_sympy(tree)
    assume(not expected.has(sp.zoo, sp.nan, sp.oo, -sp.oo))
    text = printer.show(tree)
    try:
        got = parse(text)
    except InputError as err:  # only a division by zero or a gigantic constant may be refused
        refusable = ("zero", "finite", "undefined") + (("too large",) if huge(expected) else ())
        assert any(word in err.message for word in refusable), (text, str(err))
        return
    assert equal(got, expected), (text, got, expected)


@SETTINGS
@given(trees)
def test_explicit_style_round_trips(tree):
    round_trip(Printer(), tree)


@SETTINGS
@given(trees)
def test_implicit_products_and_double_star_round_trip(tree):
    round_trip(Implicit(), tree)


@SETTINGS
@given(trees)
def test_bare_function_application_decimals_and_bars_round_trip(tree):
    round_trip(Bare(), tree)


@SETTINGS
@given(trees)
def test_unicode_style_round_trips(tree):
    round_trip(Unicode(), tree)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_read_or_refused_cleanly(text):
    try:
        parse(text)
    except InputError as err:
        assert err.column >= 1 and err.message


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="xy2.^*/+-()|[], sincoelp!e", max_size=30))
def test_near_miss_syntax_is_read_or_refused_cleanly(text):
    try:
        parse(text)
    except InputError as err:
        assert 1 <= err.column <= len(text) + 1, (text, err.column)
