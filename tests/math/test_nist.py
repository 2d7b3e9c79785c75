"""NIST StRD: the reader, the model translation (checked against hand-written models), and
all 54 fits (27 datasets x 2 starts) reaching the certified parameters to 7+ digits."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp

from mvcalc import datasets as shipped
from mvcalc.math.fit.nist import (
    StrdFormatError,
    digits_of_agreement,
    min_digits,
    parse_strd,
    translate_model,
)
from mvcalc.math.fit.nonlinear import fit
from mvcalc.math.input.reader import parse, symbol
from mvcalc.math.numeric import evaluate_mp

b1, b2, b3, b4, b5, b6, b7, b8, b9 = (symbol(f"b{i}") for i in range(1, 10))
x, x1, x2 = symbol("x"), symbol("x1"), symbol("x2")
pi, exp = sp.pi, sp.exp

# Written by hand from NIST's model pages, independently of the textual translation.
EXPECTED = {
    "Bennett5": b1 * (b2 + x) ** (-1 / b3),
    "BoxBOD": b1 * (1 - exp(-b2 * x)),
    "Chwirut1": exp(-b1 * x) / (b2 + b3 * x),
    "Chwirut2": exp(-b1 * x) / (b2 + b3 * x),
    "DanWood": b1 * x**b2,
    "ENSO": b1 + b2 * sp.cos(2 * pi * x / 12) + b3 * sp.sin(2 * pi * x / 12)
    + b5 * sp.cos(2 * pi * x / b4) + b6 * sp.sin(2 * pi * x / b4)
    + b8 * sp.cos(2 * pi * x / b7) + b9 * sp.sin(2 * pi * x / b7),
    "Eckerle4": (b1 / b2) * exp(-sp.Rational(1, 2) * ((x - b3) / b2) ** 2),
    "Gauss1": b1 * exp(-b2 * x) + b3 * exp(-(x - b4) ** 2 / b5**2) + b6 * exp(-(x - b7) ** 2 / b8**2),
    "Hahn1": (b1 + b2 * x + b3 * x**2 + b4 * x**3) / (1 + b5 * x + b6 * x**2 + b7 * x**3),
    "Kirby2": (b1 + b2 * x + b3 * x**2) / (1 + b4 * x + b5 * x**2),
    "Lanczos1": b1 * exp(-b2 * x) + b3 * exp(-b4 * x) + b5 * exp(-b6 * x),
    "MGH09": b1 * (x**2 + x * b2) / (x**2 + x * b3 + b4),
    "MGH10": b1 * exp(b2 / (x + b3)),
    "MGH17": b1 + b2 * exp(-x * b4) + b3 * exp(-x * b5),
    "Misra1a": b1 * (1 - exp(-b2 * x)),
    "Misra1b": b1 * (1 - (1 + b2 * x / 2) ** (-2)),
    "Misra1c": b1 * (1 - (1 + 2 * b2 * x) ** (-sp.Rational(1, 2))),
    "Misra1d": b1 * b2 * x * ((1 + b2 * x) ** (-1)),
    "Nelson": b1 - b2 * x1 * exp(-b3 * x2),
    "Rat42": b1 / (1 + exp(b2 - b3 * x)),
    "Rat43": b1 / ((1 + exp(b2 - b3 * x)) ** (1 / b4)),
    "Roszman1": b1 - b2 * x - sp.atan(b3 / (x - b4)) / pi,
    "Thurber": (b1 + b2 * x + b3 * x**2 + b4 * x**3) / (1 + b5 * x + b6 * x**2 + b7 * x**3),
}
EXPECTED["Gauss2"] = EXPECTED["Gauss3"] = EXPECTED["Gauss1"]
EXPECTED["Lanczos2"] = EXPECTED["Lanczos3"] = EXPECTED["Lanczos1"]


def test_translation_of_model_lines():
    assert translate_model("y = b1*(1-exp[-b2*x])  +  e") == ("y", "b1*(1-exp(-b2*x))")
    assert translate_model("y = b1 * (1-(1+2*b2*x)**(-.5))  +  e") == ("y", "b1*(1-(1+2*b2*x)^(-0.5))")
    assert translate_model("log[y] = b1 - b2*x1 * exp[-b3*x2]  +  e")[0] == "log(y)"
    assert translate_model("y = b1 - arctan[b3/(x-b4)]/pi + e")[1] == "b1-atan(b3/(x-b4))/pi"
    with pytest.raises(StrdFormatError):
        translate_model("y = b1*x")


def test_reader_rejects_other_text():
    with pytest.raises(StrdFormatError):
        parse_strd("x,y\n1,2\n")
    with pytest.raises(StrdFormatError):
        parse_strd("NIST/ITL StRD\nDataset Name: Broken\n")


def test_digits_of_agreement():
    assert digits_of_agreement(1.0000001, 1.0) == pytest.approx(7.0, abs=0.01)
    assert digits_of_agreement(2.0, 2.0) == 15.0
    assert digits_of_agreement(float("nan"), 1.0) == 0.0
    assert min_digits({"a": 1.001, "b": 2.0}, {"a": 1.0, "b": 2.0}) == pytest.approx(3.0, abs=0.01)


@pytest.fixture(scope="module")
def datasets():
    return [shipped.nist(name) for name in shipped.nist_names()]


def test_every_file_is_read_and_its_model_matches_the_hand_written_one(datasets):
    assert len(datasets) == 27
    for d in datasets:
        assert d.name in EXPECTED
        assert len(d.starts) == 2 and set(d.starts[0]) == set(d.parameters) == set(d.certified)
        assert len(d.y) > len(d.parameters) and all(len(v) == len(d.y) for v in d.x.values())
        model = parse(d.model, variables=list(d.predictors) + list(d.parameters))
        assert sp.simplify(model - EXPECTED[d.name]) == 0, d.name
    nelson = next(d for d in datasets if d.name == "Nelson")
    assert nelson.response == "log(y)" and nelson.predictors == ("x1", "x2")
    assert np.allclose(nelson.response_values(), np.log(nelson.y))


@pytest.fixture(scope="module")
def fits(datasets):
    """All 54 fits, run once for the module."""
    out = {}
    for d in datasets:
        for k, start in enumerate(d.starts):
            out[d.name, k] = (d, fit(d.model, d.x, d.response_values(), start))
    return out


def test_all_54_fits_reach_seven_digits(fits):
    """Issue 18 keeps the worst fit at 7 digits or more (SciPy's trf reaches 6.4, lm 0)."""
    short = {key: round(min_digits(r.parameters, d.certified), 1)
             for key, (d, r) in fits.items() if min_digits(r.parameters, d.certified) < 7}
    assert not short, f"below 7 significant digits: {short}"
    assert all(r.converged for _, r in fits.values())


def _rss_in_high_precision(d, params) -> float:
    """The RSS with residuals computed to 40 digits (from the double-precision data)."""
    model = parse(d.model, variables=list(d.predictors) + list(d.parameters))
    total = mpmath.mpf(0)
    with mpmath.workdps(40):
        for i, yi in enumerate(d.response_values()):
            point = {**params, **{p: float(v[i]) for p, v in d.x.items()}}
            total += (mpmath.mpf(float(yi)) - evaluate_mp(model, point, dps=40)) ** 2
    return float(total)


def test_rss_and_standard_errors_match_the_certified_ones(fits):
    for (name, k), (d, r) in fits.items():
        if d.certified_rss > 1e-20:
            assert digits_of_agreement(r.rss, d.certified_rss) >= 6, (name, k, r.rss)
        else:
            # Lanczos1: residuals of 1e-13 on data of size 1; reading the decimal data into
            # doubles already moves the RSS in its third digit, so only 2 digits are decidable
            rss = _rss_in_high_precision(d, r.parameters)
            assert digits_of_agreement(rss, d.certified_rss) >= 2, (name, k, rss)
        need = 3 if d.certified_rss > 1e-20 else 2  # standard errors scale with sqrt(RSS)
        for b, sd in d.certified_sd.items():
            assert digits_of_agreement(r.stderr[b], sd) >= need, (name, k, b, r.stderr[b], sd)
