"""Values of gradients, Jacobians and Hessians at a point, tidied on first use.

Oracles, on a few hundred seeded random functions and points: SymPy's exact value
(`Matrix.jacobian` / `sympy.hessian`, then `.subs` at the point), and the form shown
before values were tidied lazily (every number tidied by `points.tidy`, uncached, as
soon as the result was built). Whatever a caller reads first (`value`, an entry, the
dict, LaTeX, the printed text) must give that form.
"""

from __future__ import annotations

import random
from unittest import mock

import pytest
import sympy as sp

from mvcalc.math import points
from mvcalc.math.input.printer import text
from mvcalc.math.input.reader import symbol
from mvcalc.math.multivariate import gradient, hessian, jacobian

XS = tuple(symbol(n) for n in ("x", "y", "z"))
COORDINATES = (0, 1, -1, 2, 3, sp.Rational(1, 2), sp.Rational(-2, 3), sp.pi / 4, sp.sqrt(2))


def _piece(rng: random.Random) -> sp.Expr:
    v = rng.choice(XS)
    c = sp.Rational(rng.choice([-4, -3, -2, -1, 1, 2, 3, 4]), rng.randint(1, 3))
    return rng.choice(
        [
            c * v,
            v ** rng.randint(2, 3),
            sp.sin(c * v),
            sp.exp(v / rng.randint(1, 4)),
            sp.sqrt(v**2 + 1),
            sp.log(v**2 + 2),
            1 / (v**2 + rng.randint(2, 5)),
            sp.cos(v) * v,
            sp.sqrt(2) * v,
        ]
    )


def _function(rng: random.Random) -> sp.Expr:
    return sum(
        (_piece(rng) * _piece(rng) if rng.random() < 0.5 else _piece(rng))
        for _ in range(rng.randint(1, 3))
    )


def _case(rng: random.Random):
    """(result, SymPy's matrix at the point) for a random Jacobian, gradient or Hessian."""
    xs = XS[: rng.randint(1, 3)]
    point = {v: rng.choice(COORDINATES) for v in xs}
    kind = rng.choice(["jacobian", "gradient", "hessian"])
    if kind == "jacobian":
        comps = [_function(rng) for _ in range(rng.randint(1, 3))]
        return jacobian(comps, [v.name for v in xs], at=point), sp.Matrix(comps).jacobian(xs).subs(
            point
        )
    f = _function(rng)
    if kind == "gradient":
        return gradient(f, [v.name for v in xs], at=point), sp.Matrix([f]).jacobian(xs).T.subs(
            point
        )
    return hessian(f, [v.name for v in xs], at=point), sp.hessian(f, xs).subs(point)


def _cases(rng: random.Random, count: int):
    """`count` random cases defined at their point (log of 0, 1/0: nothing to show, skipped)."""
    made = 0
    while made < count:
        try:
            case = _case(rng)
        except points.PointError:
            continue
        made += 1
        yield case


def _before(result) -> sp.Matrix:
    """The values as they were shown before: each number tidied at once by `tidy`, uncached, trying every rewrite."""
    raw = [e.expr.subs(result.point) for e in result.entries]
    with mock.patch.object(points, "_powsimp_keeps", lambda value: False):
        return sp.Matrix(
            *result.shape, [points.tidy.__wrapped__(v) if not v.free_symbols else v for v in raw]
        )


FIRST_READS = {
    "value": lambda r, before: r.value == sp.ImmutableMatrix(before),
    "entries": lambda r, before: [e.value for e in r.entries] == list(before),
    "dict": lambda r, before: (
        (r.to_dict()["value"], r.to_dict()["value_latex"])
        == (
            [[text(v) for v in row] for row in before.tolist()],
            [[sp.latex(v) for v in row] for row in before.tolist()],
        )
    ),
    "latex": lambda r, before: r.latex().endswith(
        sp.latex(before, mat_delim="[", mat_str="matrix")
    ),
    "text": lambda r, before: str(r).endswith(sp.pretty(before, use_unicode=True)),
}


@pytest.mark.parametrize("seed", range(8))
def test_values_equal_sympys_and_are_shown_as_before(seed: int) -> None:
    rng = random.Random(seed)
    for result, sympys in _cases(rng, 30):
        before = _before(result)
        read_first = rng.choice(sorted(FIRST_READS))
        assert FIRST_READS[read_first](result, before), read_first
        for mine, theirs, shown in zip(result.value, sympys, before, strict=True):
            assert sp.srepr(mine) == sp.srepr(shown)
            gap = (mine - theirs).subs(
                {s: sp.Rational(7, 5) for s in (mine - theirs).free_symbols}
            )  # z left as it is
            assert mine == theirs or abs(sp.N(gap, 60)) < sp.Float(10) ** -45, (mine, theirs)
        for name, read in FIRST_READS.items():
            assert read(result, before), name


def test_a_value_is_tidied_on_first_use_only_and_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    tidy = points.tidy.__wrapped__
    monkeypatch.setattr(points, "tidy", lambda v: calls.append(v) or tidy(v))
    x, y = XS[:2]
    result = jacobian(
        [x * sp.exp(y) + y / 3, sp.sin(x) * y / 3 + x / 6], ["x", "y"], at={"x": 1, "y": 2}
    )
    assert calls == []
    first = result.value
    assert len(calls) == 4  # four numbers at the point
    assert result.value is first and [e.value for e in result.entries] == list(first)
    assert len(calls) == 4
    assert first[0, 0] == sp.exp(2) and first[1, 1] == sp.sin(1) / 3


def test_results_compare_hash_and_print_by_their_shown_values() -> None:
    x, y = XS[:2]

    def make():
        return hessian(x**2 * sp.exp(y) / 3 + x * y / 6, ["x", "y"], at={"x": 1, "y": 0})

    a, b = make(), make()
    assert a == b and a.entries[0] == b.entries[0] and hash(a.entries[0]) == hash(b.entries[0])
    assert repr(a.entries[1]).startswith("Entry(row=0, col=1, name='f', ") and ", value=" in repr(
        a.entries[1]
    )
    assert repr(a).startswith("MatrixResult(kind='hessian', ") and ", value=Matrix(" in repr(a)
    assert a != hessian(x**2 * sp.exp(y) / 3 + x * y / 6, ["x", "y"], at={"x": 2, "y": 0})
    assert gradient(x * y, ["x", "y"]).value == sp.ImmutableMatrix(
        [y, x]
    )  # no point: the symbolic matrix


def _number(rng: random.Random) -> sp.Expr:
    """A product or sum of the kinds of numbers a value at a point is made of."""
    q = sp.Rational(rng.choice([-5, -2, -1, 1, 2, 3, 7]), rng.randint(1, 6))
    pieces = [
        q,
        sp.cos(q),
        sp.sin(2 * q),
        sp.log(abs(q) + 1),
        sp.atan(q),
        sp.exp(q),
        sp.exp(rng.randint(-2, 2)),
        sp.exp(sp.sqrt(2) * q),
        sp.sqrt(abs(q) + 1),
        sp.pi,
        sp.E,
        1 / (2 + sp.cos(q)),
        sp.cos(q) ** 2,
        sp.cos(q) ** sp.sqrt(2),
        sp.exp(sp.pi),
    ]
    product = sp.Mul(*rng.sample(pieces, rng.randint(1, 3)))
    return product if rng.random() < 0.5 else product + _number(rng)


@pytest.mark.parametrize("seed", range(4))
def test_tidy_skips_powsimp_only_where_powsimp_gives_the_value_back(seed: int) -> None:
    rng = random.Random(seed)
    values = [_number(rng) for _ in range(100)]
    values += [e.at_point for result, _ in _cases(rng, 15) for e in result.entries]
    kept = [v for v in values if points._powsimp_keeps(v)]
    assert len(kept) > len(values) / 4  # the check is not vacuous
    for value in kept:
        assert sp.powsimp(value) == value, value
