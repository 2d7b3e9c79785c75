"""Checking general terms in an integer n: `mvcalc.check` next to SymPy's `simplify(a - b) == 0`.

The corpus is every family of `mvcalc.exercises.bank.m4.general_terms` over 10 seeds:
the reference term, two rewrites of it that must be accepted ((n+1)/(n+1)·t, expanded
powers), and each named mistake that must be refused (those a question would show). Both sides read the same SymPy
objects (ours from the learner text, through the parser; SymPy's with integer n), so
the figures compare the deciding, parsing included on our side. Figures: latency
p50/p99 in milliseconds, wrong verdicts against the labels, undecided, and the ratio
ours/SymPy at p50 and p99.
"""

from __future__ import annotations

import random
import time

import numpy as np
import sympy as sp


def corpus() -> list[tuple[sp.Expr, str, bool]]:
    from mvcalc.exercises.bank._common import distinct_mistakes, mistake, text
    from mvcalc.exercises.bank.m4 import general_terms as gt

    pairs = []
    for family in gt.FAMILIES:
        for seed in range(10):
            t = family(random.Random(seed))
            one = (t.n + 1) / (t.n + 1)
            pairs.append((t.term, text(t.term), True))
            pairs.append((t.term, text(sp.Mul(t.term, one, evaluate=False)), True))
            pairs.append((t.term, text(sp.expand_power_base(sp.expand(t.term), force=True)), True))
            named = distinct_mistakes(t.term, [mistake(r, w, m) for r, w, m in t.mistakes], ["x", "n"])
            pairs += [(t.term, text(m.answer), False) for m in named]
    return pairs


def main() -> None:
    from mvcalc.math.check import compare, exact
    from mvcalc.math.input.integers import declared_in
    from mvcalc.math.input.reader import parse

    pairs = corpus()
    exact.wait_ready(60)
    compare.check("x", "x")
    ours, theirs = [], []
    wrong = {"mvcalc": 0, "sympy": 0}
    undecided = {"mvcalc": 0, "sympy": 0}
    for expected, answer, truth in pairs:
        start = time.perf_counter()
        verdict = compare.check(expected, answer, ["x", "n"])
        ours.append(time.perf_counter() - start)
        got = {"correct": True, "incorrect": False}.get(verdict.status)
        undecided["mvcalc"] += got is None
        wrong["mvcalc"] += got is not None and got != truth
        start = time.perf_counter()
        value = parse(answer, ["x", "n"], declared_in(expected))
        same = sp.simplify(expected - value) == 0
        theirs.append(time.perf_counter() - start)
        wrong["sympy"] += same != truth  # "not shown zero" counts as different
    print(f"{len(pairs)} pairs ({sum(t for *_, t in pairs)} right, {sum(not t for *_, t in pairs)} wrong)")
    for name, times in (("mvcalc.check", ours), ("simplify(a - b) == 0", theirs)):
        ms = np.array(times) * 1000
        print(f"{name:22} p50 {np.percentile(ms, 50):7.1f} ms   p99 {np.percentile(ms, 99):7.1f} ms")
    ratio50 = np.percentile(ours, 50) / np.percentile(theirs, 50)
    ratio99 = np.percentile(ours, 99) / np.percentile(theirs, 99)
    print(f"ratio ours/sympy: p50 {ratio50:.2f}, p99 {ratio99:.2f}")
    print(f"wrong verdicts: mvcalc {wrong['mvcalc']}, sympy {wrong['sympy']}; "
          f"undecided: mvcalc {undecided['mvcalc']}")


if __name__ == "__main__":
    main()
