"""`mvcalc grad | jacobian | hessian | taylor`: results, JSON, and one-line errors with exit status 2."""

from __future__ import annotations

import json

import pytest
import sympy as sp
from typer.testing import CliRunner

from mvcalc.cli import app
from mvcalc.math.input.reader import parse, symbol

runner = CliRunner()
x, y = symbol("x"), symbol("y")


def run(*args):
    return runner.invoke(app, list(args))


def read_json(out) -> dict:
    assert out.exit_code == 0, out.output
    return json.loads(out.output)


def test_grad_text_and_point():
    out = run("grad", "x^2 y + sin(x y)", "--vars", "x,y", "--at", "x=1,y=pi")
    assert out.exit_code == 0, out.output
    assert "Gradient" in out.output and "at x = 1, y = pi" in out.output
    assert "pi" in out.output


def test_grad_json_is_exact_with_floats():
    data = read_json(run("grad", "x^2 y", "--vars", "x,y", "--at", "x=1,y=2", "--json"))
    assert data["shape"] == [2, 1]
    assert data["value"] == [["4"], ["1"]]
    assert data["floats"] == [[4.0], [1.0]]
    assert data["latex"].startswith(r"\nabla f =")


def test_jacobian_of_components_and_of_a_vector_agree():
    a = read_json(run("jacobian", "x^2 - y^2", "2 x y", "--vars", "x,y", "--json"))
    b = read_json(run("jacobian", "[x^2 - y^2, 2 x y]", "--vars", "x,y", "--json"))
    assert a["symbolic"] == b["symbolic"]
    got = sp.Matrix([[parse(e, ["x", "y"]) for e in row] for row in a["symbolic"]])
    assert sp.simplify(got - sp.Matrix([[2 * x, -2 * y], [2 * y, 2 * x]])) == sp.zeros(2, 2)
    assert a["entries"][1]["label"] == "∂f1/∂y"


def test_jacobian_steps_in_json():
    data = read_json(run("jacobian", "x^2 sin y", "--vars", "x,y", "--steps", "--json"))
    working = data["entries"][1]["working"][0]
    assert working["wrt"] == "y" and "treat x as constant" in working["note"]


def test_scalar_jacobian_is_a_row():
    data = read_json(run("jacobian", "x y^2", "--vars", "x,y", "--json"))
    assert data["shape"] == [1, 2]


def test_hessian_at_a_point_and_classification():
    data = read_json(run("hessian", "sin(pi x - x^2 y)", "--vars", "x,y", "--at", "x=1,y=pi", "--json"))
    assert data["value"] == [["-2*pi", "-2"], ["-2", "0"]]
    out = run("hessian", "x^2 - y^2", "--vars", "x,y", "--at", "x=0,y=0", "--classify")
    assert out.exit_code == 0 and "saddle" in out.output
    data = read_json(run("hessian", "x^2 + y^2", "--vars", "x,y", "--at", "x=0,y=0", "--classify", "--json"))
    assert data["stationary"]["kind"] == "minimum"


def test_taylor_text_and_json():
    out = run("taylor", "ln x", "--at", "x=10", "--order", "3")
    assert out.exit_code == 0, out.output
    assert "f″(10)/2!·(x - 10)²" in out.output
    data = read_json(run("taylor", "ln x", "--at", "x=10", "--order", "3", "--json"))
    poly = parse(data["polynomial"].replace("log", "ln"), ["x"])
    want = sp.series(sp.log(x), x, 10, 4).removeO()
    assert sp.expand(poly - want) == 0
    assert data["terms"][3]["factorial"] == 6


def test_taylor_extras():
    data = read_json(
        run("taylor", "1/(1-x)^2", "--at", "x=0", "--order", "4", "--general", "--radius", "--interval", "-0.5,0.5", "--json")
    )
    assert data["general_term"]["found"]
    assert data["radius"]["radius"] == "1"
    assert data["remainder"]["observed"] <= data["remainder"]["bound"]


def test_taylor_two_variables():
    data = read_json(run("taylor", "x y^2 e^(-x^4 - y^2/2)", "--at", "x=-1,y=2", "--order", "1", "--json"))
    assert data["jacobian"] == [["-12*exp(-3)", "4*exp(-3)"]]


@pytest.mark.parametrize(
    "args, words",
    [
        (("taylor", "1/x", "--at", "x=0"), "not defined at x = 0"),
        (("taylor", "abs(x)", "--at", "x=0"), "not smooth"),
        (("taylor", "x", "--at", "x=0", "--order", "-1"), "--order"),
        (("grad", "x^2 +", "--vars", "x"), "cannot read"),
        (("grad", "x y", "--vars", "x,y", "--at", "x=1"), "give a value for y"),
        (("grad", "x y", "--vars", "x,,1y"), "--vars"),
        (("grad", "[x, y]", "--vars", "x,y"), "one scalar expression"),
        (("hessian", "x y", "--vars", "x,y", "--classify"), "--classify needs"),
        (("hessian", "x^2 + y", "--vars", "x,y", "--at", "x=0,y=0", "--classify"), "not a stationary point"),
        (("jacobian", "1/x", "--vars", "x", "--at", "x=0"), "not defined"),
        (("taylor", "x y", "--at", "x=0,y=0", "--radius"), "one variable"),
        (("taylor", "1/x", "--at", "x=1", "--interval", "-1,2"), "inside"),
    ],
)
def test_errors_are_one_line_with_status_2(args, words):
    out = run(*args)
    assert out.exit_code == 2
    assert words in out.output
    assert "Traceback" not in out.output
    assert len(out.output.strip().splitlines()) <= 3  # one message (wrapped at most by the terminal)


def test_steps_in_text_name_rules_and_constants():
    out = run("grad", "x^2 sin(x y)", "--vars", "x,y", "--steps")
    assert out.exit_code == 0, out.output
    for words in ("product rule", "chain rule", "treat y as constant", "treat x as constant"):
        assert words in out.output


def test_json_gives_the_input_language_with_latex_and_sympy_forms():
    import json

    from typer.testing import CliRunner

    from mvcalc.cli import app

    out = CliRunner().invoke(app, ["hessian", "x^2 y", "--vars", "x,y", "--json"])
    data = json.loads(out.stdout)
    assert data["functions"] == ["x^2*y"] and data["functions_sympy"] == ["x**2*y"]
    assert data["functions_latex"] == ["x^{2} y"]
    assert data["symbolic"] == [["2*y", "2*x"], ["2*x", "0"]] == data["symbolic_sympy"]
    entry = data["entries"][0]
    assert entry["derivative"] == "2*y" and entry["derivative_sympy"] == "2*y" and entry["derivative_latex"] == "2 y"
    diff = json.loads(CliRunner().invoke(app, ["diff", "x^3 e^x", "--json"]).stdout)
    assert diff["result"] == "x^2*(x + 3)*exp(x)" and diff["result_sympy"] == "x**2*(x + 3)*exp(x)"
