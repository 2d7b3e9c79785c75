"""Hostile input: code injection, huge numbers, towers, deep nesting, megabytes, control
characters. Each is refused with an InputError or read as a harmless value (pytest-timeout
guards against a hang; no test asserts a time)."""

import builtins
import importlib

import pytest
import sympy as sp
from sympy.parsing import sympy_parser

from mvcalc.math.input.reader import InputError, parse, read

pytestmark = pytest.mark.timeout(5)

INJECTIONS = [
    "__import__('os').system('ls')",
    "__import__",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__class__",
    "lambda: 1",
    "(lambda x: x)(1)",
    "exec('1')",
    "eval('1')",
    "open('/etc/passwd').read()",
    "globals()",
    "getattr(x, 'y')",
    "[c for c in ().__class__.__base__.__subclasses__()]",
    "import os",
    "os.system",
    "x; import os",
    "__builtins__",
    "Symbol('x')",
    "sympify('x')",
    "S('x')",
    "x if 1 else y",
    "f'{x}'",
    "b'x'",
    "{}",
    "x @ y",
    "x[0]",
    "`x`",
    "${x}",
    "\\input{/etc/passwd}",
    "<script>alert(1)</script>",
    "x # comment",
    "1_000",
]

HUGE = [
    "9^9^9^9",
    "10^10^10",
    "9**9**9",
    "2^(2^(2^(2^(2^2))))",
    "(10^1000)^1000",
    "10^1000^1000",
    "1000000!",
    "(100!)!",
    "99999999999999999999999999999999999999999",
    "1e1000000",
    "x^(10^100)",
    "exp(exp(exp(exp(9))))",
    "sin(exp(exp(12)))",
    "|sin(exp(exp(12)))|",
    "acos(sin(exp(exp(12))))",
    "2^exp(exp(exp(9)))",
    "e^(e^(e^(e^9)))",
    "(2^1000)^(2^1000)",
    "sqrt(10^1000)^1000",
    "(1/3)^-1000000",
    "0.000000000000000000000000000001^-1000",
]

DEEP = [
    "(" * 10000 + "x" + ")" * 10000,
    "(" * 1000 + "x" + ")" * 1000,
    "-" * 1999 + "x",
    "|" * 1000 + "x" + "|" * 1000,
    "sin " * 450 + "x",
    "2^" * 900 + "2",
    "[" * 1000 + "1" + "]" * 1000,
    "x" * 1_000_000,
    "x+" * 1_000_000 + "x",
    "(x+1)" * 400,
    "1+" * 999 + "1",
    "x" + "^x" * 999,
]

CONTROL = [
    "\x00",
    "x\x00+1",
    "x\x07",
    "\x1b[2Jx",
    "x\u200f+1",  # right-to-left mark
    "\u202ex+1",  # right-to-left override
    "x\u2066+1",  # isolate
    "x\ufffe",
    "x\ud800",  # lone surrogate
    "x\u0085y",
    "x\u2028y",  # line separator
    "\x7f",
]


def harmless(text: str) -> None:
    """An InputError, or a SymPy value that is an expression or a matrix."""
    try:
        value = read(text).value
    except InputError as err:
        assert err.column >= 1 and err.message
        return
    assert isinstance(value, sp.Expr | sp.ImmutableMatrix)


@pytest.mark.parametrize("text", INJECTIONS)
def test_code_injection_never_reaches_eval_exec_compile_or_sympify(text, monkeypatch):
    def guard(original):
        def guarded(source, *args, **kwargs):
            if isinstance(source, str | bytes) and text.encode() in (
                source if isinstance(source, bytes) else source.encode()
            ):
                raise AssertionError(f"learner text reached {original.__name__}")
            return original(source, *args, **kwargs)

        return guarded

    harmless(text)  # first, unguarded: SymPy may import (and compile) modules lazily
    for name in ("eval", "exec", "compile"):
        monkeypatch.setattr(builtins, name, guard(getattr(builtins, name)))
    monkeypatch.setattr(sp, "sympify", guard(sp.sympify))
    sympify_module = importlib.import_module("sympy.core.sympify")
    monkeypatch.setattr(sympify_module, "sympify", guard(sympify_module.sympify))
    monkeypatch.setattr(
        "sympy.parsing.sympy_parser.parse_expr", guard(sympy_parser.parse_expr)
    )
    harmless(text)


@pytest.mark.parametrize("text", INJECTIONS[:6])
def test_python_syntax_is_refused_outright(text):
    with pytest.raises(InputError):
        parse(text)


@pytest.mark.parametrize("text", HUGE)
def test_huge_numbers_and_towers_are_refused_before_they_are_built(text):
    with pytest.raises(InputError):
        parse(text)


@pytest.mark.parametrize("text", DEEP)
def test_deep_nesting_and_megabytes_are_refused_or_read_harmlessly(text):
    harmless(text)


@pytest.mark.parametrize("text", DEEP[:7] + DEEP[7:9])
def test_oversized_input_is_an_input_error(text):
    with pytest.raises(InputError):
        parse(text)


@pytest.mark.parametrize("text", CONTROL)
def test_control_characters_are_refused(text):
    with pytest.raises(InputError) as info:
        parse(text)
    code = f"U+{ord(next(c for c in text if c not in 'xy+1[2J')):04X}"
    assert info.value.message == f"There is an invisible control character ({code}) in the answer."


def test_non_string_input_is_an_input_error():
    with pytest.raises(InputError):
        parse(None)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        parse(b"x")  # type: ignore[arg-type]


def test_many_allowed_but_heavy_pieces_stay_cheap():
    # every piece is within the limits; together they must still be read at once
    text = " + ".join(["sqrt(123456789012345678901234567891)^999"] * 3)
    harmless(text)
    harmless("*".join(["(x+1)^1000"] * 50))
    harmless("+".join(["100!"] * 100))
    harmless("*".join(["10^1000"] * 40))
