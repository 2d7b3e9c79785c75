"""Coverage of reading NIST StRD files (mvcalc.math.fit.nist): the real Misra1a file read against its
printed values, and each way a damaged copy is refused with its own message."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

import mvcalc
from mvcalc.math.fit.nist import (
    StrdFormatError,
    digits_of_agreement,
    min_digits,
    parse_strd,
    translate_model,
)

MISRA1A = (Path(mvcalc.__file__).parent / "datasets" / "nist" / "Misra1a.dat").read_text()


def test_misra1a_reads_as_printed() -> None:
    data = parse_strd(MISRA1A)
    assert data.name == "Misra1a" and data.difficulty == "lower"
    assert (data.response, data.model) == ("y", "b1*(1-exp(-b2*x))")
    assert data.parameters == ("b1", "b2") and data.predictors == ("x",)
    assert data.starts[0] == {"b1": 500.0, "b2": 0.0001} and data.starts[1] == {"b1": 250.0, "b2": 0.0005}
    assert data.certified["b1"] == 2.3894212918e02 and data.certified_rss == 1.2455138894e-01
    assert data.y[:2].tolist() == [10.07, 14.73] and data.x["x"][:2].tolist() == [77.6, 114.9]
    assert np.array_equal(data.response_values(), data.y)
    assert parse_strd(MISRA1A, name="mine").name == "mine"


def _damaged(old: str, new: str) -> str:
    assert old in MISRA1A
    return MISRA1A.replace(old, new, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not a NIST StRD file"),
        (_damaged("Model:", "Shape:"), "no 'Model:' section"),
        (_damaged("2 Parameters (b1 and b2)", "2 Parameters (b1 and b2)\n\nstray words"), "unexpected line in the model section"),
        (_damaged("  +  e\n", "\n"), "the model equation does not end in '+ e'"),
        (_damaged("  b1 =   500", "  c1 :   500").replace("  b2 =     0.0001", "  c2 :     0.0001"), "no parameter rows"),
        (_damaged("Residual Sum of Squares:", "Residual Sum:"), "no certified residual sum of squares"),
        (_damaged("Data              (lines", "Data              (rows"), "the header does not say which lines hold the data"),
        (_damaged("Data:   y", "Values: y"), "expected the column header on line 60"),
        (_damaged("14.73E0", "14.73E0 oops"), "bad data row"),
        (_damaged("Data:   y               x", "Data:   y               x   z"), "data rows do not match the column header"),
    ],
)
def test_damaged_files_are_refused_with_their_reason(text: str, message: str) -> None:
    with pytest.raises(StrdFormatError, match=re.escape(message)):
        parse_strd(text)


def test_translate_model() -> None:
    assert translate_model("y = b1*(1-exp[-b2*x])  +  e") == ("y", "b1*(1-exp(-b2*x))")
    assert translate_model("log[y] = b1 - b2*x*exp[-b3*x] + e") == ("log(y)", "b1-b2*x*exp(-b3*x)")
    assert translate_model("y = arctan[b1/x] + .5 + e") == ("y", "atan(b1/x)+0.5")
    assert translate_model("y = b1**2 + e") == ("y", "b1^2")
    with pytest.raises(StrdFormatError, match="no '=' in the model line"):
        translate_model("b1 + e")
    with pytest.raises(StrdFormatError, match="does not end in"):
        translate_model("y = b1")


def test_response_transforms() -> None:
    data = parse_strd(MISRA1A)
    logged = type(data)(**{**data.__dict__, "response": "log(y)"})
    assert np.allclose(logged.response_values(), np.log(data.y))
    odd = type(data)(**{**data.__dict__, "response": "sqrt(y)"})
    with pytest.raises(StrdFormatError, match="unknown response transform sqrt"):
        odd.response_values()


def test_digits_of_agreement() -> None:
    assert digits_of_agreement(1.0, 1.0) == 15.0
    assert digits_of_agreement(1.001, 1.0) == pytest.approx(3.0)
    assert digits_of_agreement(1e-6, 0.0) == pytest.approx(6.0)  # against 0: the absolute error
    assert digits_of_agreement(math.nan, 1.0) == 0.0
    assert digits_of_agreement(5.0, 1.0) == 0.0  # no digit right
    assert min_digits({"a": 1.0, "b": 2.002}, {"a": 1.0, "b": 2.0}) == pytest.approx(3.0)
