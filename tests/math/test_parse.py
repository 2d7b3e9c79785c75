"""The input language, rule by rule: what each notation reads as, and the notes it leaves."""

import pytest
import sympy as sp

from mvcalc.math.functions import real_root, sigmoid
from mvcalc.math.input.notation import FUNCTIONS
from mvcalc.math.input.reader import FUNCTION_NAMES, InputError, Reading, parse, read, symbol

x, y, z, t = (symbol(n) for n in "xyzt")
theta, mu, sigma = symbol("theta"), symbol("mu"), symbol("sigma")
R = sp.Rational


def same(text, expected, variables=None):
    got = parse(text, variables)
    assert got == expected, (text, got, expected)


def notes(text, variables=None):
    return read(text, variables).notes


# -- numbers -----------------------------------------------------------------
@pytest.mark.parametrize(
    "text, value",
    [
        ("3", 3),
        ("0.5", R(1, 2)),
        (".5", R(1, 2)),
        ("3/4", R(3, 4)),
        ("2.5e-3", R(1, 400)),
        ("1E3", 1000),
        ("0.1 + 0.2", R(3, 10)),
        ("007", 7),
        ("3.", 3),
        ("½", R(1, 2)),
        ("5!", 120),
        ("0!", 1),
        ("3!!", 720),
    ],
)
def test_numbers_are_exact(text, value):
    got = parse(text)
    assert got == value and isinstance(got, sp.Rational)


def test_decimals_are_noted_as_fractions():
    assert "read `0.25` as 1/4" in notes("0.25x")
    assert notes("3x") == ()


# -- operators and precedence --------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("x^2", x**2),
        ("x**2", x**2),
        ("2^3^2", sp.Integer(2) ** 9),  # right-associative
        ("x^y^z", x ** (y**z)),
        ("-x^2", -(x**2)),
        ("2^-1", R(1, 2)),
        ("x^-2", x**-2),
        ("e^-x^2", sp.exp(-(x**2))),
        ("x - y - z", x - y - z),
        ("x / y / z", x / (y * z)),
        ("x*-y", -x * y),
        ("x + -y", x - y),
        ("--x", x),
        ("+x", x),
        ("2*(x+1)", 2 * x + 2),
        ("x²", x**2),
        ("x³ + y²", x**3 + y**2),
        ("x⁻¹", 1 / x),
        ("x¹⁰", x**10),
        ("(x+1)²", (x + 1) ** 2),
    ],
)
def test_operators(text, expected):
    same(text, expected)


# -- implicit multiplication ----------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("2x", 2 * x),
        ("2 sin x", 2 * sp.sin(x)),
        ("x y", x * y),
        ("(x+1)(x-1)", (x + 1) * (x - 1)),
        ("3(x+1)", 3 * (x + 1)),
        ("2(x)(y)", 2 * x * y),
        ("x(x+1)", x * (x + 1)),
        ("2x^2", 2 * x**2),
        ("x^2y", x**2 * y),
        ("1/2x", x / 2),
        ("2 pi x", 2 * sp.pi * x),
        ("2|x|", 2 * sp.Abs(x)),
        ("(x)y", x * y),
    ],
)
def test_implicit_multiplication(text, expected):
    same(text, expected)


def test_risky_implicit_products_are_noted():
    assert "read `x(x+1)` as x·(x+1), a product" in notes("x(x+1)")
    assert any("(1/2)·x" in n for n in notes("1/2x"))
    assert len(notes("4/3 π r^3")) == 1
    assert parse("x^1/2") == x / 2
    assert any("(x^1)/2" in n and "exponent" in n for n in notes("x^1/2"))
    assert any("(x^-1)/2" in n for n in notes("x^-1/2"))
    assert any("(x^3)/2" in n for n in notes("x^3/2"))
    assert notes("x^2/2") == ()
    assert any("(e^2)·x" in n for n in notes("e^2x"))
    assert notes("2x") == ()
    assert notes("(x+1)(x-1)") == ()
    assert notes("2 3") == ("read `2 3` as 2·3, a product",)
    assert notes("(x+1)2") == ("read `(x+1)2` as (x+1)·2, a product",)


# -- letter runs ------------------------------------------------------------------
def test_declared_single_letters_split_with_a_note():
    assert parse("xy", ["x", "y"]) == x * y
    assert notes("xy", ["x", "y"]) == ("read `xy` as x·y",)
    assert parse("2xyz", "x y z".split()) == 2 * x * y * z


def test_open_vocabulary_splits_unknown_runs():
    assert parse("ab") == symbol("a") * symbol("b")
    assert notes("abc") == ("read `abc` as a·b·c",)


def test_declared_multi_letter_names_win_over_splitting():
    assert parse("mu", ["mu", "m", "u"]) == mu
    assert parse("mu x", ["mu", "x"]) == mu * x
    assert parse("x1 + x2", ["x1", "x2"]) == symbol("x1") + symbol("x2")
    assert parse("x1x2", ["x1", "x2"]) == symbol("x1") * symbol("x2")
    assert parse("a_1 b", ["a_1", "b"]) == symbol("a_1") * symbol("b")


def test_subscripts_and_underscores_name_the_same_variable():
    assert parse("x₁ + x_1", ["x_1"]) == 2 * symbol("x_1")
    assert parse("x₁", ["x1"]) == symbol("x1")


def test_longest_match_first():
    assert parse("pix") == sp.pi * x
    assert parse("xsinx") == x * sp.sin(x)
    assert parse("coshx") == sp.cosh(x)
    assert parse("ex") == sp.E * x
    assert parse("expx") == sp.exp(x)


# -- constants ---------------------------------------------------------------------
def test_e_and_pi():
    assert parse("e") == sp.E
    assert parse("pi") == sp.pi and parse("π") == sp.pi
    assert parse("e^x") == sp.exp(x)
    assert "read `e^x` as exp(x)" in notes("e^x")
    assert parse("e^(2x)") == sp.exp(2 * x)


def test_declared_variables_shadow_constants():
    assert parse("e", ["e"]) == symbol("e")
    assert parse("pi r^2", ["pi", "r"]) == symbol("pi") * symbol("r") ** 2


def test_i_is_an_ordinary_variable():
    assert parse("i") == symbol("i")
    assert parse("I") == symbol("I")


# -- functions ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("sin x", sp.sin(x)),
        ("cos(x)", sp.cos(x)),
        ("tan x", sp.tan(x)),
        ("sec x + csc x + cot x", sp.sec(x) + sp.csc(x) + sp.cot(x)),
        ("arcsin x + asin y", sp.asin(x) + sp.asin(y)),
        ("arccos x + acos y", sp.acos(x) + sp.acos(y)),
        ("arctan x + atan y", sp.atan(x) + sp.atan(y)),
        ("arcsec x + arccsc x + arccot x", sp.asec(x) + sp.acsc(x) + sp.acot(x)),
        ("sinh x + cosh x + tanh x", sp.sinh(x) + sp.cosh(x) + sp.tanh(x)),
        ("sech x + csch x + coth x", sp.sech(x) + sp.csch(x) + sp.coth(x)),
        ("arsinh x + asinh y + arcsinh z", sp.asinh(x) + sp.asinh(y) + sp.asinh(z)),
        ("artanh x + arcosh y", sp.atanh(x) + sp.acosh(y)),
        ("exp x", sp.exp(x)),
        ("ln x", sp.log(x)),
        ("log x", sp.log(x)),
        ("log10(x)", sp.log(x) / sp.log(10)),
        ("log2(x)", sp.log(x) / sp.log(2)),
        ("sqrt x", sp.sqrt(x)),
        ("√x", sp.sqrt(x)),
        ("√(x+1)", sp.sqrt(x + 1)),
        ("2√x", 2 * sp.sqrt(x)),
        ("cbrt(x)", real_root(x, 3)),
        ("abs(x)", sp.Abs(x)),
        ("sigmoid(z)", sigmoid(z)),
        ("σ(z)", sigmoid(z)),
        ("sigma(z)", sigmoid(z)),
        ("cosec x", sp.csc(x)),
    ],
)
def test_functions(text, expected):
    same(text, expected)


def test_every_function_name_parses():
    for name in FUNCTION_NAMES:
        arguments = ", ".join(["x + 2", "3"][: min(FUNCTIONS[name].arity)])
        value = parse(f"{name}({arguments})")
        assert value.has(x), name


@pytest.mark.parametrize(
    "text, expected",
    [
        ("sin^2 x", sp.sin(x) ** 2),
        ("sin²x", sp.sin(x) ** 2),
        ("sin^2(x)", sp.sin(x) ** 2),
        ("sin^(2) x", sp.sin(x) ** 2),
        ("sin^-1 x", sp.asin(x)),
        ("sin^(-1)(x)", sp.asin(x)),
        ("cos⁻¹ x", sp.acos(x)),
        ("tanh^-1 x", sp.atanh(x)),
        ("sin x^2", sp.sin(x**2)),
        ("sin 2x", sp.sin(2 * x)),
        ("sin x cos x", sp.sin(x) * sp.cos(x)),
        ("cos x sin y", sp.cos(x) * sp.sin(y)),
        ("sin xy", sp.sin(x * y)),
        ("2 sin x + 1", 2 * sp.sin(x) + 1),
        ("sin(x)^2", sp.sin(x) ** 2),
        ("ln x/2", sp.log(x) / 2),
        ("sqrt x", sp.sqrt(x)),
        ("sin -x", sp.sin(-x)),
        ("sin cos x", sp.sin(sp.cos(x))),
        ("sinx", sp.sin(x)),
        ("lnx + 1", sp.log(x) + 1),
        ("x sin x", x * sp.sin(x)),
        ("sin(x) y", sp.sin(x) * y),
        ("sin x * y", sp.sin(x) * y),
        ("e^sin x", sp.exp(sp.sin(x))),
        ("sin(x+1)(x-1)", sp.sin(x + 1) * (x - 1)),
    ],
)
def test_function_application(text, expected):
    same(text, expected)


def test_function_readings_are_noted():
    assert "read `sin^-1 x` as arcsin(x), the inverse function, not 1/sin(x)" in notes("sin^-1 x")
    assert "read `sin^2 x` as (sin(x))^2" in notes("sin^2 x")
    assert "read `sin x^2` as sin(x^2)" in notes("sin x^2")
    assert "read `sin 2x` as sin(2x)" in notes("sin 2x")
    assert "read `sin xy` as sin(xy)" in notes("sin xy")
    assert "read `ln x/2` as ln(x)/2" in notes("ln x/2")
    assert notes("sin(x)") == ()


def test_sigma_is_the_sigmoid_before_a_bracket_unless_declared():
    assert parse("σ(z)") == sigmoid(z)
    assert parse("sigma") == sigma
    assert parse("2 sigma") == 2 * sigma
    assert parse("sigma(z)", ["sigma", "z"]) == sigma * z
    assert parse("σ z", ["z"]) == sigmoid(z)


# -- absolute values ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("|x|", sp.Abs(x)),
        ("|x - |y||", sp.Abs(x - sp.Abs(y))),
        ("||x| - 1|", sp.Abs(sp.Abs(x) - 1)),
        ("2|x|", 2 * sp.Abs(x)),
        ("|x||y|", sp.Abs(x) * sp.Abs(y)),
        ("|-x|", sp.Abs(x)),
        ("|x|^2", sp.Abs(x) ** 2),
        ("(|x|)", sp.Abs(x)),
        ("|(x - |y|)|", sp.Abs(x - sp.Abs(y))),
    ],
)
def test_absolute_value(text, expected):
    same(text, expected)


# -- Unicode ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("2×x", 2 * x),
        ("2·x", 2 * x),
        ("x − y", x - y),
        ("x ÷ y", x / y),
        ("θ + α", theta + symbol("alpha")),
        ("2θ", 2 * theta),
        ("ｘ＋１", x + 1),  # fullwidth
        ("x\u00a0+\u2009y", x + y),  # odd spaces
        ("x\u200b+ y", x + y),  # zero-width space
        ("theta^2", theta**2),
        ("μ", mu),
        ("µ", mu),  # micro sign
    ],
)
def test_unicode(text, expected):
    same(text, expected)


def test_nfc_normalisation_happens_first():
    # a decomposed character is composed before reading: é is not a letter here
    with pytest.raises(InputError):
        parse("e\u0301")


# -- vectors and matrices ----------------------------------------------------------------------
def test_flat_list_is_a_row_vector():
    value = parse("[x, 2y, 3]")
    assert value == sp.ImmutableMatrix([[x, 2 * y, 3]])
    assert value.shape == (1, 3)
    assert "read `[x, 2y, 3]` as a row vector (1×3)" in notes("[x, 2y, 3]")


def test_matrix_and_column():
    assert parse("[[a, b], [c, d]]") == sp.ImmutableMatrix(
        [[symbol("a"), symbol("b")], [symbol("c"), symbol("d")]]
    )
    assert parse("[[x], [y]]").shape == (2, 1)
    assert parse("[[2x sin x, 1]]").shape == (1, 2)


def test_reading_has_value_notes_and_latex():
    r = read("sin^2 x + 1/2")
    assert isinstance(r, Reading)
    assert r.value == sp.sin(x) ** 2 + R(1, 2)
    assert r.latex == sp.latex(r.value)
    assert isinstance(r.notes, tuple)
    assert "\\sigma" in read("sigmoid(x)").latex
    with pytest.raises(AttributeError):
        r.value = 1  # frozen


def test_symbol_is_canonical_and_real():
    assert symbol("x") is symbol("x")
    assert symbol("x").is_real
    assert symbol("θ") == symbol("theta")
    assert parse("x", ["x"]) == sp.Symbol("x", real=True)


def test_variables_may_be_symbols_or_a_string():
    assert parse("x y", [x, y]) == x * y
    assert parse("x", "x") == x


def test_bad_variable_names_are_a_programming_error():
    with pytest.raises(ValueError):
        parse("x", ["sin"])
    with pytest.raises(ValueError):
        parse("x", ["2x"])


def test_notation_page_documents_every_function_and_limit():
    from pathlib import Path

    from mvcalc.math.input.limits import LIMITS

    page = " ".join((Path(__file__).parents[2] / "content/pages/notation.md").read_text().split())
    for name in FUNCTION_NAMES:
        assert f" {name}," in page or f" {name} " in page or f"`{name}" in page, name
    for name, value in LIMITS._asdict().items():
        shown = "10^100" if value == 10**100 else f"{value:,}".replace(",", " ")
        assert shown in page or str(value) in page, (name, value)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("sin2x", sp.sin(2 * x)),
        ("2sin3x", 2 * sp.sin(3 * x)),
        ("sin2xcos3x", sp.sin(2 * x) * sp.cos(3 * x)),
        ("log2x", sp.log(x) / sp.log(2)),
        ("log_2 x", sp.log(x) / sp.log(2)),
        ("log_10(1000)", 3),
        ("Sin x", sp.sin(x)),
        ("ABS(x)", sp.Abs(x)),
        ("Abs(x - 1)", sp.Abs(x - 1)),
        ("∛x", real_root(x, 3)),
        ("x^(1/2)", sp.sqrt(x)),
    ],
)
def test_calculator_habits(text, expected):
    same(text, expected)


def test_glued_function_notes_are_not_repeated():
    assert notes("sin2x") == ("read `sin2x` as sin(2x)",)
    assert notes("xsinx") == ("read `xsinx` as x·sin x", "read `sinx` as sin(x)")


def test_declared_greek_and_unicode_names():
    assert parse("θ + theta", ["θ"]) == 2 * theta
    assert parse("2 mu sigma", ["mu", "sigma"]) == 2 * mu * sigma
    assert parse("musigma", ["mu", "sigma"]) == mu * sigma


def test_notes_are_deduplicated_and_in_reading_order():
    assert notes("sin x + sin x") == ("read `sin x` as sin(x)",)
    assert notes("0.5 + sin x") == ("read `0.5` as 1/2", "read `sin x` as sin(x)")


def test_parsing_leaves_mpmath_precision_alone():
    import mpmath

    before = mpmath.mp.prec
    parse("|sin(exp(5))| + 2^sin(3)")
    assert mpmath.mp.prec == before
