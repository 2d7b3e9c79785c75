"""Hostile input: every check ends (pytest-timeout guards it) with a verdict that is not "correct".

Text goes through the parser's limits; SymPy objects handed in directly are
surveyed before anything computes with them (`survey.py`), and numeric
evaluation turns giant values into inf rather than work.
"""

from __future__ import annotations

import pytest
import sympy as sp

from mvcalc.math.check import exact
from mvcalc.math.check.compare import STATUSES, check
from mvcalc.math.input.reader import symbol

x = symbol("x")

HOSTILE_TEXT = [
    "__import__('os').system('echo hacked')",
    "x.__class__.__bases__",
    "eval('1+1')",
    'exec("import os")',
    "lambda: 1",
    "x; import os",
    "os.system('ls')",
    '"x"',
    "'x'",
    "x\x00",
    "x\x1b[31m",
    "\u202ex",  # right-to-left override
    "9" * 5000,
    "9" * 40,
    "10^10^10^10",
    "2^2^2^2^2^2",
    "x^(10^1000)",
    "e^e^e^e^e^x",
    "exp(exp(exp(exp(x))))",
    "1000!",
    "99!!",
    "(" * 500 + "x" + ")" * 500,
    "sin(" * 200 + "x" + ")" * 200,
    "-" * 10_000 + "x",
    "x+" * 100_000 + "x",
    "x" * 1_000_000,
    "[" * 300 + "x" + "]" * 300,
    "[[1, 2], [3]]",
    "1/0",
    "x = 2",
    "x < 2",
    "",
    "   ",
    "\n",
]


@pytest.mark.timeout(30)
@pytest.mark.parametrize("text", HOSTILE_TEXT, ids=range(len(HOSTILE_TEXT)))
def test_hostile_answer_text_is_never_correct(text):
    verdict = check("2x", text)
    assert verdict.status in STATUSES
    assert verdict.status != "correct"
    assert verdict.message


@pytest.mark.timeout(30)
@pytest.mark.parametrize("text", HOSTILE_TEXT, ids=range(len(HOSTILE_TEXT)))
def test_hostile_expected_text_ends_with_a_verdict(text):
    verdict = check(text, "2x")
    assert verdict.status in STATUSES and verdict.status != "correct"


def test_injection_is_read_as_maths_or_refused_never_run(tmp_path, monkeypatch):
    marker = tmp_path / "ran"
    monkeypatch.chdir(tmp_path)
    check("x", f"__import__('os').system('touch {marker}')")
    check("x", f"open('{marker}', 'w')")
    assert not marker.exists()


def _mul(*args):
    return sp.Mul(*args, evaluate=False)


def _pow(base, exponent):
    return sp.Pow(base, exponent, evaluate=False)


HOSTILE_OBJECTS = [
    _mul(_pow(sp.Integer(10), sp.Integer(10**10)), x),  # x·10^(10^10), unevaluated
    _mul(sp.exp(sp.exp(sp.exp(sp.Integer(10), evaluate=False), evaluate=False), evaluate=False), x),
    _pow(x, sp.Integer(10**400)),
    _mul(sp.Integer(10**5000), x),  # too many digits to print
    sp.factorial(sp.Integer(10**6), evaluate=False),
    _mul(sp.factorial(sp.Integer(10**6), evaluate=False), x),
    sp.sin(_mul(sp.Integer(10) ** 1000, x)),
    _pow(sp.Integer(2), _pow(sp.Integer(2), _pow(sp.Integer(2), sp.Integer(100)))),
    sp.zoo * x,
    sp.nan,
    sp.oo,
    sp.I * x,
    sp.Integral(sp.exp(-(x**2)), (x, 0, x)),
    sp.Sum(x ** sp.Symbol("n"), (sp.Symbol("n"), 0, sp.oo)),
    sp.Eq(x, 2),
]


def _deep(levels: int):
    expr = x
    for _ in range(levels):
        expr = sp.sin(expr)
    return expr


@pytest.fixture(scope="module")
def warm_pool():
    assert exact.wait_ready(exact.SAFETY_NET)


@pytest.mark.timeout(120)  # a generous guard against a hang: the limits are CPU time, not wall time
@pytest.mark.parametrize("obj", HOSTILE_OBJECTS, ids=range(len(HOSTILE_OBJECTS)))
def test_hostile_sympy_objects_end_with_a_non_correct_verdict(obj, warm_pool):
    verdict = check(2 * x, obj)
    assert verdict.status in STATUSES and verdict.status != "correct"
    verdict = check(obj, 2 * x)
    assert verdict.status in STATUSES and verdict.status != "correct"


@pytest.mark.timeout(30)
def test_deep_and_wide_objects_are_refused_by_size():
    assert check(x, _deep(300)).status == "invalid"
    assert "nested more than" in check(x, _deep(300)).message
    wide = sp.Add(*[x**k for k in range(20_000)], evaluate=False)
    assert check(x, wide).status == "invalid"


@pytest.mark.timeout(180)
def test_a_killed_worker_is_replaced(warm_pool):
    slow = _mul(_pow(sp.Integer(10), sp.Integer(10**12)), x)  # unpickling it computes the power
    for _ in range(3):
        assert check(slow, x).status == "undecided"
    assert exact.wait_ready(exact.SAFETY_NET)
    assert check(sp.factorial(x), sp.gamma(x + 1)).status == "correct"


@pytest.mark.timeout(60)
def test_megabyte_batch_of_hostile_text_keeps_going():
    verdicts = [check("x", "x" + "+x" * 200_000), check("x", "\x00" * 1_000_000), check("x", "x")]
    assert [v.status for v in verdicts] == ["invalid", "invalid", "correct"]
