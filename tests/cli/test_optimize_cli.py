"""`mvcalc newton`, `minimize`, `lagrange`: results, JSON, and one-line errors with status 2."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from mvcalc.cli import app

runner = CliRunner()
SEXTIC = "x^6/6 - 3x^4 - 2x^3/3 + 27x^2/2 + 18x - 30"


def run(*args):
    return runner.invoke(app, list(args))


def test_newton_table_and_verdict():
    out = run("newton", SEXTIC, "--x0", "1")
    assert out.exit_code == 0, out.output
    assert "converged to 1.06307063" in out.output
    assert "f'(x) = x**5 - 12*x**3" in out.output


def test_newton_json_from_1_99():
    out = run("newton", SEXTIC, "--x0", "1.99", "--json")
    data = json.loads(out.output)
    assert data["verdict"] == "converged"
    assert data["root"] == pytest.approx(-3.760213972, abs=1e-9)
    assert data["path"][1] == pytest.approx(-36.4746, abs=1e-3)


def test_newton_oscillation_and_leading_minus():
    assert "period 2" in run("newton", "x^3 - 2x + 2", "--x0", "0").output
    out = run("newton", "-x^2 + 4", "--x0", "1", "--json")
    assert out.exit_code == 0 and json.loads(out.output)["root"] == pytest.approx(2.0)


def test_minimize_methods():
    out = run("minimize", "(1-x)^2 + 100(y-x^2)^2", "--vars", "x,y", "--from", "-1.2,1",
              "--method", "newton", "--json")
    data = json.loads(out.output)
    assert data["verdict"] == "converged" and np.allclose(data["point"], [1, 1])
    assert data["classification"] == "minimum" and data["path"][0] == [-1.2, 1.0]
    out = run("minimize", "x^2 + y^2", "--vars", "x,y", "--from", "1,1", "--method", "gd")
    assert out.exit_code == 0 and "converged" in out.output and "minimum" in out.output


def test_lagrange_course_problem():
    out = run("lagrange", "exp(-(2x^2+y^2-xy)/2)", "--subject-to", "x^2 + 3(y+1)^2 = 1",
              "--vars", "x,y", "--json")
    data = json.loads(out.output)
    assert data["method"] == "exact" and len(data["points"]) == 4
    best = min(data["points"], key=lambda p: p["value"])
    assert best["kind"] == "minimum" and best["point"]["y"] == pytest.approx(-1.2108295461701823)
    text = run("lagrange", "x + y", "--subject-to", "x^2 + y^2 - 1", "--vars", "x,y").output
    assert "sqrt(2)/2" in text and "maximum" in text


def test_lagrange_numeric_flag():
    out = run("lagrange", "x y", "--subject-to", "x + y = 2", "--vars", "x,y", "--numeric", "--json")
    data = json.loads(out.output)
    assert data["method"] == "numeric" and data["points"][0]["point"] == pytest.approx({"x": 1, "y": 1})


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["newton", "x^3-2x+", "--x0", "0"], "cannot read the expression"),
        (["newton", "x y", "--x0", "0"], "exactly one variable"),
        (["newton", "x^2", "--x0", "nan"], "finite"),
        (["newton", "x^2", "--x0", "1", "--tol", "-1"], "--tol must be a positive number"),
        (["minimize", "x^2+y^2", "--vars", "x,y", "--from", "1"], "1 numbers for 2 variables"),
        (["minimize", "x^2+y^2", "--vars", "x,y", "--from", "1,a"], "numbers separated by commas"),
        (["minimize", "x^2+y^2", "--vars", "x,y", "--from", "1,1", "--method", "adam"], "--method"),
        (["minimize", "x^2+z", "--vars", "x,y", "--from", "1,1"], "cannot read the expression"),
        (["lagrange", "x+y", "--subject-to", "x^2+", "--vars", "x,y"], "cannot read the constraint"),
        (["lagrange", "lambda", "--subject-to", "x", "--vars", "x,lambda"], "multiplier"),
        (["lagrange", "x+y", "--subject-to", "x", "--subject-to", "y", "--subject-to", "x-y",
          "--vars", "x,y"], "leave no freedom"),
    ],
)
def test_errors_are_one_line_with_status_2(args, words):
    out = run(*args)
    assert out.exit_code == 2, out.output
    assert words in out.output
    assert "Traceback" not in out.output
