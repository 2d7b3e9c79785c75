"""The practice generators of lessons 2.7, 2.8, 3.3, 5.2 and 6.3, each answer recomputed by an
oracle that does not share the generator's code: SymPy (solve, hessian), NumPy (eigenvalues,
finite differences, polyfit and its covariance, the descent iteration run to the end), SciPy's
χ² distribution, and finite differences of the cost for backprop. Also: variety, hints, buggy
answers that are wrong and named."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy import stats

from mvcalc.exercises import grade, registry
from mvcalc.math.input.reader import parse

from .conftest import typed

NEW_SETS = ("m2-s5-stationary-points", "m2-s6-finite-differences", "m3-s4-batch-backpropagation",
            "m5-s2-gradient-descent", "m6-s3-least-squares-in-practice")
NEW = [g for g in registry.all_generators() if g.META.set in NEW_SETS]
SEEDS = range(12)
x, y = sp.symbols("x y", real=True)


def _expr(text: str) -> sp.Expr:
    """A generator's stored `str(f)` read back by the course's parser (real symbols x, y)."""
    return parse(text.replace("**", "^"), ["x", "y"])


def _right(q) -> str:
    return q.choices[q.answer].text


def _float_matrix(rows) -> np.ndarray:
    return np.array([[float(sp.Rational(v)) for v in row] for row in rows])


def test_every_new_set_has_at_least_three_generators_and_a_lesson():
    from mvcalc.course.loader import load_course

    linked = {p.set for m in load_course().modules for lesson in m.lessons for p in lesson.practices}
    for set_id in NEW_SETS:
        assert len(registry.get_set(set_id).generators) >= 3, set_id
        assert set_id in linked, set_id


@pytest.mark.parametrize("gen", NEW, ids=[g.id for g in NEW])
def test_variety_hints_and_solutions_over_50_seeds(gen):
    prompts = set()
    for seed in range(50):
        q = gen.generate(seed)
        prompts.add(q.prompt)
        assert 3 <= len(q.hints) <= 4 and q.solution, (gen.id, seed)
        assert q.buggy, (gen.id, seed)
    assert len(prompts) >= 20, (gen.id, len(prompts))


@pytest.mark.parametrize("gen", NEW, ids=[g.id for g in NEW])
def test_reference_right_and_buggy_answers_named(gen):
    for seed in SEEDS:
        q = gen.generate(seed)
        assert grade(q, q.answer_text).status == "correct", (gen.id, seed, q.answer_text)
        for m in q.buggy:
            verdict = grade(q, typed(q, m.answer))
            assert verdict.status != "correct" and verdict.diagnosis is not None, (gen.id, seed, m.rule)
            assert verdict.diagnosis.rule == m.rule, (gen.id, seed, m.rule, verdict.diagnosis.rule)


@pytest.mark.parametrize("gen", NEW, ids=[g.id for g in NEW])
def test_hints_lead_without_giving_the_answer_away(gen):
    from mvcalc.exercises.bank._common import tex

    for seed in range(20):
        q = gen.generate(seed)
        if q.kind == "choice":
            shown = [q.choices[q.answer].text]
        elif q.kind == "multichoice":
            shown = [q.choices[i].text for i in q.answer]
        elif q.kind == "points":
            shown = [q.answer_text]
        else:
            shown = [tex(q.answer), q.answer_text]
        for hint in q.hints:
            assert not any(len(a) > 3 and a in hint for a in shown), (gen.id, seed, hint)


# ---------------------------------------------------------------- lesson 2.7: stationary points

LABEL = {"minimum": "local minimum", "maximum": "local maximum", "saddle": "saddle", "degenerate": "cannot tell"}


def _kind_by_eigenvalues(H: np.ndarray) -> str:
    eig = np.linalg.eigvalsh(H)
    if np.any(np.isclose(eig, 0, atol=1e-9)):
        return "degenerate" if not (np.any(eig > 1e-9) and np.any(eig < -1e-9)) else "saddle"
    if np.all(eig > 0):
        return "minimum"
    return "maximum" if np.all(eig < 0) else "saddle"


def test_classify_from_hessian_matches_numpy_eigenvalues():
    gen = registry.get("m2-classify-from-hessian")
    seen = set()
    for seed in range(60):
        q = gen.generate(seed)
        if "eigenvalues" in q.data:  # a point of f(x, y, z) given by its Hessian's eigenvalues
            kind = _kind_by_eigenvalues(np.diag(np.array(q.data["eigenvalues"], dtype=float)))
        else:
            kind = _kind_by_eigenvalues(np.array(q.data["hessian"], dtype=float))
        seen.add(kind)
        assert LABEL[kind] in _right(q), (seed, kind, _right(q))
    assert seen == set(LABEL)


def test_classify_stationary_point_matches_sympy_hessian():
    gen = registry.get("m2-classify-stationary-point")
    for seed in SEEDS:
        q = gen.generate(seed)
        f = _expr(q.data["f"])
        at = dict(zip((x, y), q.data["point"], strict=True))
        assert [sp.diff(f, v).subs(at) for v in (x, y)] == [0, 0], seed
        H = np.array(sp.hessian(f, (x, y)).subs(at), dtype=float)
        assert LABEL[_kind_by_eigenvalues(H)] in _right(q), (seed, q.data)


def test_found_stationary_points_are_sympys_solutions():
    gen = registry.get("m2-find-stationary-points")
    for seed in SEEDS:
        q = gen.generate(seed)
        f = _expr(q.data["f"])
        solutions = sp.solve([sp.diff(f, x), sp.diff(f, y)], [x, y], dict=True)
        want = {(s[x], s[y]) for s in solutions if s[x].is_real and s[y].is_real}
        assert {tuple(p) for p in q.answer} == want, (seed, q.data["f"])


# ---------------------------------------------------------------- lesson 2.8: finite differences


def _numpy_f(text: str, names=("x", "y")):
    return sp.lambdify([sp.Symbol(n, real=True) for n in names], _expr(text), "numpy")


def test_estimates_from_a_table_are_the_table_of_f_differenced():
    gen = registry.get("m2-fd-from-values")
    for seed in range(20):
        q = gen.generate(seed)
        d = q.data
        f = _numpy_f(d["f"])
        h = float(sp.Rational(d["h"]))
        point = [float(sp.Rational(v)) for v in d["point"]] + [0.0]
        axis = 0 if d["variable"] == "x" else 1
        values = []
        for step in (-h, 0, h):
            p = list(point)
            p[axis] += step
            values.append(round(float(f(p[0], p[1])), 4))
        assert np.allclose(values, [float(sp.Rational(v)) for v in d["values"]], atol=1e-12), seed
        lo, mid, hi = values
        want = {"forward": (hi - mid) / h, "backward": (mid - lo) / h, "central": (hi - lo) / (2 * h)}[d["method"]]
        assert abs(float(q.answer) - want) < 1e-9, (seed, d)


def test_estimates_of_a_formula_match_numpy():
    gen = registry.get("m2-fd-of-function")
    for seed in range(20):
        q = gen.generate(seed)
        d = q.data
        f = _numpy_f(d["f"])
        h = float(sp.Rational(d["h"]))
        point = [float(sp.Rational(v)) for v in d["point"]] + [0.0]
        axis = 0 if d["variable"] == "x" else 1

        def at(step, point=point, axis=axis, f=f):
            p = list(point)
            p[axis] += step
            return float(f(p[0], p[1]))

        want = (at(h) - at(0)) / h if d["method"] == "forward" else (at(h) - at(-h)) / (2 * h)
        assert abs(float(q.answer) - want) <= 0.5e-4 + 1e-9, (seed, d, want)


def test_the_error_order_predicts_the_actual_error():
    gen = registry.get("m2-fd-error-order")
    for seed in range(20):
        q = gen.generate(seed)
        d = q.data
        f = _expr(d["f"])
        x0, h1, k = sp.Rational(d["x0"]), sp.Rational(d["h1"]), d["k"]
        exact = sp.diff(f, x).subs(x, x0)

        def error(h, f=f, x0=x0, exact=exact, method=d["method"]):
            if method == "forward":
                value = (f.subs(x, x0 + h) - f.subs(x, x0)) / h
            else:
                value = (f.subs(x, x0 + h) - f.subs(x, x0 - h)) / (2 * h)
            return abs(float(sp.N(value - exact, 40)))

        assert abs(error(h1) / float(sp.Rational(d["error"])) - 1) < 0.01, (seed, d)
        assert abs(error(h1 / k) / float(q.answer) - 1) < 0.2, (seed, d)


def test_best_step_is_numpys_best_of_the_options():
    gen = registry.get("m2-fd-best-step")
    for seed in SEEDS:
        q = gen.generate(seed)
        d = q.data
        f = sp.lambdify(x, _expr(d["f"]), "numpy")
        exact = float(sp.diff(_expr(d["f"]), x).subs(x, d["x0"]))
        x0 = float(d["x0"])
        errors = {}
        for h in (1e-2, 1e-5, 1e-8, 1e-13):
            if d["method"] == "forward":
                value = (f(x0 + h) - f(x0)) / h
            else:
                value = (f(x0 + h) - f(x0 - h)) / (2 * h)
            errors[h] = abs(value - exact)
        best = min(errors, key=errors.get)
        assert f"10^{{{int(round(np.log10(best)))}}}" in _right(q), (seed, d, errors)


# ---------------------------------------------------------------- lesson 3.3: backpropagation over a batch


def test_batch_weight_and_bias_jacobians_are_averages_of_per_example_ones():
    for gid, bias in (("m3-batch-dC-dW", False), ("m3-batch-dC-db", True)):
        gen = registry.get(gid)
        for seed in SEEDS:
            q = gen.generate(seed)
            D, A = _float_matrix(q.data["deltas"]), _float_matrix(q.data["inputs"])
            m = D.shape[1]
            per_example = [D[:, [k]] if bias else np.outer(D[:, k], A[:, k]) for k in range(m)]
            want = sum(per_example) / m
            assert np.allclose(np.array(q.answer, dtype=float).reshape(want.shape), want), (gid, seed)


def test_batch_delta_is_the_finite_difference_of_each_examples_cost():
    gen = registry.get("m3-batch-delta")
    for seed in SEEDS:
        q = gen.generate(seed)
        A, Y = _float_matrix(q.data["outputs"]), _float_matrix(q.data["targets"])
        Z = np.log(A / (1 - A))  # the pre-activations that give these outputs

        def cost(z, k, Y=Y):
            return float(np.sum((1 / (1 + np.exp(-z)) - Y[:, k]) ** 2))

        got = np.array(q.answer, dtype=float)
        h = 1e-6
        for k in range(A.shape[1]):
            for i in range(A.shape[0]):
                e = np.zeros(A.shape[0])
                e[i] = h
                fd = (cost(Z[:, k] + e, k) - cost(Z[:, k] - e, k)) / (2 * h)
                assert abs(fd - got[i, k]) < 1e-6, (seed, i, k)


def test_batch_shapes_are_numpys_shapes():
    gen = registry.get("m3-batch-shapes")
    rng = np.random.default_rng(0)
    for seed in range(20):
        q = gen.generate(seed)
        n_in, n_out, m = q.data["n_in"], q.data["n_out"], q.data["m"]
        A, D = rng.normal(size=(n_in, m)), rng.normal(size=(n_out, m))
        shapes = {"dW": (D @ A.T / m).shape, "db": np.sum(D, axis=1, keepdims=True).shape, "delta": D.shape,
                  "A": A.shape}
        r, c = shapes[q.data["object"]]
        assert _right(q) == f"${r} \\times {c}$", (seed, q.data)


# ---------------------------------------------------------------- lesson 5.2: gradient descent


def _descend(f_text: str, start, gamma: float, steps: int) -> np.ndarray:
    f = _expr(f_text)
    grad = sp.lambdify([x, y], [sp.diff(f, x), sp.diff(f, y)], "numpy")
    p = np.array(start, dtype=float)
    for _ in range(steps):
        p = p - gamma * np.array(grad(*p), dtype=float)
    return p


def test_descent_steps_match_numpys_iteration():
    for gid in ("m5-gd-one-step", "m5-gd-two-steps"):
        gen = registry.get(gid)
        for seed in SEEDS:
            q = gen.generate(seed)
            d = q.data
            want = _descend(d["f"], d["start"], float(sp.Rational(d["gamma"])), d["steps"])
            assert np.allclose(np.array(q.answer, dtype=float).ravel(), want), (gid, seed, d)


def test_step_factors_are_what_one_numpy_step_does_to_each_coordinate():
    gen = registry.get("m5-gd-step-factors")
    for seed in SEEDS:
        q = gen.generate(seed)
        gamma = float(sp.Rational(q.data["gamma"]))
        for start in ([1.0, 1.0], [-2.0, 0.5]):
            after = _descend(q.data["f"], start, gamma, 1)
            assert np.allclose(after / np.array(start), np.array(q.answer, dtype=float).ravel()), (seed, start)


def _converges(f_text: str, gamma: float) -> bool:
    """Does descent from (1, −0.7) reach the minimum at the origin (stopping once it has clearly run away)?"""
    f = _expr(f_text)
    grad = sp.lambdify([x, y], [sp.diff(f, x), sp.diff(f, y)], "numpy")
    p = np.array([1.0, -0.7])
    for _ in range(3000):
        p = p - gamma * np.array(grad(*p), dtype=float)
        if np.linalg.norm(p) > 1e6:
            return False
    return bool(np.linalg.norm(p) < 1e-6)


def test_largest_step_separates_convergence_from_divergence():
    gen = registry.get("m5-gd-largest-step")
    for seed in SEEDS:
        q = gen.generate(seed)
        limit = float(q.answer)
        H = np.array(sp.hessian(_expr(q.data["f"]), (x, y)), dtype=float)
        assert np.isclose(limit, 2 / np.linalg.eigvalsh(H).max()), seed
        assert _converges(q.data["f"], 0.98 * limit) and not _converges(q.data["f"], 1.02 * limit), seed


def test_step_sizes_chosen_are_exactly_those_that_converge():
    gen = registry.get("m5-gd-which-steps-converge")
    for seed in SEEDS:
        q = gen.generate(seed)
        for i, c in enumerate(q.choices):
            gamma = float(sp.Rational(q.data["gammas"][c.text]))
            assert _converges(q.data["f"], gamma) == (i in q.answer), (seed, c.text)


# ---------------------------------------------------------------- lesson 6.3: least squares in practice


def _floats(values) -> np.ndarray:
    return np.array([float(sp.Rational(v)) for v in values])


def test_residuals_and_weighted_chi_squared_match_numpy():
    for seed in SEEDS:
        q = registry.get("m6-residuals").generate(seed)
        d = q.data
        xs, ys = _floats(d["x"]), _floats(d["y"])
        want = ys - np.polyval([float(sp.Rational(d["m"])), float(sp.Rational(d["c"]))], xs)
        assert np.allclose(np.array(q.answer, dtype=float).ravel(), want), seed
        q = registry.get("m6-chi2-uncertainties").generate(seed)
        d = q.data
        xs, ys, sig = _floats(d["x"]), _floats(d["y"]), _floats(d["sigma"])
        r = ys - np.polyval([float(sp.Rational(d["m"])), float(sp.Rational(d["c"]))], xs)
        assert np.isclose(float(q.answer), np.sum((r / sig) ** 2)), seed


def test_rescaled_parameters_are_what_refitting_the_rescaled_data_gives():
    gen = registry.get("m6-rescale-parameters")
    xs = np.array([0.0, 1.0, 2.0, 3.0])
    wiggle = np.array([1.0, -1.0, -1.0, 1.0])  # orthogonal to 1 and x: the fit of the data is exactly (m, c)
    for seed in range(30):
        q = gen.generate(seed)
        d = q.data
        m, c = float(sp.Rational(d["m"])), float(sp.Rational(d["c"]))
        ys = m * xs + c + 0.3 * wiggle
        assert np.allclose(np.polyfit(xs, ys, 1), [m, c])
        k = d["k"]
        if d["case"] == "x-shift":
            new = np.polyfit(xs - k, ys, 1)
        else:
            new = np.polyfit(k * xs, ys, 1) if d["case"] == "x-units" else np.polyfit(xs, k * ys, 1)
        assert np.allclose(np.array(q.answer, dtype=float).ravel(), new), (seed, d)


def test_slope_uncertainty_is_the_square_root_of_polyfits_covariance():
    gen = registry.get("m6-slope-uncertainty")
    for seed in SEEDS:
        q = gen.generate(seed)
        xs = np.array(q.data["x"], dtype=float)
        sigma = float(sp.Rational(q.data["sigma"]))
        ys = 0.5 * xs + np.cos(xs)  # any data: the covariance depends only on x and σ
        _, cov = np.polyfit(xs, ys, 1, w=np.full(xs.size, 1 / sigma), cov="unscaled")
        assert abs(float(q.answer) - np.sqrt(cov[0, 0])) <= 0.5e-4 + 1e-12, seed


def test_reduced_chi_squared_verdicts_agree_with_the_chi_squared_distribution():
    gen = registry.get("m6-reduced-chi2")
    for seed in range(200):
        q = gen.generate(seed)
        dof = q.data["n"] - q.data["p"]
        below = stats.chi2.cdf(q.data["chi2"], dof)  # chance of a χ² this small if the model and σ are right
        right = _right(q)
        if right.startswith("a good fit"):
            assert 0.01 < below < 0.99, (seed, q.data)
        elif right.startswith("a poor fit"):
            assert below > 0.999, (seed, q.data)
        else:
            assert below < 0.01, (seed, q.data)
