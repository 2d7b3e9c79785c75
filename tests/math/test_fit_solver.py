"""The fast Levenberg–Marquardt path and its fallback, the factorisations behind them, and the
compiled-model cache: checked against NIST's certified values, SciPy and plain NumPy."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import curve_fit

from mvcalc import datasets as shipped
from mvcalc.math.fit import least_squares
from mvcalc.math.fit.least_squares import QR_ROWS, factor_scaled, levenberg_marquardt
from mvcalc.math.fit.model import CACHE_SIZE, cached_model, compile_model
from mvcalc.math.fit.nist import min_digits
from mvcalc.math.fit.nonlinear import covariance, fit
from mvcalc.math.input.reader import parse


def _nist_problem(name: str, start: int):
    d = shipped.nist(name)
    model = cached_model(d.model, d.predictors, d.parameters)
    residual, jacobian = model.evaluator(d.x, d.response_values())
    b0 = np.array([d.starts[start][b] for b in d.parameters])
    return d, residual, jacobian, b0


@pytest.mark.parametrize(("name", "start"), [("Misra1a", 0), ("Eckerle4", 1), ("Thurber", 0),
                                             ("MGH17", 0), ("ENSO", 1)])
def test_the_first_run_alone_reaches_the_certified_values(name, start):
    """Typical and hard problems (MGH17 from start 1 crawls and is accelerated) need no fallback."""
    d, residual, jacobian, b0 = _nist_problem(name, start)
    sol = levenberg_marquardt(residual, jacobian, b0)
    assert sol.converged and not sol.fallback, sol.reason
    assert "first run" not in sol.reason
    assert min_digits(dict(zip(d.parameters, sol.x, strict=True)), d.certified) >= 7


def test_boxbod_from_its_first_start_needs_the_fallback_and_gets_the_certified_values():
    """MINPACK's bold first step lands BoxBOD on a plateau (b2 so large that exp(−b2 x) = 0):
    the plain run 'converges' there, its own tests reject that, and the careful search fits."""
    d, residual, jacobian, b0 = _nist_problem("BoxBOD", 0)
    plain = levenberg_marquardt(residual, jacobian, b0, fallback=False)
    assert min_digits(dict(zip(d.parameters, plain.x, strict=True)), d.certified) < 2
    assert least_squares._doubt(plain) is not None
    sol = levenberg_marquardt(residual, jacobian, b0)
    assert sol.fallback and sol.converged
    assert "the first run ended where the model no longer depends on a parameter" in sol.reason
    assert min_digits(dict(zip(d.parameters, sol.x, strict=True)), d.certified) >= 7
    result = fit(d.model, d.x, d.response_values(), d.starts[0])
    assert min_digits(result.parameters, d.certified) >= 7 and "first run" in result.message


def test_a_run_that_drifts_to_infinity_is_not_trusted():
    """a·exp(−k x) + c from (1, 1, 0) on exact data can slide along the valley k → 0, a → −∞,
    c → ∞, where the RSS levels off; the fallback finds the exact parameters."""
    x = np.linspace(0.0, 4.0, 25)
    y = 2.0 * np.exp(-0.2 * x)
    result = fit("a exp(-k x) + c", {"x": x}, y, {"a": 1.0, "k": 1.0, "c": 0.0})
    assert result.converged
    assert [result.parameters[n] for n in "akc"] == pytest.approx([2.0, 0.2, 0.0], abs=1e-8)


def test_the_compiled_model_is_cached_per_model_and_names():
    cached_model.cache_clear()
    x = np.linspace(0.0, 1.0, 8)
    first = fit("a x + c", {"x": x}, 2 * x + 1, {"a": 0.0, "c": 0.0})
    info = cached_model.cache_info()
    assert (info.hits, info.misses) == (0, 1)
    second = fit("a x + c", {"x": x[:5]}, 3 * x[:5] - 1, {"a": 1.0, "c": 1.0})  # other data, start
    assert cached_model.cache_info().hits == 1
    assert second.parameters == pytest.approx({"a": 3.0, "c": -1.0})
    assert first.parameters == pytest.approx({"a": 2.0, "c": 1.0})
    assert cached_model("a x + c", ("x",), ("a", "c")) is cached_model("a x + c", ("x",), ("a", "c"))
    fit("a t + c", {"t": x}, x, {"a": 0.0, "c": 0.0})  # other variables: compiled anew
    assert cached_model.cache_info().misses == 2
    assert cached_model.cache_info().maxsize == CACHE_SIZE


def test_an_unreadable_model_is_not_cached_and_still_a_clear_error():
    from mvcalc.math.fit.nonlinear import FitError

    cached_model.cache_clear()
    for _ in range(2):
        with pytest.raises(FitError, match="cannot read the model"):
            fit("a x +", {"x": [0.0, 1.0]}, [0.0, 1.0], {"a": 1.0})
    assert cached_model.cache_info().currsize == 0
    with pytest.raises(FitError, match="text or a SymPy expression"):
        fit(["a x"], {"x": [0.0, 1.0]}, [0.0, 1.0], {"a": 1.0})


@pytest.mark.parametrize(("model", "names"), [
    ("b1 / (1 + exp(b2 - b3 x))^(1/b4) + sin(b2 x)", ("b1", "b2", "b3", "b4")),
    ("a exp(-(x - m)^2 / (2 s^2)) + c", ("a", "m", "s", "c")),
    ("b1 + b2 x", ("b1", "b2")),
    # cos(2πx/12) and sin(2πx/12) depend on the data alone: computed once per fit
    ("b1 + b2 cos(2 pi x/12) + b3 sin(2 pi x/12) + b5 cos(2 pi x/b4) + b6 sin(2 pi x/b4)",
     ("b1", "b2", "b3", "b4", "b5", "b6")),
])
def test_the_shared_program_matches_the_model_and_its_partials(model, names):
    """Residual and Jacobian from the common-subexpression program equal the model and its
    separately compiled partials, weighted, also when J is asked at a new point."""
    compiled = compile_model(parse(model, variables=["x", *names]), ("x",), names)
    data = {"x": np.linspace(1.0, 9.0, 17)}
    y = np.cos(data["x"])
    w = 1.0 / (1.0 + 0.1 * data["x"])
    residual, jacobian = compiled.evaluator(data, y, w)
    rng = np.random.default_rng(7)
    for _ in range(3):
        b, other = rng.uniform(0.5, 2.0, len(names)), rng.uniform(0.5, 2.0, len(names))
        np.testing.assert_allclose(residual(b), (y - compiled(data, b)) * w, rtol=1e-12)
        np.testing.assert_allclose(jacobian(b), -compiled.jacobian(data, b) * w[:, None], rtol=1e-12)
        np.testing.assert_allclose(jacobian(other), -compiled.jacobian(data, other) * w[:, None],
                                   rtol=1e-12)


def _gauss_newton_step(fac):
    return -(fac.Vt.T @ (fac.sz / fac.s**2))


@pytest.mark.parametrize("conditioning", ["well", "ill"])
@pytest.mark.parametrize("rows", [40, 40 * QR_ROWS])
def test_every_factorisation_gives_the_least_squares_step(rows, conditioning):
    """Thin SVD (short data), normal equations (long, well conditioned) and QR (long, ill
    conditioned) all give the Gauss–Newton step of numpy.linalg.lstsq."""
    rng = np.random.default_rng(rows)
    t = np.linspace(0.0, 1.0, rows)
    if conditioning == "well":
        J = np.column_stack([np.ones(rows), t, np.cos(3 * t), rng.standard_normal(rows)])
    else:  # nearly collinear columns: cond(J) about 1e7
        J = np.column_stack([np.ones(rows), t, t + 1e-7 * t**2, 1e3 * t**3])
    r = rng.standard_normal(rows)
    d = np.linalg.norm(J, axis=0)
    expected = np.linalg.lstsq(J / d, -r, rcond=None)[0]
    step = _gauss_newton_step(factor_scaled(J, d, r))
    np.testing.assert_allclose(step, expected, rtol=1e-6 if conditioning == "ill" else 1e-10,
                               atol=1e-9 * np.linalg.norm(expected))


def test_covariance_is_the_inverse_of_jtj():
    rng = np.random.default_rng(3)
    for rows in (30, 30 * QR_ROWS):
        J = rng.standard_normal((rows, 4)) * [1e-3, 1.0, 1e4, 5.0]
        np.testing.assert_allclose(covariance(J, 1.0, 1, weighted=True), np.linalg.inv(J.T @ J),
                                   rtol=1e-9)


def test_a_fit_on_long_data_matches_scipy():
    """20,000 points: the normal-equations path, compared with curve_fit (same covariance)."""
    rng = np.random.default_rng(18)
    x = np.linspace(-6.0, 6.0, 20_000)
    y = 3.0 * np.exp(-((x - 0.4) ** 2) / (2 * 1.2**2)) + 0.5 + 0.05 * rng.standard_normal(x.size)
    result = fit("a exp(-(x - m)^2 / (2 s^2)) + c", {"x": x}, y,
                 {"a": 2.0, "m": 0.0, "s": 2.0, "c": 0.0})
    popt, pcov = curve_fit(lambda t, a, m, s, c: a * np.exp(-((t - m) ** 2) / (2 * s**2)) + c,
                           x, y, p0=[2.0, 0.0, 2.0, 0.0])
    assert result.converged and "first run" not in result.message
    np.testing.assert_allclose([result.parameters[n] for n in "amsc"], popt, rtol=1e-7)
    scale = np.sqrt(np.outer(np.diag(pcov), np.diag(pcov)))  # compare as correlations
    np.testing.assert_allclose(result.covariance / scale, pcov / scale, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("method", ["lm", "gauss-newton", "steepest"])
@pytest.mark.parametrize(("model", "start", "words"), [
    ("log(b x)", {"b": -1.0}, "the model cannot be evaluated at the starting point"),
    ("sqrt(b - x)", {"b": 3.0}, "the model's derivatives cannot be evaluated at the starting point"),
])
def test_a_start_where_the_model_cannot_be_evaluated_is_a_verdict_not_an_exception(
        method, model, start, words):
    result = fit(model, {"x": [1.0, 2.0, 3.0]}, [0.1, 0.8, 1.2], start, method=method, max_iter=50)
    assert not result.converged and words in result.message
    assert result.parameters == start and not np.isfinite(result.covariance).any()


@settings(max_examples=15, deadline=None)
@given(a=st.floats(0.5, 5.0), m=st.floats(-1.0, 1.0), s=st.floats(0.5, 2.0), c=st.floats(-1.0, 1.0),
       seed=st.integers(0, 2**16))
def test_noisy_gaussians_match_scipy(a, m, s, c, seed):
    """On noisy data the fit, its covariance and its RSS agree with SciPy's curve_fit."""
    x = np.linspace(-5.0, 5.0, 60)
    y = a * np.exp(-((x - m) ** 2) / (2 * s**2)) + c
    y = y + 0.05 * np.random.default_rng(seed).standard_normal(x.size)
    start = {"a": 1.5 * a, "m": m + 0.3, "s": 1.3 * s, "c": c - 0.2}
    result = fit("a exp(-(x - m)^2 / (2 s^2)) + c", {"x": x}, y, start)

    def jac(t, a, m, s, c):
        e = np.exp(-((t - m) ** 2) / (2 * s**2))
        return np.column_stack([e, a * e * (t - m) / s**2, a * e * (t - m) ** 2 / s**3,
                                np.ones_like(t)])

    popt, pcov = curve_fit(lambda t, a, m, s, c: a * np.exp(-((t - m) ** 2) / (2 * s**2)) + c,
                           x, y, p0=list(start.values()), jac=jac, ftol=1e-15, xtol=1e-15,
                           gtol=1e-15)
    assert result.converged, result.message
    got = np.array([result.parameters[n] for n in "amsc"])
    # s enters squared, so its sign is not determined: compare with both made positive;
    # agreement to a millionth of each standard error
    flip_got, flip_ref = np.sign([1, 1, got[2], 1]), np.sign([1, 1, popt[2], 1])
    gap = np.abs(got * flip_got - popt * flip_ref) / np.sqrt(np.diag(pcov))
    assert gap.max() <= 1e-6, (got, popt, gap)
    cov = result.covariance * np.outer(flip_got, flip_got)
    ref = pcov * np.outer(flip_ref, flip_ref)
    scale = np.sqrt(np.outer(np.diag(ref), np.diag(ref)))  # compared as correlations
    np.testing.assert_allclose(cov / scale, ref / scale, rtol=1e-4, atol=1e-6)
