"""Gradient descent in a sandpit: the reference passes and walks like the Sandpit's hybrid; mistakes are named."""

from __future__ import annotations

from importlib import resources

import pytest

from mvcalc.assignments import check_file

from .helpers import FAST, edit_function, reference_text

REF = reference_text("sandpit")


def test_reference_passes_and_walks_like_the_hybrid():
    path = resources.files("mvcalc.assignments.sandpit").joinpath("reference.py")
    report = check_file(path, seed=3, limits=FAST)
    assert report.passed, [(f.name, f.message) for f in report.functions]
    for walk in report.extra.data.values():
        assert walk["probes"] == walk["hybrid"]
        assert walk["probes"] is None or len(walk["path"]) == walk["probes"]


def test_starter_is_not_written_yet(write):
    text = resources.files("mvcalc.assignments.sandpit").joinpath("starter.py.txt").read_text()
    report = check_file(write(text), seed=1, limits=FAST)
    assert all("not written yet" in f.message for f in report.functions)


VARIANTS = {
    "uphill": ("steepest_step", "return -GAMMA * J", "return GAMMA * J", "against it"),
    "no_gamma": ("steepest_step", "return -GAMMA * J", "return -J", "without γ"),
    "times_h": ("newton_step", "return -np.linalg.solve(H, J)", "return -H @ J", "inverse of H"),
    "always_newton": ("next_step", "if move @ J >= 0 or np.linalg.norm(move) > 2:", "if False:",
                      "the other branch"),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_broken_variants_are_named(write, name):
    function, old, new, message = VARIANTS[name]
    report = check_file(write(edit_function(REF, function, old, new)), seed=2, limits=FAST)
    result = {f.name: f for f in report.functions}[function]
    assert not result.passed and message in result.message, result.message
