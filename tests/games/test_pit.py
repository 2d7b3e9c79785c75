"""The hidden pit: seeded replay, depth range, exact derivatives, a truly global minimum."""

import numpy as np
import pytest

from mvcalc.games.pit import BOTTOM, TOP, pit
from mvcalc.games.surfaces import LEVELS, SIZE, surface

CASES = [(level, seed) for level in LEVELS if level != "depth" for seed in (3,)] + [("well", 11), ("rocks", 5)]


@pytest.mark.parametrize("level, seed", CASES)
def test_global_minimum_beats_a_dense_grid(level, seed):
    p = pit(level, seed)
    xs = np.linspace(0.0, SIZE, 601)  # 0.01 apart: finer than the pit's own search grid
    gx, gy = np.meshgrid(xs, xs)
    depths = p.depths(gx, gy)
    assert p.minimum.depth <= depths.min() + 1e-9
    assert p.minimum.depth == pytest.approx(BOTTOM)
    assert depths.max() == pytest.approx(TOP, abs=1e-6)
    assert depths.min() >= BOTTOM - 1e-9
    # the grid's lowest point is next to the reported minimum (no second, equally deep well far away)
    i = np.unravel_index(np.argmin(depths), depths.shape)
    assert np.hypot(gx[i] - p.minimum.x, gy[i] - p.minimum.y) < 0.15


@pytest.mark.parametrize("level, seed", CASES)
def test_gradient_and_hessian_match_finite_differences(level, seed):
    p, h = pit(level, seed), 1e-5
    rng = np.random.default_rng(seed)
    for x, y in rng.uniform(0.2, SIZE - 0.2, size=(5, 2)):
        fd = np.array([(p.depth(x + h, y) - p.depth(x - h, y)) / (2 * h),
                       (p.depth(x, y + h) - p.depth(x, y - h)) / (2 * h)])
        assert np.allclose(p.gradient(x, y), fd, rtol=1e-5, atol=1e-5)
        fdh = np.column_stack([(p.gradient(x + h, y) - p.gradient(x - h, y)) / (2 * h),
                               (p.gradient(x, y + h) - p.gradient(x, y - h)) / (2 * h)])
        assert np.allclose(p.hessian(x, y), fdh, rtol=1e-4, atol=1e-4)
        assert np.allclose(p.hessian(x, y), p.hessian(x, y).T)


def test_a_seed_replays_the_same_surface_and_seeds_differ():
    assert surface("random", 42) == surface("random", 42)
    assert surface("random", 42) != surface("random", 43)
    assert surface("intro", 1) == surface("depth", 1) != surface("intro", 2)  # one shape, placed by the seed


def test_unknown_level_is_refused():
    with pytest.raises(ValueError, match="unknown level"):
        surface("lava", 1)


def test_contour_covers_the_pit():
    c = pit("intro", 0).contour(21)
    assert c["x"][0] == 0 and c["x"][-1] == SIZE and len(c["depth"]) == 21 and len(c["depth"][0]) == 21
    assert min(min(row) for row in c["depth"]) >= BOTTOM - 1e-6
