"""The linfit exercise: the reference passes; typical mistakes are named."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from mvcalc.assignments import check_file

from .helpers import FAST, edit_function, reference_text

REF = reference_text("linfit")


def test_reference_passes():
    path = resources.files("mvcalc.assignments.linfit").joinpath("reference.py")
    report = check_file(path, seed=2, limits=FAST)
    assert report.passed, [(f.name, f.message) for f in report.functions]
    data = report.extra.data
    assert data["m"] == pytest.approx(data["polyfit"][0], rel=1e-10)
    assert data["c"] == pytest.approx(data["polyfit"][1], rel=1e-9, abs=1e-12)


def test_starter_is_not_written_yet(write):
    text = resources.files("mvcalc.assignments.linfit").joinpath("starter.py.txt").read_text()
    (result,) = check_file(write(text), seed=1, limits=FAST).functions
    assert "not written yet" in result.message


VARIANTS = {
    "c_sign": ("c = ybar - m * xbar", "c = ybar + m * xbar", r"c = ȳ \+ m x̄ where c = ȳ − m x̄ belongs"),
    "order": ("return m, c", "return c, m", r"wrong order"),
    "uncentred": ("m = np.sum((xdat - xbar) * ydat) / np.sum((xdat - xbar) ** 2)",
                  "m = np.sum(xdat * ydat) / np.sum(xdat ** 2)", r"x where x − x̄ belongs"),
    "denominator": ("np.sum((xdat - xbar) ** 2)", "np.sum(xdat ** 2)", r"Σx² where Σ\(x − x̄\)² belongs"),
    "upside_down": ("m = np.sum((xdat - xbar) * ydat) / np.sum((xdat - xbar) ** 2)",
                    "m = np.sum((xdat - xbar) ** 2) / np.sum((xdat - xbar) * ydat)", r"m upside down"),
    "one_number": ("return m, c", "return m", r"shape"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_typical_mistakes_are_named(variant, write):
    old, new, pattern = VARIANTS[variant]
    (result,) = check_file(write(edit_function(REF, "linfit", old, new)), "linfit", seed=4, limits=FAST).functions
    assert not result.passed
    assert re.search(pattern, result.message), result.message
