"""Closed-form straight-line regression against SciPy (linregress, curve_fit) and by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import curve_fit
from scipy.stats import linregress

from mvcalc.math.fit.linear import LinearFitError, linfit


def test_five_points_by_hand():
    # the course's exercise: m and c from the closed-form formulas
    x = [1.0, 2.0, 3.0, 4.0, 5.0]
    y = [2.0, 4.0, 5.0, 4.0, 5.0]
    fit = linfit(x, y)
    # x̄ = 3, ȳ = 4, Σ(x−x̄)y = 6, Σ(x−x̄)² = 10
    assert fit.m == pytest.approx(0.6) and fit.c == pytest.approx(2.2)
    assert fit.chi2 == pytest.approx(2.4) and fit.dof == 3


def test_matches_linregress():
    rng = np.random.default_rng(7)
    x = np.linspace(-3, 8, 40)
    y = 1.7 * x - 0.4 + rng.normal(0, 0.5, x.size)
    fit, ref = linfit(x, y), linregress(x, y)
    assert fit.m == pytest.approx(ref.slope, rel=1e-12)
    assert fit.c == pytest.approx(ref.intercept, rel=1e-12)
    assert fit.sigma_m == pytest.approx(ref.stderr, rel=1e-10)
    assert fit.sigma_c == pytest.approx(ref.intercept_stderr, rel=1e-10)
    assert fit.r2 == pytest.approx(ref.rvalue**2, rel=1e-12)


def test_weighted_matches_curve_fit_with_absolute_sigma():
    x = np.array([0.0, 1, 2, 3, 4, 5])
    y = np.array([0.9, 3.2, 4.8, 7.1, 9.3, 10.7])
    s = np.array([0.1, 0.2, 0.1, 0.3, 0.2, 0.4])
    fit = linfit(x, y, sigma=s)
    popt, pcov = curve_fit(lambda t, m, c: m * t + c, x, y, sigma=s, absolute_sigma=True)
    assert [fit.m, fit.c] == pytest.approx(list(np.polyfit(x, y, 1, w=1 / s)), rel=1e-10)
    assert [fit.m, fit.c] == pytest.approx(list(popt), rel=1e-7)  # curve_fit iterates to ~1e-8
    assert fit.sigma_m == pytest.approx(np.sqrt(pcov[0, 0]), rel=1e-6)
    assert fit.sigma_c == pytest.approx(np.sqrt(pcov[1, 1]), rel=1e-6)
    assert fit.cov_mc == pytest.approx(pcov[0, 1], rel=1e-6)
    assert fit.chi2 == pytest.approx(float(np.sum(((y - fit.m * x - fit.c) / s) ** 2)))
    assert fit.weighted


@pytest.mark.parametrize(
    ("x", "y", "sigma", "words"),
    [
        ([1.0], [2.0], None, "at least two"),
        ([1.0, 1.0, 1.0], [1.0, 2.0, 3.0], None, "all x values are equal"),
        ([1.0, 2.0], [1.0], None, "same length"),
        ([1.0, 2.0], [1.0, float("nan")], None, "non-finite"),
        ([1.0, 2.0], [1.0, 2.0], [1.0, -1.0], "positive"),
    ],
)
def test_bad_data(x, y, sigma, words):
    with pytest.raises(LinearFitError, match=words):
        linfit(x, y, sigma)


@settings(max_examples=40, deadline=None)
@given(m=st.floats(-50, 50), c=st.floats(-50, 50), n=st.integers(2, 30))
def test_points_on_a_line_give_the_line(m, c, n):
    x = np.linspace(-2, 5, n)
    fit = linfit(x, m * x + c)
    assert fit.m == pytest.approx(m, abs=1e-9) and fit.c == pytest.approx(c, abs=1e-9)
