"""Coverage of constrained optimisation's exact path and its notes (mvcalc.math.optimize.constrained),
each stationary point checked by hand."""

from __future__ import annotations

import pytest
import sympy as sp

from mvcalc.math.input.reader import parse
from mvcalc.math.optimize.constrained import StationaryPoint, exact_text, lagrange

XY = ["x", "y"]


def expr(text: str) -> sp.Expr:
    return parse(text, XY)


def test_exact_point_and_its_data() -> None:
    # x² + y² on x + y = 2: by hand, x = y = 1, λ = 2 (∇f = 2(x, y) = λ(1, 1)), a minimum of value 2
    result = lagrange(expr("x^2 + y^2"), [expr("x + y - 2")], XY)
    assert result.method == "exact"
    (p,) = result.points
    assert p.point == pytest.approx({"x": 1.0, "y": 1.0})
    assert p.multipliers == pytest.approx({"lambda": 2.0})
    assert (p.value, p.kind) == (pytest.approx(2.0), "minimum")
    data = result.to_dict()
    assert data["points"][0]["exact"] == {"x": "1", "y": "1"}
    assert data["lagrangian"] == sp.sstr(expr("x^2 + y^2") - parse("lambda", None) * expr("x + y - 2"))
    assert result.global_maximum() is p


def test_transcendental_system_goes_through_solve() -> None:
    # e^x + e^y on x + y = 0: e^x = e^y = λ, so x = y = 0, λ = 1, value 2, a minimum
    result = lagrange(expr("exp(x) + exp(y)"), [expr("x + y")], XY)
    assert result.method == "exact"
    (p,) = result.points
    assert p.point == pytest.approx({"x": 0.0, "y": 0.0}, abs=1e-12)
    assert p.multipliers["lambda"] == pytest.approx(1.0)
    assert (p.value, p.kind) == (pytest.approx(2.0), "minimum")


def test_complex_solutions_only_fall_back_to_numbers() -> None:
    # x + y on x² + y² = −1: by hand y = x and 2x² = −1, so x = ±i/√2: no real point
    result = lagrange(expr("x + y"), [expr("x^2 + y^2 + 1")], XY, starts=20)
    assert result.points == []
    assert "SymPy found no real stationary point; searched numerically" in result.notes
    assert result.method == "numeric"


def test_dependent_constraint_gradients_are_dropped() -> None:
    # min x on the cusp y² = x³: the exact system gives (0, 0), where ∇g = 0, so no λ exists there
    result = lagrange(expr("x"), [expr("x^3 - y^2")], XY, starts=20)
    assert any(note.startswith("dropped (0.0, 0.0)") for note in result.notes)


def test_a_curve_of_solutions_is_noted() -> None:
    result = lagrange(expr("sin(x + y)"), [expr("sin(x + y)")], XY, starts=10)
    assert "SymPy returned a curve of solutions; only isolated points are listed" in result.notes


def test_time_limit_and_failure_notes(caplog) -> None:
    slow = lagrange(expr("x^2 + y^2"), [expr("x + y - 2")], XY, timeout=1e-4, starts=20)
    assert slow.method == "numeric"
    assert any("SymPy found no exact solution within 0.0001 s; solved numerically instead" == n for n in slow.notes)
    # the numeric search still finds the hand-computed point (1, 1)
    assert [p.point for p in slow.points] == [pytest.approx({"x": 1.0, "y": 1.0})]
    # ∇f and ∇g are parallel everywhere (the minor is identically 0): not a zero-dimensional system
    with caplog.at_level("WARNING", logger="mvcalc.math.optimize.constrained"):
        failed = lagrange(expr("x^2 + y^2"), [expr("x^2 + y^2 + 1")], XY, starts=10)
    assert failed.notes[0] == "SymPy could not solve it exactly (NotImplementedError); solved numerically instead"
    (logged,) = caplog.records  # not swallowed: the reason SymPy gave up is in the log
    assert logged.getMessage().startswith("no exact solution: NotImplementedError: ")
    assert logged.exc_info[0] is NotImplementedError
    assert failed.points == []


def test_refusals() -> None:
    with pytest.raises(ValueError, match="at least one constraint"):
        lagrange(expr("x"), [], XY)
    with pytest.raises(ValueError, match="3 constraints in 2 variables leave no freedom"):
        lagrange(expr("x"), [expr("x"), expr("y"), expr("x + y")], XY)
    with pytest.raises(ValueError, match="z is not among the variables x, y"):
        lagrange(parse("x + z", ["x", "y", "z"]), [expr("x")], XY)


def test_exact_text_and_point_without_exact_values() -> None:
    assert exact_text(sp.sqrt(2)) == "sqrt(2)"
    long = sum(sp.sqrt(k) for k in range(2, 60))
    assert exact_text(long, limit=40) == f"(exact radical expression, {len(sp.sstr(long))} characters)"
    p = StationaryPoint(point={"x": 1.0}, multipliers={"lambda": 0.5}, value=3.0, kind="saddle")
    assert p.to_dict() == {"point": {"x": 1.0}, "multipliers": {"lambda": 0.5}, "value": 3.0, "kind": "saddle"}
