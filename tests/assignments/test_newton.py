"""The Newton–Raphson exercise: the reference passes; typical mistakes are named."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from mvcalc.assignments import check_file
from mvcalc.assignments.newton import checks

from .helpers import FAST, edit_function, reference_text

REF = reference_text("newton")


def test_checker_derivative_by_hand():
    # f′(1) = 1 − 12 − 2 + 27 + 18 = 32, and one step from 1 is 1 − (−2)/32 = 1.0625
    assert float(checks.df(1.0)) == pytest.approx(32.0)
    assert float(checks.f(1.0)) == pytest.approx(-2.0)


def test_reference_passes_and_maps_the_starting_points():
    path = resources.files("mvcalc.assignments.newton").joinpath("reference.py")
    report = check_file(path, seed=2, limits=FAST)
    assert report.passed, [(f.name, f.message) for f in report.functions]
    reached = report.extra.data["reached"]
    assert 1.1 in reached["1.063071"] and -4.9 in reached["-3.760214"]
    assert any("-36.47" in line for line in report.extra.lines)


def test_starter_is_not_written_yet(write):
    text = resources.files("mvcalc.assignments.newton").joinpath("starter.py.txt").read_text()
    report = check_file(write(text), seed=1, limits=FAST)
    assert all("not written yet" in f.message for f in report.functions)


VARIANTS = {
    "power_six": ("d_f", "return x**5 - 12", "return x**5 / 6 - 12", r"x⁵/6 from x⁶/6"),
    "power_two": ("d_f", "+ 27 * x + 18", "+ 27 * x / 2 + 18", r"27x/2 from 27x²/2"),
    "constant": ("d_f", "+ 27 * x + 18", "+ 27 * x + 18 - 30", r"the constant −30 kept"),
    "plus": ("newton_step", "return x - f(x) / d_f(x)", "return x + f(x) / d_f(x)", r"x \+ f/f′"),
    "upside": ("newton_step", "return x - f(x) / d_f(x)", "return x - d_f(x) / f(x)", r"f′/f where f/f′"),
    "step_only": ("newton_step", "return x - f(x) / d_f(x)", "return -f(x) / d_f(x)", r"the step alone"),
    "one_step": ("newton_root", "        x = new\n", "        return new\n", r"one step only"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_typical_mistakes_are_named(variant, write):
    function, old, new, pattern = VARIANTS[variant]
    report = check_file(write(edit_function(REF, function, old, new)), "newton", seed=4, limits=FAST)
    result = {f.name: f for f in report.functions}[function]
    assert not report.passed and not result.passed
    assert re.search(pattern, result.message), result.message
