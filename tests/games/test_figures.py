"""The interactive figures' data against oracles: SymPy derivatives, finite differences, the Newton engine."""

import numpy as np
import pytest

from mvcalc.course.figures import FigureError, figure_data


def test_secant_slopes_approach_the_derivative():
    d = figure_data("secant-to-tangent", {"f": "sin x", "range": [0, 3]})
    for i, row in enumerate(d["anchors"]):
        a = row["a"]
        assert d["derivative"][i] == pytest.approx(np.cos(a), abs=1e-5)
        for h, slope in zip(d["h"], row["slope"], strict=True):
            assert slope == pytest.approx((np.sin(a + h) - np.sin(a)) / h, abs=1e-5)
        assert abs(row["slope"][-1] - np.cos(a)) < 1e-3


def test_newton_runs_follow_the_newton_step():
    d = figure_data("newton-explorer", {"f": "x^2 - 2", "range": [0.5, 3]})
    for run in d["runs"]:
        p = run["path"]
        for a, b in zip(p, p[1:], strict=False):
            assert b == pytest.approx(a - (a * a - 2) / (2 * a), abs=1e-5)
        assert run["verdict"] == "converged" and run["root"] == pytest.approx(np.sqrt(2))


def test_gradient_grid_matches_finite_differences_and_contours_lie_on_their_level():
    d = figure_data("gradient-contours", {"f": "x^2 y + sin y", "xrange": [-1, 1], "yrange": [-1, 1]})
    f = lambda x, y: x * x * y + np.sin(y)  # noqa: E731
    h = 1e-6
    for j in (0, 7, 24):
        for i in (3, 12, 20):
            x, y = d["xs"][i], d["ys"][j]
            assert d["fx"][j][i] == pytest.approx((f(x + h, y) - f(x - h, y)) / (2 * h), abs=1e-4)
            assert d["fy"][j][i] == pytest.approx((f(x, y + h) - f(x, y - h)) / (2 * h), abs=1e-4)
    for c in d["contours"]:
        for xs, ys in c["lines"]:
            assert np.allclose(f(np.array(xs), np.array(ys)), c["level"], atol=2e-2)


@pytest.mark.parametrize("name, params", [("secant-to-tangent", {"f": "x +"}), ("newton-explorer", {"steps": 99}),
                                          ("gradient-contours", {"xrange": [1, 0]})])
def test_bad_parameters_are_clear_errors(name, params):
    with pytest.raises(FigureError):
        figure_data(name, params)


def test_taylor_orders_match_sympy_series():
    import sympy as sp

    d = figure_data("taylor-orders", {"f": "e^x", "range": [-1, 1], "points": [0.5], "max_order": 4})
    x = sp.Symbol("x", real=True)
    xs = np.array([v for v in np.linspace(-1, 1, 301)])
    for n in range(5):
        oracle = sp.series(sp.exp(x), x, sp.Rational(1, 2), n + 1).removeO()
        expected = np.array([float(oracle.subs(x, v)) for v in xs[::50]])
        assert np.allclose(np.array(d["series"][0]["poly"][n])[::50], expected, atol=1e-4)
        assert np.allclose(np.array(d["series"][0]["error"][n])[::50], np.abs(np.exp(xs[::50]) - expected), atol=1e-4)


def test_line_fit_chi2_grid_and_best_agree_with_polyfit():
    xs, ys = [0, 1, 2, 3], [1.0, 3.2, 4.9, 7.1]
    d = figure_data("line-fit", {"x": xs, "y": ys, "sigma": 0.5})
    m, c = np.polyfit(xs, ys, 1)
    assert d["best"]["m"] == pytest.approx(m, abs=1e-5) and d["best"]["c"] == pytest.approx(c, abs=1e-5)
    j, i = 10, 70
    chi2 = sum(((y - (d["m"][i] * x + d["c"][j])) / 0.5) ** 2 for x, y in zip(xs, ys, strict=True))
    assert d["chi2"][j][i] == pytest.approx(chi2, abs=1e-3)
    assert min(min(r) for r in d["chi2"]) >= d["best"]["chi2"] - 1e-6


def test_partial_slices_slopes_match_finite_differences():
    d = figure_data("partial-slices", {"f": "x^2 y - y^2/2 + x"})
    h = 1e-6
    f = lambda x, y: x * x * y - y * y / 2 + x  # noqa: E731
    for j, i in ((0, 0), (10, 3), (20, 17)):
        x, y = d["x0"][i], d["y0"][j]
        assert d["fx"][j][i] == pytest.approx((f(x + h, y) - f(x - h, y)) / (2 * h), abs=1e-4)
        assert d["fy"][j][i] == pytest.approx((f(x, y + h) - f(x, y - h)) / (2 * h), abs=1e-4)
        assert d["along_x"][j][80] == pytest.approx(f(d["tx"][80], y), abs=1e-4)


def test_lagrange_gradients_are_parallel_at_the_solutions():
    d = figure_data("lagrange-parallel", {"f": "x^2 y", "g": "x^2 + y^2 - 1"})
    xs, ys = np.array(d["points"][0]), np.array(d["points"][1])
    assert np.allclose(xs**2 + ys**2, 1, atol=1e-3)  # the curve is g = 0
    assert np.allclose(d["grad_f"][0], 2 * xs * ys, atol=1e-4) and np.allclose(d["grad_g"][1], 2 * ys, atol=1e-4)
    for s in d["solutions"]:  # ∇f ∥ ∇g there: 2xy·2y − x²·2x = 0
        assert 2 * s["x"] * s["y"] * 2 * s["y"] - s["x"] ** 2 * 2 * s["x"] == pytest.approx(0, abs=1e-6)
        assert s["x"] ** 2 + s["y"] ** 2 == pytest.approx(1, abs=1e-6)
    assert len(d["solutions"]) == 6


def test_derivative_pair_matches_sympy():
    d = figure_data("derivative-pair", {"f": "x^3 - 3x"})
    m = np.array(d["marks"])
    assert np.allclose(d["f_at"], m**3 - 3 * m, atol=1e-4) and np.allclose(d["df_at"], 3 * m**2 - 3, atol=1e-4)


def test_tangent_plane_values_and_plane_match_the_formula():
    d = figure_data("tangent-plane", {"f": "sin(x) cos(y) + x^2/4"})
    f = lambda x, y: np.sin(x) * np.cos(y) + x * x / 4  # noqa: E731
    j, i, mid = 4, 6, len(d["offsets"]) // 2
    x0, y0 = d["x0"][i], d["y0"][j]
    assert d["fx"][j][i] == pytest.approx(np.cos(x0) * np.cos(y0) + x0 / 2, abs=1e-4)
    assert d["linear"][j][i][mid][mid] == pytest.approx(f(x0, y0), abs=1e-4)
    for q, p in ((0, 8), (mid + 2, mid - 1), (8, 0)):
        dx, dy = d["offsets"][p], d["offsets"][q]
        assert d["true"][j][i][q][p] == pytest.approx(f(x0 + dx, y0 + dy), abs=1e-4)
        assert d["linear"][j][i][q][p] == pytest.approx(
            f(x0, y0) + d["fx"][j][i] * dx + d["fy"][j][i] * dy, abs=1e-4)


INTERACTIVE = ["secant-to-tangent", "newton-explorer", "gradient-contours", "taylor-orders", "line-fit",
               "partial-slices", "lagrange-parallel", "derivative-pair", "tangent-plane", "taylor-2d-orders",
               "network-backprop", "gaussian-fit"]


@pytest.mark.parametrize("name", INTERACTIVE)
def test_defaults_give_strict_json_and_a_box(name):
    import json

    from mvcalc.course import figures

    data = figure_data(name, {})
    json.dumps(data, allow_nan=False)
    xmin, ymax, xmax, ymin = data["bbox"]
    assert xmin < xmax and ymin < ymax
    assert figures.get(name).script == f"figures/{name}.js"


def test_network_gradients_match_finite_differences():
    from mvcalc.course.figures.interactive_network import DEFAULTS, network_graph

    d = network_graph(DEFAULTS)
    grads = {n["name"]: np.array(n["grad"]) for n in d["graph"]["nodes"] if n["op"] == "var"}
    h = 1e-6
    for key, node, size in (("w1", "W1", 2), ("b1", "b1", 2), ("w2", "W2", 2), ("b2", "b2", 1)):
        for k in range(size):
            up, down = dict(DEFAULTS), dict(DEFAULTS)
            base = list(np.atleast_1d(DEFAULTS[key]).astype(float))
            up[key] = [v + h * (i == k) for i, v in enumerate(base)]
            down[key] = [v - h * (i == k) for i, v in enumerate(base)]
            fd = (network_graph(up)["cost"] - network_graph(down)["cost"]) / (2 * h)
            assert grads[node].ravel()[k] == pytest.approx(fd, abs=1e-6)


def test_network_refuses_bad_weights():
    from mvcalc.course.figures.interactive_network import network_graph

    for bad in ({"w1": [1]}, {"b2": "x"}, {"w2": [1, float("nan")]}, {"x": 1e9}):
        with pytest.raises(FigureError):
            network_graph(bad)


def test_taylor_2d_orders_match_the_hand_expansion():
    d = figure_data("taylor-2d-orders", {"f": "e^(x y)", "points": [[0.5, 1.0]], "half_width": 1})
    t = np.array(d["t"])
    e = d["points"][0]
    a, b = 0.5, 1.0
    f0 = np.exp(a * b)
    # along x: f(a + t, b); P2 = f0 (1 + b t + b² t²/2)
    assert np.allclose(e["f"]["x"], np.exp((a + t) * b), atol=1e-4)
    assert np.allclose(e["poly"][0]["x"], f0, atol=1e-4)
    assert np.allclose(e["poly"][1]["x"], f0 * (1 + b * t), atol=1e-4)
    assert np.allclose(e["poly"][2]["x"], f0 * (1 + b * t + b * b * t * t / 2), atol=1e-4)
    assert np.allclose(e["poly"][2]["y"], f0 * (1 + a * t + a * a * t * t / 2), atol=1e-4)


def test_gaussian_fit_path_is_fixed_step_steepest_descent_on_chi2():
    d = figure_data("gaussian-fit", {"steps": 20})
    x, y = np.array(d["bins"]["x"]), np.array(d["bins"]["y"])

    def chi2(mu, s):
        f = np.exp(-((x - mu) ** 2) / (2 * s * s)) / (s * np.sqrt(2 * np.pi))
        return ((y - f) ** 2).sum()

    h = 1e-6
    for k in (0, 5, 19):
        mu, s = d["path"][k]
        assert d["chi2"][k] == pytest.approx(chi2(mu, s), rel=1e-4)
        J = np.array([(chi2(mu + h, s) - chi2(mu - h, s)) / (2 * h), (chi2(mu, s + h) - chi2(mu, s - h)) / (2 * h)])
        assert np.allclose(np.array(d["path"][k + 1]), np.array([mu, s]) - 2000 * J, atol=2e-3)
    assert d["chi2"][-1] < d["chi2"][0]
