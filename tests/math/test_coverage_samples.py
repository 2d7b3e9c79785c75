"""Coverage of the sample points shared by answer checks (mvcalc.math.check.answer_samples)."""

from __future__ import annotations

import numpy as np
import sympy as sp

from mvcalc.math.check.answer_samples import MIN_POINTS, Samples, close_rows

x = sp.Symbol("x")


def test_samples_hold_the_reference_values_at_their_points() -> None:
    s = Samples(x**2 - 3 * x, ["x", "x"], count=24)
    assert s.names == ["x"] and s.usable
    assert np.allclose(s.reference, s.env["x"] ** 2 - 3 * s.env["x"], rtol=1e-14)
    assert np.allclose(s.values(sp.sin(x)), np.sin(s.env["x"]), rtol=1e-14)
    assert np.isnan(s.values(sp.gamma(x))).all()  # not computable numerically: NaN, not an error


def test_a_reference_defined_nowhere_is_not_usable() -> None:
    s = Samples(sp.log(-(x**2) - 1), ["x"])  # log of a negative number everywhere
    assert s.reference.size == 0 and not s.usable


def test_a_reference_defined_on_a_half_line_keeps_only_real_points() -> None:
    s = Samples(sp.sqrt(x), ["x"])
    assert s.usable and s.reference.size >= MIN_POINTS
    assert (s.env["x"] >= 0).all()
    assert np.allclose(s.reference, np.sqrt(s.env["x"]))


def test_constants_without_variables() -> None:
    s = Samples(sp.Integer(3), [])
    assert s.usable and s.env == {}
    assert list(s.values(sp.Integer(2))) == [2.0]


def test_close_rows() -> None:
    assert close_rows(np.zeros((0, 3)), np.zeros(3)).shape == (0,)
    table = np.array([[1.0, 2.0, 3.0, np.nan], [1.0, 2.0, 3.1, np.nan], [np.nan, np.nan, 3.0, 4.0]])
    row = np.array([1.0, 2.0, 3.0, np.nan])
    # the first row equals it everywhere; the second differs at one point; the third has too few finite
    assert list(close_rows(table, row)) == [True, False, False]
