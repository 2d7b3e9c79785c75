"""The heights assignment: the shipped data, the checker's derivatives against finite
differences, the reference passing, and each typical mistake named."""

from __future__ import annotations

import re
from importlib import resources

import numpy as np
import pytest

from mvcalc.assignments import check_file
from mvcalc.assignments.heights import model
from mvcalc.math.fit.nonlinear import fit

from .helpers import FAST, edit_function, reference_text

REF = reference_text("heights")


def test_shipped_histogram_is_the_documented_one():
    x, y = model.load()
    centres, counts, density = model.generate()
    assert np.array_equal(x, centres) and np.allclose(y, density, rtol=1e-9)
    assert x[0] == 50 and x[-1] == 297.5 and np.allclose(np.diff(x), 2.5) and x.size == 100
    assert np.sum(y) * 2.5 == pytest.approx(1.0)  # unit area
    assert counts.sum() == model.PEOPLE
    nonzero = x[y > 0]
    assert 130 < nonzero.min() < 150 and 195 < nonzero.max() < 215
    header = resources.files("mvcalc.assignments.heights").joinpath("heights.csv").read_text()
    assert "161.3" in header and "175.3" in header and "NHANES 2015-2018" in header


def test_checker_derivatives_match_finite_differences():
    x = np.linspace(140, 200, 13)
    mu, sig, h = 168.0, 9.5, 1e-5
    fd_mu = (model.f(x, mu + h, sig) - model.f(x, mu - h, sig)) / (2 * h)
    fd_sig = (model.f(x, mu, sig + h) - model.f(x, mu, sig - h)) / (2 * h)
    assert np.allclose(model.dfdmu(x, mu, sig), fd_mu, rtol=1e-6, atol=1e-12)
    assert np.allclose(model.dfdsig(x, mu, sig), fd_sig, rtol=1e-6, atol=1e-12)
    # and the course's closed forms
    f = model.f(x, mu, sig)
    assert np.allclose(model.dfdsig(x, mu, sig), f * ((x - mu) ** 2 / sig**3 - 1 / sig))


def test_reference_passes_and_lands_on_the_data(tmp_path):
    path = resources.files("mvcalc.assignments.heights").joinpath("reference.py")
    plot = tmp_path / "heights.png"
    report = check_file(path, seed=3, limits=FAST, plot=plot)
    assert report.passed, [(f.name, f.message) for f in report.functions]
    data = report.extra.data
    assert data["mu"] == pytest.approx(data["lm"]["mu"], abs=0.05)
    assert data["sig"] == pytest.approx(data["lm"]["sig"], abs=0.05)
    assert plot.is_file() and plot.stat().st_size > 10_000
    # the same 50 fixed steps taken by mvcalc.math.fit.nonlinear's steepest method
    course = fit(model.GAUSSIAN, {"x": model.load()[0]}, model.load()[1],
                 {"mu": model.START[0], "sig": model.START[1]}, method="steepest",
                 aggression=model.AGGRESSION, max_iter=model.STEPS)
    assert course.parameters["mu"] == pytest.approx(data["mu"], rel=1e-10)
    assert course.parameters["sig"] == pytest.approx(data["sig"], rel=1e-10)


def test_starter_fails_with_not_written_yet(write):
    text = resources.files("mvcalc.assignments.heights").joinpath("starter.py.txt").read_text()
    report = check_file(write(text), seed=1, limits=FAST)
    assert not report.passed
    assert all("not written yet" in f.message for f in report.functions), [f.message for f in report.functions]


VARIANTS = {
    "mu_sign": ("dfdmu", "(x - mu) / sig**2", "(mu - x) / sig**2", r"\(μ − x\) where \(x − μ\) belongs"),
    "mu_power": ("dfdmu", "(x - mu) / sig**2", "(x - mu) / sig", r"1/σ where 1/σ² belongs"),
    "mu_no_f": ("dfdmu", "f(x, mu, sig) * (x - mu) / sig**2", "(x - mu) / sig**2", r"missing factor f"),
    "sig_product_rule": ("dfdsig", " - 1 / sig)", ")", r"missing −f/σ"),
    "sig_plus": ("dfdsig", " - 1 / sig)", " + 1 / sig)", r"\+1/σ where −1/σ belongs"),
    "sig_cube": ("dfdsig", "sig**3", "sig**2", r"\(x − μ\)²/σ² where \(x − μ\)²/σ³ belongs"),
    "uphill": ("steepest_step", "return -aggression * J", "return aggression * J", r"a step uphill"),
    "no_two": ("steepest_step", "J[0] = -2 * np.sum", "J[0] = -1 * np.sum", r"differs from|entries differ"),
    "mean": ("steepest_step", "return -aggression * J", "return -aggression * J / len(x)", r"an average"),
    "swapped": ("steepest_step", "return -aggression * J", "return -aggression * J[::-1]", r"components swapped"),
    "no_aggression": ("steepest_step", "return -aggression * J", "return -J", r"missing aggression"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_typical_mistakes_are_named(variant, write):
    function, old, new, pattern = VARIANTS[variant]
    report = check_file(write(edit_function(REF, function, old, new)), "heights", seed=5, limits=FAST)
    result = {f.name: f for f in report.functions}[function]
    assert not report.passed and not result.passed
    assert re.search(pattern, result.message), result.message


def test_both_factors_of_two_missing_is_named(write):
    text = edit_function(REF, "steepest_step", "J[0] = -2 * np.sum", "J[0] = -1 * np.sum")
    text = edit_function(text, "steepest_step", "J[1] = -2 * np.sum", "J[1] = -1 * np.sum")
    report = check_file(write(text), "heights", seed=5, limits=FAST)
    result = {f.name: f for f in report.functions}["steepest_step"]
    assert "missing factor 2" in result.message
