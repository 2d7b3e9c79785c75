"""Every test in tests/math starts with the checker's and the rule table's caches empty, so
that what a test asserts is computed by the code as it is now (mutation testing forks each
mutant from a process whose caches are already full)."""

from __future__ import annotations

import pytest

from mvcalc.math.calculus import rules
from mvcalc.math.check import compare, sampling


@pytest.fixture(autouse=True)
def fresh_caches():
    compare._read_text.cache_clear()
    for cached in (sampling.sample_points, sampling._compiled, sampling.size_of):
        cached.cache_clear()
    rules._BY_HEAD.clear()
    yield
