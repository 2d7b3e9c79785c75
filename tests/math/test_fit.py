"""Non-linear least squares: parameters, covariance and χ² checked against SciPy, the
compiled Jacobian against finite differences, every method, and clear errors."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import curve_fit

from mvcalc.math.fit.least_squares import gauss_newton, levenberg_marquardt, steepest_descent
from mvcalc.math.fit.nonlinear import FitError, compile_model, covariance, fit
from mvcalc.math.input.reader import parse

X = np.linspace(0.0, 4.0, 25)
NOISE = np.sin(7.3 * X) * 0.02  # deterministic "noise"
Y = 2.5 * np.exp(-1.3 * X) + 0.4 + NOISE


def scipy_reference(sigma=None):
    popt, pcov = curve_fit(lambda t, a, k, c: a * np.exp(-k * t) + c, X, Y, p0=[1, 1, 0],
                           sigma=sigma, absolute_sigma=sigma is not None)
    return popt, pcov


def test_fit_matches_scipy_curve_fit():
    result = fit("a exp(-k x) + c", {"x": X}, Y, {"a": 1, "k": 1, "c": 0})
    popt, pcov = scipy_reference()
    assert result.converged and "converged" in result.message
    assert np.allclose([result.parameters[n] for n in "akc"], popt, rtol=1e-7)
    assert np.allclose(result.covariance, pcov, rtol=1e-5)
    assert np.allclose([result.stderr[n] for n in "akc"], np.sqrt(np.diag(pcov)), rtol=1e-5)
    assert result.rss == pytest.approx(float(np.sum(result.residuals**2)))
    assert result.dof == 22 and result.residual_sd == pytest.approx(np.sqrt(result.rss / 22))


def test_sigma_weights_make_a_chi_squared():
    sigma = 0.01 + 0.02 * X
    result = fit("a exp(-k x) + c", {"x": X}, Y, {"a": 1, "k": 1, "c": 0}, sigma=sigma)
    popt, pcov = scipy_reference(sigma)
    assert result.weighted
    assert np.allclose([result.parameters[n] for n in "akc"], popt, rtol=1e-7)
    assert np.allclose(result.covariance, pcov, rtol=1e-5)  # absolute sigma: no rescaling
    model = popt[0] * np.exp(-popt[1] * X) + popt[2]
    assert result.chi2 == pytest.approx(float(np.sum(((Y - model) / sigma) ** 2)), rel=1e-9)


@pytest.mark.parametrize("method", ["lm", "gauss-newton", "steepest"])
def test_every_method_reaches_the_minimum(method):
    xs = np.linspace(0, 2, 15)
    ys = 3.0 * xs / (0.5 + xs) + 0.01 * np.cos(5 * xs)
    result = fit("v x / (K + x)", {"x": xs}, ys, {"v": 2.0, "K": 1.0}, method=method,
                 max_iter=50_000 if method == "steepest" else None)
    ref, _ = curve_fit(lambda t, v, K: v * t / (K + t), xs, ys, p0=[2, 1])
    tol = 1e-4 if method == "steepest" else 1e-8
    assert result.converged, result.message
    assert result.method == method
    assert np.allclose([result.parameters["v"], result.parameters["K"]], ref, rtol=tol)
    assert result.path[0] == {"v": 2.0, "K": 1.0} and len(result.path) > 2


def test_path_decreases_rss_monotonically_for_lm():
    result = fit("a exp(-k x) + c", {"x": X}, Y, {"a": 5, "k": 0.1, "c": 2})
    model = parse("a exp(-k x) + c", variables=["x", "a", "k", "c"])
    compiled = compile_model(model, ("x",), ("a", "k", "c"))
    rss = [float(np.sum((Y - compiled({"x": X}, np.array(list(p.values())))) ** 2)) for p in result.path]
    assert all(b <= a * (1 + 1e-12) for a, b in zip(rss, rss[1:], strict=False))


def test_jacobian_matches_finite_differences():
    expr = parse("b1 / (1 + exp(b2 - b3 x))^(1/b4) + sin(b2 x)", variables=["x", "b1", "b2", "b3", "b4"])
    model = compile_model(expr, ("x",), ("b1", "b2", "b3", "b4"))
    b = np.array([700.0, 5.0, 0.75, 1.3])
    data = {"x": np.linspace(1, 15, 9)}
    J = model.jacobian(data, b)
    for j in range(4):
        h = 1e-6 * max(1.0, abs(b[j]))
        up, down = b.copy(), b.copy()
        up[j] += h
        down[j] -= h
        fd = (model(data, up) - model(data, down)) / (2 * h)
        assert np.allclose(J[:, j], fd, rtol=1e-6, atol=1e-6)


def test_model_with_parameter_only_partials_broadcasts():
    # ∂/∂c of a + c is a constant: the Jacobian column must still have one entry per point
    result = fit("a x + c", {"x": [0.0, 1.0, 2.0, 3.0]}, [1.0, 3.0, 5.0, 7.0], {"a": 0, "c": 0})
    assert result.parameters["a"] == pytest.approx(2.0) and result.parameters["c"] == pytest.approx(1.0)
    assert result.rss == pytest.approx(0.0, abs=1e-20)


def test_two_predictors():
    x1 = np.array([1.0, 2, 3, 4, 5, 6])
    x2 = np.array([0.5, 0.1, 0.9, 0.3, 0.7, 0.2])
    y = 1.5 - 0.2 * x1 * np.exp(-0.8 * x2)
    result = fit("b1 - b2 x1 exp(-b3 x2)", {"x1": x1, "x2": x2}, y, {"b1": 1, "b2": 0.1, "b3": 0.1})
    assert np.allclose(list(result.parameters.values()), [1.5, 0.2, 0.8], rtol=1e-9)


def test_sympy_model_accepted():
    x, a = sp.Symbol("x", real=True), sp.Symbol("a", real=True)
    result = fit(a * x**2, {"x": [1.0, 2.0, 3.0]}, [2.0, 8.0, 18.0], {"a": 1.0})
    assert result.parameters["a"] == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"model": "a x + q"}, "cannot read the model: `q` is not a variable"),
        ({"model": "a x +"}, "cannot read the model"),
        ({"start": {"a": 1, "c": 0, "d": 2}}, "does not depend on the parameter"),
        ({"start": {}}, "at least one parameter"),
        ({"y": [1.0, 2.0]}, "has 4 values but y has 2"),
        ({"sigma": [1, 1, 0, 1]}, "positive"),
        ({"method": "newton"}, "unknown method"),
        ({"start": {"a": float("nan"), "c": 0}}, "finite"),
        ({"data": {"x": [0.0, 1.0, float("inf"), 3.0]}}, "non-finite"),
        ({"start": {"x": 1, "a": 1, "c": 1}}, "both a data column and a parameter"),
    ],
)
def test_bad_input_is_a_clear_error(kwargs, words):
    args = {"model": "a x + c", "data": {"x": [0.0, 1.0, 2.0, 3.0]}, "y": [1.0, 3.0, 5.0, 7.0],
            "start": {"a": 1, "c": 0}}
    args.update(kwargs)
    with pytest.raises(FitError, match=words):
        fit(args["model"], args["data"], args["y"], args["start"], sigma=args.get("sigma"),
            method=args.get("method", "auto"))


def test_sympy_model_with_a_stray_symbol():
    x, q, a = (sp.Symbol(n, real=True) for n in "xqa")
    with pytest.raises(FitError, match="neither data nor a parameter"):
        fit(a * x + q, {"x": [1.0, 2.0]}, [1.0, 2.0], {"a": 1})


def test_covariance_of_a_singular_jacobian_is_infinite_not_an_exception():
    J = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])
    cov = covariance(J, rss=1.0, dof=1, weighted=False)
    assert not np.all(np.isfinite(cov))


def test_solvers_on_callables_agree():
    t = np.linspace(0, 1, 20)
    y = 2 * np.exp(0.5 * t)

    def residual(b):
        return b[0] * np.exp(b[1] * t) - y

    def jacobian(b):
        return np.column_stack([np.exp(b[1] * t), b[0] * t * np.exp(b[1] * t)])

    for solver in (levenberg_marquardt, gauss_newton, steepest_descent):
        sol = solver(residual, jacobian, np.array([1.0, 0.0]))
        assert np.allclose(sol.x, [2.0, 0.5], rtol=1e-4 if solver is steepest_descent else 1e-10)
        assert sol.converged and sol.reason


@settings(max_examples=25, deadline=None)
@given(
    a=st.floats(0.5, 5.0), k=st.floats(0.2, 2.0), c=st.floats(-1.0, 1.0),
)
def test_exact_data_is_recovered(a, k, c):
    """Data made from known parameters are fitted back to them from a rough start."""
    ys = a * np.exp(-k * X) + c
    result = fit("a exp(-k x) + c", {"x": X}, ys, {"a": 1.0, "k": 1.0, "c": 0.0})
    assert result.converged, result.message
    assert np.allclose([result.parameters[n] for n in "akc"], [a, k, c], rtol=1e-6, atol=1e-8)


def test_a_constant_model_fits_the_mean():
    ys = [1.0, 2.0, 4.0, 5.0]
    result = fit("a", {}, ys, {"a": 0.0})
    assert result.parameters["a"] == pytest.approx(3.0)
    assert result.stderr["a"] == pytest.approx(np.std(ys, ddof=1) / 2)


def test_fixed_step_steepest_descent_is_the_course_update():
    """With `aggression`, each step is b ← b − aggression·∇χ², ∇χ² = −2 Σ (y − f) ∂f/∂b."""
    xs = np.linspace(0, 2, 9)
    ys = 2.0 * xs + 0.5
    result = fit("m x + c", {"x": xs}, ys, {"m": 0.0, "c": 0.0}, method="steepest", aggression=0.01,
                 max_iter=3)
    b = np.zeros(2)
    for _ in range(3):
        r = ys - (b[0] * xs + b[1])
        b = b - 0.01 * np.array([-2 * np.sum(r * xs), -2 * np.sum(r)])
    assert [result.parameters["m"], result.parameters["c"]] == pytest.approx(list(b), rel=1e-12)
    assert not result.converged and "fixed steps" in result.message
    assert len(result.path) == 4
    with pytest.raises(FitError, match="aggression"):
        fit("m x + c", {"x": xs}, ys, {"m": 0.0, "c": 0.0}, aggression=0.01)
    blown = fit("m x + c", {"x": xs}, ys, {"m": 0.0, "c": 0.0}, method="steepest", aggression=10.0,
                max_iter=200)
    assert not blown.converged and "diverged" in blown.message
