"""What decides each verdict (the stage), the checker's budgets in work, its sample points,
cancellation, and the same verdict on an idle machine and a busy one."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest
import sympy as sp

from mvcalc.math.check import compare as compare_module
from mvcalc.math.check import exact, sampling
from mvcalc.math.check.compare import check, equivalent, same_answer
from mvcalc.math.check.sampling import FIRST_ROUND, NICE, SPENT, Budget, mp_verdict, sample_points
from mvcalc.math.input.reader import symbol
from mvcalc.math.numeric import UnsupportedExpression, evaluate_mp_tracked

x, y = symbol("x"), symbol("y")


@pytest.fixture(scope="module", autouse=True)
def warm_pool():
    assert exact.wait_ready(exact.SAFETY_NET)


def verdict_of(expected, answer):
    v = check(expected, answer)
    return v.status, v.stage


# ---------------------------------------------------------------- stages
def test_each_stage_is_recorded():
    assert verdict_of("2x", "x + x") == ("correct", "float")
    assert verdict_of("2x", "x^2") == ("incorrect", "high-precision")
    assert verdict_of("x", "x + 10^-15") == ("incorrect", "high-precision")
    assert verdict_of("(x+1)^6", sp.expand((x + 1) ** 6)) == ("correct", "high-precision")
    assert verdict_of("1", "(e^x)^2 - e^(2x) + 1") == ("correct", "high-precision")
    assert verdict_of("pi", "355/113") == ("incorrect", "high-precision")
    assert verdict_of("sqrt(2) sqrt(3)", "sqrt(6)") == ("correct", "high-precision")
    assert verdict_of(sp.factorial(x), sp.gamma(x + 1)) == ("correct", "exact")
    assert verdict_of(sp.gamma(x), sp.gamma(x) + 1) == ("incorrect", "exact")
    assert verdict_of("[[1, 2]]", "[[1], [2]]") == ("incorrect", "shape")
    assert verdict_of("x", "sin(x") == ("invalid", "parse")
    assert verdict_of("x +", "x") == ("invalid", "parse")
    assert verdict_of(x, sp.Eq(x, 1)) == ("invalid", "parse")


def test_the_costliest_stage_of_the_entries_decides_a_correct_vector():
    v = check([2 * x, sp.factorial(x)], [x + x, sp.gamma(x + 1)])
    assert (v.status, v.stage, v.entries) == ("correct", "exact", (True, True))


def test_an_undecided_verdict_has_no_stage_and_says_why():
    v = check(sp.sqrt(-1 - x**2), sp.log(-1 - x**2))
    assert (v.status, v.stage) == ("undecided", "")
    assert v.reason == "the two answers are defined together at too few points; exact simplification could not tell"
    assert v.reason in v.message
    assert v.to_dict()["reason"] == v.reason


def test_entries_are_true_false_or_undecided_and_a_wrong_one_is_named_first():
    v = check([2 * x, sp.sqrt(-1 - x**2), y], [x + x, sp.log(-1 - x**2), 2 * y])
    assert v.status == "incorrect"
    assert v.entries == (True, None, False)
    assert v.message.startswith("Not equal: component 3 is not right. At ")


# ---------------------------------------------------------------- errors: documented ones only
def test_an_unexpected_error_in_sampling_is_logged_and_raised(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(compare_module, "compare", broken)
    with caplog.at_level(logging.ERROR), pytest.raises(RuntimeError, match="a bug"):
        check("2x", "x + x")
    assert "numeric comparison failed" in caplog.text


def test_a_documented_numeric_error_falls_back_to_exact_simplification(monkeypatch):
    def unsupported(*args, **kwargs):
        raise UnsupportedExpression("cannot evaluate it")

    monkeypatch.setattr(compare_module, "compare", unsupported)
    assert verdict_of("2x", "x + x") == ("correct", "exact")
    assert verdict_of("2x", "2x + 1") == ("incorrect", "exact")
    assert verdict_of("2x", "x + 2") == ("undecided", "")  # exact simplification proves numbers only


def test_equivalent_and_same_answer():
    assert equivalent("x + 1", "(x^2 - 1)/(x - 1)") is True
    assert equivalent("(x^2 - 1)/(x - 1)", "x + 1") is True  # at x = 1 the key is undefined
    assert equivalent("log(x^2)", "2 log(x)") is False  # 2 log x is undefined for x < 0
    assert same_answer("log(x^2)", "2 log(x)") is True  # equal where both are defined
    assert same_answer("2 log(x)", "log(x^2)") is True
    assert same_answer("x", "2x") is False
    assert same_answer(sp.sqrt(-1 - x**2), sp.log(-1 - x**2)) is False  # undecided is no


# ---------------------------------------------------------------- the sample points
def test_sample_points_are_seeded_and_pinned():
    points = sample_points(("x", "y"))
    assert len(points["x"]) == sum(rows for rows, *_ in FIRST_ROUND) + len(NICE) == 92
    assert float(points["x"][0]) == -2.281112413213476
    assert float(points["x"][1]) == -2.369318004042499
    assert float(points["y"][0]) == 1.4399781881019171
    second = sample_points(("x",), second=True)
    assert len(second["x"]) == 256 and float(second["x"][0]) == -6.021807328861102


def test_every_band_of_the_first_round_is_sampled_across_its_range():
    column = sample_points(("x",))["x"]
    start = 0
    for rows, low, high, how in FIRST_ROUND:
        band = column[start : start + rows]
        size = abs(band) if how == "signed-log" else band
        assert ((low <= size) & (size <= high)).all(), (low, high, how)
        assert len(set(band.tolist())) == rows  # not collapsed to one point
        if how == "signed-log" and rows >= 6:
            assert (band < 0).any() and (band > 0).any()
        start += rows
    assert column[start:].tolist() == list(NICE)
    assert abs(column).max() > 1e5  # large magnitudes are sampled


def test_a_narrow_feature_at_a_nice_point_is_found():
    v = check("x", "x + 1/(1 + 10^12 (x - 0.7)^2)")
    assert v.message == "Not equal: at x = 0.7 your answer is 1.7 but the expected value is 0.7."
    v = check("x", "x + 1/(1000(x - 1.5)^2 + 1)^50")
    assert v.message == "Not equal: at x = 1.5 your answer is 2.5 but the expected value is 1.5."


def test_a_hole_at_a_nice_point_is_not_a_domain_difference():
    assert check("x + 1", "(x^2 - 1)/(x - 1)").status == "correct"  # undefined only at x = 1
    assert check("x + 1", "(x^2 - 2.25)/(x - 1.5) + x + 1 - (x + 1.5)").status == "correct"


def test_a_difference_only_at_large_magnitudes_is_found():
    v = check("0", "abs(x - 1000) - (1000 - x)")
    assert v.status == "incorrect" and v.message.startswith("Not equal: at x = 1465.09 ")
    assert check("x", "x + e^(x - 100)").status == "incorrect"


# ---------------------------------------------------------------- cancellation
def test_total_cancellation_of_huge_terms_is_not_a_difference():
    assert verdict_of("1", "cosh(100x)^2 - sinh(100x)^2") == ("correct", "high-precision")
    assert verdict_of("0", "cosh(100x)^2 - sinh(100x)^2 - 1") == ("correct", "float")
    v = check("2", "cosh(100x)^2 - sinh(100x)^2")
    assert v.message == "Not equal: at x = 1.5 your answer is 1 but the expected value is 2."
    assert check("0", "sin(x)^2 + cos(x)^2 - 1").status == "correct"


def test_more_digits_are_used_when_a_sum_cancels_and_unknown_beyond_the_limit():
    one = sp.Integer(1)
    hyperbolic = sp.cosh(x) ** 2 - sp.sinh(x) ** 2
    assert mp_verdict(one, hyperbolic, {"x": 150.0}, False)[0] == "agree"
    assert mp_verdict(2 * one, hyperbolic, {"x": 150.0}, False)[0] == "differ"
    assert mp_verdict(one, hyperbolic, {"x": 500.0}, False)[0] == "unknown"  # 10^434: past MAX_DPS
    value, lost = evaluate_mp_tracked(hyperbolic, {"x": 150.0}, 30)
    assert (value, lost) == (0, 30.0)  # every digit lost at 30 digits
    value, lost = evaluate_mp_tracked(hyperbolic, {"x": 150.0}, 200)
    assert value == 1 and 129 < lost < 130
    assert evaluate_mp_tracked(x - sp.Rational(3, 2), {"x": 1.5}, 30) == (0, 0.0)  # exact, not lost


# ---------------------------------------------------------------- budgets in work, not time
def test_the_high_precision_budget_is_counted_in_work():
    budget = Budget(0)
    outcome = sampling.compare(x, x + sp.Rational(1, 10**15), ["x"], budget)
    assert (outcome.status, outcome.reason) == ("undecided", SPENT)
    # x and x + 10^-15: trees of 1 and 3 nodes; the witness at x = 0 costs 4 at 30 digits
    # and 8 at 60 (a stable difference), found twice (sampling, then the nicer witness)
    budget = Budget()
    outcome = sampling.compare(x, x + sp.Rational(1, 10**15), ["x"], budget)
    assert (outcome.status, outcome.point) == ("differ", {"x": 0.0})
    assert sampling.WORK - budget.left == 2 * (4 + 8)


def test_exact_simplification_is_limited_in_worker_cpu_time():
    pair = (sp.factorial(x), sp.gamma(x + 1))
    assert exact.exact_equal([pair]) == ([True], "")
    slow = (sp.factorial(x + 7) * sp.sin(x) ** 2, sp.gamma(x + 8) * (1 - sp.cos(x) ** 2))  # not cached
    assert exact.exact_equal([slow], cpu_seconds=0.0) == ([None], "work")


HOG = "while True: pass"


@pytest.mark.slow
def test_the_same_verdict_on_an_idle_and_a_busy_machine():
    """Budgets are work, not time: four CPU hogs on the machine change no verdict."""
    pairs = [
        ("2x sin x + x^2 cos x", "2x cos x"),  # the README's example
        ("2x sin x + x^2 cos x", "x^2 cos x + 2 x sin x"),
        ("x", "x + 10^-15"),
        ("1", "cosh(100x)^2 - sinh(100x)^2"),
        (sp.factorial(x), sp.gamma(x + 1)),
        (sp.gamma(x), sp.gamma(x) + 1),
        (sp.sqrt(-1 - x**2), sp.log(-1 - x**2)),
    ]
    idle = [check(e, a) for e, a in pairs]
    hogs = [subprocess.Popen([sys.executable, "-c", HOG]) for _ in range(4)]
    try:
        busy = [check(e, a) for e, a in pairs]
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
    assert [(v.status, v.stage, v.message) for v in busy] == [
        (v.status, v.stage, v.message) for v in idle
    ]
    assert [v.status for v in idle] == [
        "incorrect", "correct", "incorrect", "correct", "correct", "incorrect", "undecided"
    ]


def test_the_screen_only_ever_says_no():
    assert sampling.plainly_differ(x**2, 2 * x) is True
    assert sampling.plainly_differ(x**2, x * x) is False
    assert sampling.plainly_differ(sp.gamma(x), sp.gamma(x) + 1) is False  # cannot evaluate: no
    assert sampling.plainly_differ(sp.Integer(1), sp.Integer(2)) is False  # constants: the checker's
    assert sampling.plainly_differ(sp.log(x), sp.log(-x)) is False  # never both defined
    assert sampling.plainly_differ(x, x * (1 + sp.Rational(1, 10**9))) is False  # below SCREEN
    assert same_answer(sp.Matrix([x, 2 * y]), sp.Matrix([x, y + y])) is True
    assert same_answer(sp.Matrix([x, 2 * y]), sp.Matrix([x, 3 * y])) is False
    assert same_answer(sp.Matrix([x, y]), sp.Matrix([[x, y]])) is False  # shape: the checker's


def test_same_answer_reads_text_with_the_given_variables_both_ways():
    assert same_answer("log(rate^2)", "2 log(rate)", ["rate"]) is True  # decided the second way
