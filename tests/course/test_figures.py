"""The figure registry: every figure in content/ draws; the data agree with the engine and NumPy oracles."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from mvcalc.course import figures
from mvcalc.course.loader import load_course

CONTENT_FIGURES = [
    pytest.param(figure, id=f"{lesson.id}:{figure.name}:{figure.line}")
    for lesson in load_course().lessons
    for figure in lesson.figures
]

SAMPLES = {
    "function": {"functions": ["x^2", "sin x"]},
    "rise-over-run": {"f": "x^2", "a": 1, "h": 0.5},
    "derivative-link": {"f": "sin x"},
    "linearisation": {"f": "e^x", "a": 0},
    "taylor-explorer": {"f": "cos x", "orders": [2, 4]},
    "newton-stepper": {"f": "x^2 - 2", "x0": 1, "steps": 4},
    "neuron": {"w": 2, "b": -1},
    "partials-surface": {"f": "x^2 + x y", "slices": [0, 1]},
    "gradient-field": {"f": "x^2 + y^2"},
    "taylor-2d": {"f": "e^(x y)", "a": 0.5, "b": 1},
    "lagrange": {"f": "x y", "g": "x^2 + y^2 - 1"},
    "regression": {"x": [0, 1, 2, 3], "y": [1, 3, 5, 7]},
    "curves": {"curves": [{"f": "2x + 1", "xmin": -2, "xmax": 2, "label": "line"}]},
    "secant-to-tangent": {"f": "x^2", "a": 1},
    "newton-explorer": {"f": "x^2 - 2", "x0": 1, "steps": 6, "range": [0.5, 3]},
    "gradient-contours": {"f": "x^2 + y^2"},
    "taylor-orders": {"f": "cos x", "points": [0], "max_order": 4},
    "line-fit": {"x": [0, 1, 2, 3], "y": [1, 3, 5, 7]},
    "partial-slices": {"f": "x^2 + x y"},
    "lagrange-parallel": {"f": "x y", "g": "x^2 + y^2 - 1"},
    "derivative-pair": {"f": "sin x"},
    "tangent-plane": {"f": "x^2 + x y"},
    "taylor-2d-orders": {"f": "e^(x y)", "points": [[0.5, 1]]},
    "network-backprop": {"w1": [1, -1]},
    "gaussian-fit": {},
}


def _well_formed(data: dict) -> None:
    json.dumps(data, allow_nan=False)
    xmin, ymax, xmax, ymin = data["bbox"]
    assert xmin < xmax and ymin < ymax
    for curve in data.get("curves", []):
        if isinstance(curve, dict):  # built-in figures; interactive ones carry their own shapes
            assert len(curve["x"]) == len(curve["y"]) >= 2


@pytest.mark.parametrize("figure", CONTENT_FIGURES)
def test_every_figure_in_content_draws(figure):
    _well_formed(figures.figure_data(figure.name, figure.params))


def test_every_registered_figure_has_a_sample_and_draws():
    assert set(figures.names()) == set(SAMPLES)
    for name, params in SAMPLES.items():
        _well_formed(figures.figure_data(name, params))


def test_derivative_link_matches_central_differences():
    data = figures.figure_data("derivative-link", {"f": "x^3 - 2x", "range": [-2, 2]})
    f, df = data["curves"]
    xs, ys, dys = np.array(f["x"]), np.array(f["y"]), np.array(df["y"])
    h = xs[1] - xs[0]
    central = (ys[2:] - ys[:-2]) / (2 * h)
    assert np.allclose(central, dys[1:-1], atol=h * h * 10)


def test_rise_over_run_slope_is_the_secant_slope():
    data = figures.figure_data("rise-over-run", {"f": "x^2", "a": 1, "h": 0.5})
    a, b = data["points"]
    assert (a["x"], a["y"], b["x"], b["y"]) == (1.0, 1.0, 1.5, 2.25)
    secant = data["segments"][2]
    slope = (secant["to"][1] - secant["from"][1]) / (secant["to"][0] - secant["from"][0])
    assert math.isclose(slope, 2.5)


def test_taylor_polynomials_agree_with_the_series_of_cos():
    data = figures.figure_data("taylor-explorer", {"f": "cos x", "a": 0, "orders": [4], "range": [-1, 1]})
    poly = data["curves"][1]
    xs = np.array(poly["x"])
    assert np.allclose(poly["y"], 1 - xs**2 / 2 + xs**4 / 24, atol=1e-6)


def test_newton_steps_converge_to_sqrt_2():
    data = figures.figure_data("newton-stepper", {"f": "x^2 - 2", "x0": 1, "steps": 5})
    assert math.isclose(data["points"][-1]["x"], math.sqrt(2), rel_tol=1e-6)


def test_newton_explorer_reasons_read_as_one_bracketed_clause():
    """The caption is "x₀ = …: <verdict> to the root … (<reason>)": the reason repeats neither the
    verdict nor the root and has no brackets of its own (no doubled parentheses)."""
    data = figures.figure_data("newton-explorer", {"f": "x^3 - 2x + 2", "x0": 0, "steps": 12, "range": [-3, 3]})
    verdicts = {run["verdict"] for run in data["runs"]}
    assert {"converged", "oscillating"} <= verdicts
    for run in data["runs"]:
        reason = run["reason"]
        assert "(" not in reason and ")" not in reason, reason
        assert not reason.startswith((run["verdict"], "converged to")), reason


def test_regression_line_is_numpys_polyfit():
    xs, ys = [0, 1, 2, 3, 4], [1.1, 2.9, 5.2, 7.1, 8.8]
    label = figures.figure_data("regression", {"x": xs, "y": ys})["curves"][0]["label"]
    m, c = np.polyfit(xs, ys, 1)
    assert f"{m:.3g}" in label and f"{c:.3g}" in label


def test_gradient_arrows_point_along_the_gradient():
    data = figures.figure_data("gradient-field", {"f": "x^2 + 3y"})
    for arrow in data["arrows"][:20]:
        (x0, y0), (x1, y1) = arrow["from"], arrow["to"]
        gx, gy = 2 * x0, 3.0
        assert math.isclose((x1 - x0) * gy, (y1 - y0) * gx, abs_tol=1e-9)


def test_lagrange_constraint_points_lie_on_the_curve():
    data = figures.figure_data("lagrange", {"f": "x + y", "g": "x^2 + y^2 - 1"})
    assert data["points"]
    for p in data["points"]:
        assert abs(p["x"] ** 2 + p["y"] ** 2 - 1) < 0.05


def test_undefined_values_become_gaps():
    data = figures.figure_data("function", {"f": "ln x", "range": [-1, 1]})
    ys = data["curves"][0]["y"]
    assert ys[0] is None and ys[-1] == 0.0


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("rise-over-run", {}, "needs `f`"),
        ("rise-over-run", {"f": "x^+"}, "`f`:"),
        ("rise-over-run", {"f": "x^2", "a": "one"}, "`a` must be a number"),
        ("function", {"f": "x", "range": [2, 1]}, "low < high"),
        ("neuron", {"activation": "relu"}, "sigmoid or tanh"),
        ("regression", {"x": [1], "y": [2]}, "at least 2"),
        ("no-such", {}, "unknown figure"),
    ],
)
def test_bad_parameters_raise_figure_error(name, params, message):
    with pytest.raises(figures.FigureError, match=message.replace("(", r"\(").replace("+", r"\+")):
        figures.figure_data(name, params)


def test_a_new_figure_module_registers_itself(monkeypatch):
    @figures.register("test-only", script="figures/test-only.js")
    def data(params):
        """A test figure."""
        return {"value": params["v"]}

    try:
        assert figures.get("test-only").script == "figures/test-only.js"
        assert figures.get("test-only").description == "A test figure."
        assert figures.figure_data("test-only", {"v": 3}) == {"value": 3}
    finally:
        figures._REGISTRY.pop("test-only")


def test_lagrange_constraint_curve_is_whole_and_on_the_curve():
    """Every drawn point satisfies g = 0, and the whole unit circle is drawn (all four quadrants)."""
    import math

    from mvcalc.course.figures.builtin import lagrange

    data = lagrange({"f": "x + y", "g": "x^2 + y^2 - 1", "xrange": [-1.6, 1.6], "yrange": [-1.6, 1.6]})
    points = [(p["x"], p["y"]) for p in data["points"]]
    assert all(abs(math.hypot(x, y) - 1) < 1e-3 for x, y in points)
    quadrants = {(x > 0, y > 0) for x, y in points}
    assert len(quadrants) == 4
    assert max(x + y for x, y in points) > math.sqrt(2) - 0.01  # the maximum of x + y is drawn
