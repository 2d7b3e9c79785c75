"""The words a figure's description uses (static/js/figure-controls.js), run in Node and checked against SymPy.

A description says where a sampled curve is lowest and highest, where it turns and where it meets the
x-axis; those are read from the samples the figure draws, so they must agree with the exact function
to within one sample step.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import numpy as np
import pytest
import sympy as sp

from mvcalc.web.assets import STATIC

NODE = shutil.which("node")
x = sp.Symbol("x", real=True)


def _run(calls: list[tuple[str, list]], module_name: str = "figure-controls.js") -> list:
    """Call exported functions of a static/js module in Node: [(name, args)] -> results."""
    if not NODE:
        if os.environ.get("CI"):
            pytest.fail("node is missing (it is needed for the npm assets anyway)")
        pytest.skip("node is not installed")
    module = (STATIC / "js" / module_name).as_uri()
    script = (f"import({json.dumps(module)}).then((m) => {{ const calls = {json.dumps(calls)};"
              " console.log(JSON.stringify(calls.map(([f, a]) => m[f](...a)))); });")
    done = subprocess.run([NODE, "--input-type=module", "-e", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _numbers(text: str) -> list[float]:
    return [float(v.replace("−", "-")) for v in re.findall(r"−?\d+(?:\.\d+)?(?:e[+-]?\d+)?", text)]


CASES = [x**2 - 1, x**3 - 3 * x, sp.sin(2 * x), sp.exp(x) - 2, x**4 - 2 * x**2 + sp.Rational(1, 3)]


@pytest.mark.parametrize("expr", CASES, ids=str)
def test_a_curves_extremes_turns_and_zeros_match_the_exact_function(expr):
    lo, hi, n = -2.0, 2.0, 401
    xs = np.linspace(lo, hi, n)
    f = sp.lambdify(x, expr, "numpy")
    ys = f(xs)
    [text] = _run([("curveSummary", [xs.tolist(), ys.tolist()])])
    step = (hi - lo) / (n - 1)

    low = re.search(r"lowest y = (\S+) at x = ([^,;]+)", text)
    high = re.search(r"highest y = (\S+) at x = ([^,;]+)", text)
    grid = np.linspace(lo, hi, 20001)
    exact = f(grid)
    assert float(low.group(1).replace("−", "-")) == pytest.approx(exact.min(), rel=5e-3, abs=5e-3)
    assert float(high.group(1).replace("−", "-")) == pytest.approx(exact.max(), rel=5e-3, abs=5e-3)

    # turning points: the real roots of f' inside the range, to within a sample step (and 3 significant figures)
    turning = sorted(float(r) for r in sp.solveset(sp.diff(expr, x), x, sp.Interval(lo, hi)) if r.is_real)
    found = re.search(r"turning at x = ([^;]+);", text)
    said = _numbers(found.group(1)) if found else []
    assert len(said) == len(turning), text
    for s, t in zip(said, turning, strict=True):
        assert abs(s - t) <= step + 5e-3 * max(1, abs(t)), text

    # zeros: the real roots of f inside the range
    roots = sorted({round(float(r), 9) for r in sp.nroots(sp.Poly(expr, x)) if abs(sp.im(r)) < 1e-12
                    and lo <= sp.re(r) <= hi} if expr.is_polynomial(x) else
                   [float(r) for r in sp.solveset(expr, x, sp.Interval(lo, hi)) if r.is_real])
    meets = re.search(r"meets the x-axis near x = (.+)$", text)
    said = _numbers(meets.group(1)) if meets else []
    assert len(said) == len(roots), text
    for s, r in zip(said, roots, strict=True):
        assert abs(s - r) <= step + 5e-3 * max(1, abs(r)), text


def test_constant_rising_and_gaps():
    flat, rising, gappy = _run([
        ("curveSummary", [[0, 1, 2], [-2, -2, -2]]),
        ("curveSummary", [[0, 1, 2, 3], [1, 2, 4, 8]]),
        ("curveSummary", [[0, 1, None, 3, 4], [1, None, 2, 3, None]]),
    ])
    assert flat == "from x = 0 to 2, constant at y = −2"
    assert rising.startswith("from x = 0 to 3, rising throughout; lowest y = 1 at x = 0, highest y = 8 at x = 3")
    assert gappy.startswith("from x = 0 to 3, rising throughout")


def test_numbers_and_table_rows():
    nums, picks, few = _run([("num", [-0.123456]), ("every", [25, 9]), ("every", [5, 9])])
    assert nums == "−0.123"
    assert picks == [0, 3, 6, 9, 12, 15, 18, 21, 24] and few == [0, 1, 2, 3, 4]


def test_a_count_agrees_with_its_noun():
    """The Sandpit's words (sandpit-draw.js): "1 probe", "2 probes", never "1 probes"."""
    said = _run([("counted", [1, "probe"]), ("counted", [2, "probe"]), ("counted", [0, "step"]),
                 ("counted", [1, "step"])], "sandpit-draw.js")
    assert said == ["1 probe", "2 probes", "0 steps", "1 step"]
