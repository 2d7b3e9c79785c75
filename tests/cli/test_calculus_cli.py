"""`mvcalc diff`: results, steps, JSON, and one-line errors with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys

import sympy as sp
from typer.testing import CliRunner

from mvcalc.cli import app
from mvcalc.math.input.reader import parse

runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["diff", *args])


def test_result_in_plain_text():
    out = run("x^2 sin x")
    assert out.exit_code == 0
    assert "d/dx (x^2*sin(x)) = x^2*cos(x) + 2*x*sin(x)" in out.output


def loaded_by(*args: str) -> set[str]:
    """The modules of interest that `mvcalc diff ARGS` has imported when it is done (in a fresh interpreter)."""
    code = ("import sys\nfrom mvcalc.cli import main\n"
            f"sys.argv = ['mvcalc', 'diff', *{list(args)!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(*sorted(m for m in sys.modules if m in ('rich', 'json') or m.startswith('mvcalc.math.calculus.')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.splitlines()[-1].split())


def test_a_plain_result_loads_only_what_it_prints():
    """Start-up: no Rich, no JSON, no step views or misconceptions for a plain result; --steps brings Rich."""
    assert loaded_by("x^2 sin x") == {"mvcalc.math.calculus.derive", "mvcalc.math.calculus.rules"}
    assert {"rich", "mvcalc.math.calculus.derivation_view"} <= loaded_by("x^2 sin x", "--steps")


def test_steps_name_their_rules():
    out = run("x^2 sin x", "--steps")
    assert out.exit_code == 0
    for words in ("product rule", "power rule", "sine", "differentiate one factor at a time"):
        assert words in out.output


def test_json_has_result_and_steps_in_text_and_latex():
    out = run("sin(x^2)", "--json")
    assert out.exit_code == 0
    data = json.loads(out.output)
    x = sp.Symbol("x", real=True)
    assert sp.simplify(parse(data["result"]) - 2 * x * sp.cos(x**2)) == 0
    step = data["orders"][0]["steps"][0]
    assert step["rule"] == "chain" and step["result_latex"]
    assert [s["rule"] for s in step["substeps"]] == ["sin", "power"]
    assert step["substeps"][0]["expr"] == "sin(u)" and step["substeps"][0]["u"] == "x^2"


def test_partial_needs_wrt_and_says_so():
    out = run("x^2 y^3")
    assert out.exit_code == 2 and "--wrt" in out.output and "Traceback" not in out.output
    out = run("x^2 y^3", "--wrt", "y")
    assert out.exit_code == 0 and "∂/∂y (x^2*y^3) = 3*x^2*y^2" in out.output


def test_higher_orders():
    out = run("x^4", "--order", "3")
    assert out.exit_code == 0 and "d^3/dx^3 (x^4) = 24*x" in out.output
    data = json.loads(run("x^4", "--order", "2", "--json").output)
    assert [o["result"] for o in data["orders"]] == ["4*x^3", "12*x^2"]


def test_sympy_gamma_gaps():
    for expr, want in [("x^x", "x^x*(ln(x) + 1)"), ("asin x", "1/sqrt(1 - x^2)"),
                       ("sinh x", "cosh(x)"), ("|x|", "x/abs(x)")]:  # printed in the input language
        out = run(expr)
        assert out.exit_code == 0 and want in out.output, (expr, out.output)


def test_bad_input_is_one_line_and_exit_2():
    for args in (["sin(x"], ["x", "--order", "0"], ["[x, y]"], ["x^2", "--wrt", "2x"]):
        out = run(*args)
        assert out.exit_code == 2, args
        assert "error:" in out.output and "Traceback" not in out.output
