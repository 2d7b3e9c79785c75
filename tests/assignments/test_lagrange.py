"""The Lagrange multipliers exercise: the reference passes; typical mistakes are named."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from mvcalc.assignments import check_file

from .helpers import FAST, edit_function, reference_text

REF = reference_text("lagrange")


def test_reference_passes_and_finds_the_four_points():
    path = resources.files("mvcalc.assignments.lagrange").joinpath("reference.py")
    report = check_file(path, seed=2, limits=FAST)
    assert report.passed, [(f.name, f.message) for f in report.functions]
    assert len(report.extra.data["points"]) == 4
    assert max(report.extra.data["residuals"]) < 1e-12
    assert any("least f on the ellipse is 0.114944" in line for line in report.extra.lines)


def test_starter_is_not_written_yet(write):
    text = resources.files("mvcalc.assignments.lagrange").joinpath("starter.py.txt").read_text()
    report = check_file(write(text), seed=1, limits=FAST)
    assert all("not written yet" in f.message for f in report.functions)


VARIANTS = {
    "gx_two": ("dgdx", "return 2 * x", "return x", r"missing factor 2"),
    "gy_inside": ("dgdy", "return 6 * (y + 1)", "return 6 * y", r"6y where 6\(y \+ 1\) belongs"),
    "gy_two": ("dgdy", "return 6 * (y + 1)", "return 3 * (y + 1)", r"missing factor 2"),
    "plus_lambda": ("DL", "dfdx(x, y) - lam * dgdx(x, y), dfdy(x, y) - lam * dgdy(x, y)",
                    "dfdx(x, y) + lam * dgdx(x, y), dfdy(x, y) + lam * dgdy(x, y)", r"\+λ∇g where −λ∇g"),
    "plus_g": ("DL", ", -g(x, y)])", ", g(x, y)])", r"\+g as the last component"),
    "swapped": ("DL", "lam * dgdx(x, y), dfdy(x, y) - lam * dgdy(x, y)",
                "lam * dgdy(x, y), dfdy(x, y) - lam * dgdx(x, y)", r"swapped"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_typical_mistakes_are_named(variant, write):
    function, old, new, pattern = VARIANTS[variant]
    report = check_file(write(edit_function(REF, function, old, new)), "lagrange", seed=4, limits=FAST)
    result = {f.name: f for f in report.functions}[function]
    assert not report.passed and not result.passed
    assert re.search(pattern, result.message), result.message
