"""Every reference answer recomputed by an independent oracle: SymPy (diff, jacobian,
hessian, series), NumPy's polyfit, and the Newton step written out."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from mvcalc.exercises import registry
from mvcalc.math.input.reader import parse
from mvcalc.math.numeric import compile_expr

SEEDS = range(3)


def _close(a, b, names) -> bool:
    """Equal at random points (both finite), entry by entry."""
    a = list(a) if isinstance(a, sp.MatrixBase) else [a]
    b = list(b) if isinstance(b, sp.MatrixBase) else [b]
    assert len(a) == len(b)
    rng = np.random.default_rng(0)
    env = {n: rng.uniform(0.3, 1.7, 40) for n in names}
    for x, y in zip(a, b, strict=True):
        vx = np.broadcast_to(compile_expr(x, names)(env), (40,))
        vy = np.broadcast_to(compile_expr(y, names)(env), (40,))
        ok = np.isfinite(vx) & np.isfinite(vy)
        assert ok.sum() >= 10
        if not np.allclose(vx[ok], vy[ok], rtol=1e-8, atol=1e-10):
            return False
    return True


def _by(kind):
    return [g for g in registry.all_generators() if kind(g.generate(0).data)]


DERIVATIVES = _by(lambda d: "wrt" in d)
MATRICES = _by(lambda d: "what" in d)
SERIES = _by(lambda d: "at" in d and "wrt" not in d and "what" not in d and "order" in d)


@pytest.mark.parametrize("gen", DERIVATIVES, ids=[g.id for g in DERIVATIVES])
def test_derivatives_match_sympy(gen):
    for seed in SEEDS:
        q = gen.generate(seed)
        names = sorted(set(q.variables) | {q.data["wrt"]})
        f = parse(q.data["f"], names)
        wrt = sp.Symbol(q.data["wrt"], real=True)
        want = sp.diff(f, wrt, q.data["order"])
        if "at" in q.data:
            value = want.subs(wrt, parse(q.data["at"], []))
            assert abs(float(value) - float(q.answer)) < 1e-9, (gen.id, seed)
        else:
            assert _close(q.answer, want, names), (gen.id, seed)


@pytest.mark.parametrize("gen", MATRICES, ids=[g.id for g in MATRICES])
def test_jacobians_and_hessians_match_sympy(gen):
    for seed in SEEDS:
        q = gen.generate(seed)
        names = q.data["variables"]
        symbols = [sp.Symbol(n, real=True) for n in names]
        funcs = [parse(f, names) for f in q.data["functions"]]
        if q.data["what"] == "jacobian":
            want = sp.Matrix(funcs).jacobian(symbols)
        else:
            want = sp.hessian(funcs[0], symbols)
        if q.data["at"]:
            point = dict(zip(symbols, [parse(v, []) for v in q.data["at"]], strict=True))
            got = np.array(q.answer.evalf(), dtype=float)
            assert np.allclose(got, np.array(want.subs(point).evalf(), dtype=float)), (gen.id, seed)
        else:
            assert _close(q.answer, want, names), (gen.id, seed)


@pytest.mark.parametrize("gen", SERIES, ids=[g.id for g in SERIES])
def test_taylor_polynomials_match_sympy(gen):
    for seed in SEEDS:
        q = gen.generate(seed)
        names = sorted(q.data["at"])
        f = parse(q.data["f"], names)
        symbols = [sp.Symbol(n, real=True) for n in names]
        point = {s: parse(q.data["at"][s.name], []) for s in symbols}
        t = sp.Symbol("t", real=True)
        # the Taylor polynomial along every direction: f(a + t h) expanded in t up to the order
        line = {s: point[s] + t * (s - point[s]) for s in symbols}
        want = sp.series(f.subs(line), t, 0, q.data["order"] + 1).removeO().subs(t, 1)
        assert _close(q.answer, want, names), (gen.id, seed)


def test_least_squares_line_matches_numpy_polyfit():
    gen = registry.get("m6-line-by-hand")
    for seed in range(10):
        q = gen.generate(seed)
        m, c = np.polyfit(q.data["x"], q.data["y"], 1)
        assert np.allclose([float(v) for v in q.answer], [m, c])


def test_newton_step_matches_the_formula():
    gen = registry.get("m5-nr-one-step")
    x = sp.Symbol("x", real=True)
    for seed in range(10):
        q = gen.generate(seed)
        f = parse(q.data["f"], ["x"])
        x0 = q.data["x0"]
        assert q.answer == x0 - f.subs(x, x0) / sp.diff(f, x).subs(x, x0)


@pytest.mark.parametrize("gid", ["m4-odd-or-even", "m4-assess-odd-or-even"])
def test_parity_matches_f_at_minus_x_numerically(gid):
    """The answer (odd, even, neither) agrees with f(−x) against ±f(x) at sample points (NumPy)."""
    gen = registry.get(gid)
    xs = np.array([0.31, 0.77, 1.23, 1.9, 2.6])
    for seed in range(30):
        q = gen.generate(seed)
        f = compile_expr(parse(q.data["f"], ["x"]), ["x"])
        plus, minus = f({"x": xs}), f({"x": -xs})
        found = ("even" if np.allclose(minus, plus) else "odd" if np.allclose(minus, -plus) else "neither")
        assert found == q.data["parity"], (seed, q.data)
        right = q.choices[q.answer].text
        assert right == {"odd": "odd", "even": "even", "neither": "neither odd nor even"}[found]


def test_iterate_to_root_answer_is_a_root_of_the_cubic_away_from_the_start():
    """numpy.roots of the cubic holds the answer; the start is at least 0.5 from it (a real iteration)."""
    gen = registry.get("m5-nr-iterate-to-root")
    for seed in range(10):
        q = gen.generate(seed)
        poly = sp.Poly(parse(q.data["f"], ["x"]), sp.Symbol("x", real=True))
        roots = [r.real for r in np.roots([float(c) for c in poly.all_coeffs()]) if abs(r.imag) < 1e-9]
        answer = float(q.answer)
        assert min(abs(answer - r) for r in roots) < 1e-3, (seed, roots, answer)
        assert abs(q.data["x0"] - answer) >= 0.5, (seed, q.data["x0"], answer)
        hints = " ".join(q.hints)  # the hints show one step, not the iterates down to the root
        assert "x_1" in hints and "x_2" not in hints and f"{answer:.4f}" not in hints, (seed, q.hints)
