"""Coverage of mvcalc.math.points, display and time_limit: every path checked against hand-computed values."""

from __future__ import annotations

import math
import os
from fractions import Fraction
from pathlib import Path

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from mvcalc.math import time_limit
from mvcalc.math.display import MAX_ITEMS, Displayed
from mvcalc.math.input import reader
from mvcalc.math.points import (
    PointError,
    describe_point,
    exact_at,
    exact_number,
    is_undefined,
    latex_point,
    normalise_point,
    parse_text,
    resolve_variables,
    tidy,
    to_float,
)
from mvcalc.math.time_limit import TimeLimitExceeded, run_with_time_limit

X, Y = reader.symbol("x"), reader.symbol("y")


def test_parse_text_goes_through_the_reader_and_reports_bad_text() -> None:
    assert parse_text("x^2 + y", ["x", "y"]) == X**2 + Y
    with pytest.raises(PointError, match="could not read '2\\+\\*3'") as info:
        parse_text("2+*3", [])
    assert info.value.message == str(info.value)


def test_resolve_variables_in_each_accepted_form() -> None:
    exprs = [X * Y, sp.Symbol("z")]
    assert [s.name for s in resolve_variables(exprs, None)] == ["x", "y", "z"]
    assert resolve_variables(exprs, "y, x") == (Y, X)
    plain = sp.Symbol("x")
    assert resolve_variables([plain + 1], ["x"]) == (plain,)  # the expression's own symbol
    assert resolve_variables([X], [sp.Symbol("w")]) == (sp.Symbol("w"),)
    assert resolve_variables([X], ["t"]) == (reader.symbol("t"),)
    with pytest.raises(PointError, match="'2x' is not a variable name"):
        resolve_variables([X], ["2x"])
    with pytest.raises(PointError, match="listed twice"):
        resolve_variables([X], "x, x")
    with pytest.raises(PointError, match="at least one variable"):
        resolve_variables([X], " , ")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3, sp.Integer(3)),
        (0.1, sp.Rational(1, 10)),
        (Fraction(2, 6), sp.Rational(1, 3)),
        ("pi/2", sp.pi / 2),
        (sp.Float("0.25"), sp.Rational(1, 4)),
        (sp.sqrt(2), sp.sqrt(2)),
    ],
)
def test_exact_number_reads_each_kind_exactly(value, expected) -> None:
    assert exact_number(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "is not a number"),
        (math.inf, "not a finite number"),
        (math.nan, "not a finite number"),
        (sp.Symbol("a"), "is not a number"),
        (sp.oo, "not a finite real number"),
        (sp.I, "not a finite real number"),
        ("1/0", "divides by zero"),
        ([1], "is not a number"),
    ],
)
def test_exact_number_refuses_what_is_not_a_finite_real(value, message) -> None:
    with pytest.raises(PointError, match=message):
        exact_number(value, where="x")


def test_exact_number_refuses_an_infinite_sympy_float() -> None:
    with pytest.raises(PointError, match="not a finite real number"):
        exact_number(sp.Float("inf"))


FRACTIONS = st.fractions(min_value=-(10**6), max_value=10**6, max_denominator=1000)


@given(FRACTIONS, FRACTIONS)
@settings(max_examples=30, deadline=None)
def test_normalise_point_text_mapping_sequence_agree(a: Fraction, b: Fraction) -> None:
    expected = {X: sp.Rational(a.numerator, a.denominator), Y: sp.Rational(b.numerator, b.denominator)}
    text = f"x=({a.numerator})/({a.denominator}); y=({b.numerator})/({b.denominator})"
    assert normalise_point(text, [X, Y]) == expected
    assert normalise_point({"x": a, Y: b}, [X, Y]) == expected
    assert normalise_point((a, b), [X, Y]) == expected


def test_normalise_point_other_forms_and_errors() -> None:
    assert normalise_point("pi", [X]) == {X: sp.pi}
    assert normalise_point(2, [X]) == {X: 2}
    assert normalise_point("x=1,", [X]) == {X: 1}  # an empty part is skipped
    assert normalise_point({"x": 1}, [X, Y], require_all=False) == {X: 1}
    # a comma inside brackets does not split the point
    assert normalise_point("x=(1+2)/3, y=2", [X, Y]) == {X: 1, Y: 2}
    assert normalise_point("x=binomial(4,2), y=root(8,3)", [X, Y]) == {X: 6, Y: 2}
    with pytest.raises(PointError, match="2 coordinates but there are 1"):
        normalise_point([1, 2], [X])
    with pytest.raises(PointError, match="x=0,y=0"):
        normalise_point(3, [X, Y])
    with pytest.raises(PointError, match="name=value"):
        normalise_point("x=1, 2", [X, Y])
    with pytest.raises(PointError, match="z is not one of the variables"):
        normalise_point("z=1", [X, Y])
    with pytest.raises(PointError, match="give a value for y too"):
        normalise_point({"x": 1}, [X, Y])


def test_describe_and_latex_point() -> None:
    point = {X: sp.Integer(1), Y: sp.pi / 2}
    assert describe_point(point) == "x = 1, y = pi/2"
    assert latex_point(point) == r"x = 1, y = \frac{\pi}{2}"


def test_is_undefined() -> None:
    assert is_undefined(sp.zoo) and is_undefined(sp.nan) and is_undefined(1 + sp.oo)
    assert is_undefined(sp.sqrt(-2))
    assert not is_undefined(sp.sqrt(2)) and not is_undefined(X)


def test_tidy_only_ever_shortens_and_keeps_the_value() -> None:
    assert tidy(sp.Integer(3)) == 3
    assert tidy(2 * sp.pi**2) == 2 * sp.pi**2
    messy = 1 / (sp.sqrt(2) + 1)
    tidied = tidy(messy)
    # never longer (√2 − 1 or the value as it was: SymPy counts the two alike, and which one comes
    # back depends on the order of its cache; both are fine)
    assert sp.count_ops(tidied) <= sp.count_ops(messy)
    assert tidied in (messy, sp.sqrt(2) - 1)
    assert float(tidied) == pytest.approx(float(messy), rel=1e-15)
    spread = 2 * sp.sqrt(2) + 2 * sp.sqrt(3)
    factored = tidy(spread)  # factor_terms: 2*(sqrt(2) + sqrt(3)) has fewer operations
    assert factored.is_Mul and sp.count_ops(factored) < sp.count_ops(spread)
    assert sp.expand(factored) == spread
    huge = sum(sp.sqrt(k) * sp.log(k + 1) for k in range(2, 25))
    assert sp.count_ops(huge) > 60 and tidy(huge) is huge  # too costly to tidy: unchanged


def test_exact_at_and_to_float() -> None:
    f = sp.sin(X) * Y + 1 / (sp.sqrt(2) + 1)
    value = exact_at(f, {X: sp.pi / 2, Y: sp.Integer(3)})
    assert sp.simplify(value - (3 + sp.sqrt(2) - 1)) == 0
    assert to_float(value) == pytest.approx(2 + math.sqrt(2), rel=1e-15)
    assert exact_at(X * Y, {X: sp.Integer(2)}) == 2 * Y  # partial point: stays symbolic
    assert exact_at(sp.Integer(5), {}) == 5
    assert math.isnan(to_float(X))
    with pytest.raises(PointError, match="f is not defined at x = 0"):
        exact_at(1 / X, {X: sp.Integer(0)}, what="f")
    with pytest.raises(PointError, match="not a SymPy expression"):
        exact_at(3, {X: sp.Integer(0)})  # type: ignore[arg-type]


class _Result(Displayed):
    def __init__(self, data: dict) -> None:
        self.data = data

    def to_dict(self) -> dict:
        return self.data


def test_display_table_escapes_shortens_and_skips_empty_values() -> None:
    html = _Result(
        {
            "name": "<b>f</b>",
            "value": 1 / 3,
            "point": {"x": 0.5, "y": 2},
            "path": list(range(20)),
            "short": (1, 2),
            "nothing": None,
            "empty": [],
        }
    )._repr_html_()
    assert "<caption>_Result</caption>" in html
    assert "&lt;b&gt;f&lt;/b&gt;" in html and "<b>f</b>" not in html
    assert "0.3333333333" in html and "0.33333333333" not in html
    assert "x = 0.5, y = 2" in html
    assert f"[0, 1, 2, 3, … ({20 - MAX_ITEMS} more) …, 16, 17, 18, 19]" in html
    assert "[1, 2]" in html
    assert "nothing" not in html and "empty" not in html


def _square(v: int) -> int:
    return v * v


def _fail() -> None:
    raise KeyError("inside the worker")


def _sleep() -> None:
    import time

    time.sleep(30)


def _unpicklable():
    return lambda: None


def _die() -> None:
    os._exit(3)


def _answer_then_linger(path: str) -> str:
    """Answer, then write `path` on the way out (as coverage.py saves a measured child's data)."""
    import time
    from multiprocessing import util

    def on_exit() -> None:
        time.sleep(0.2)  # still exiting when the parent has its answer
        Path(path).write_text("exited")

    util.Finalize(None, on_exit, exitpriority=10)
    return "answered"


def test_time_limit_returns_raises_and_gives_up() -> None:
    assert run_with_time_limit(_square, 7, seconds=20) == 49
    with pytest.raises(KeyError, match="inside the worker"):
        run_with_time_limit(_fail, seconds=20)
    with pytest.raises(TimeLimitExceeded, match="gave up after 0.3 s"):
        run_with_time_limit(_sleep, seconds=0.3)
    with pytest.raises(RuntimeError, match="could not be sent back"):
        run_with_time_limit(_unpicklable, seconds=20)
    with pytest.raises(RuntimeError, match="stopped without an answer"):
        run_with_time_limit(_die, seconds=20)


def test_a_child_that_has_answered_is_let_finish_exiting(tmp_path, monkeypatch) -> None:
    # killed at once, it lost what it did on the way out: coverage.py's data of every series search
    monkeypatch.setattr(time_limit, "EXIT_GRACE", 60.0)
    flag = tmp_path / "flag"
    assert run_with_time_limit(_answer_then_linger, str(flag), seconds=20) == "answered"
    assert flag.read_text() == "exited"


def test_time_limit_runs_in_process_without_fork(monkeypatch) -> None:
    import multiprocessing

    def no_fork(method=None):
        raise ValueError("cannot find context for 'fork'")

    monkeypatch.setattr(multiprocessing, "get_context", no_fork)
    assert run_with_time_limit(_square, 9, seconds=0.01) == 81
