"""Derivations with steps next to plain `sympy.diff`, by expression size; diagnosis ambiguity.

For each size bucket (10, 30, 100, 300 nodes) the same random expressions are
differentiated by `sympy.diff` and by `mvcalc.math.calculus.derive.derivative` (the step tree,
then again with every explanation and the JSON rendered). SymPy's cache is cleared
before every timed call so neither side reuses the other's work. The ratio is the
figure to watch: the target is within 5× `sympy.diff`, not growing with size.
Then, over random course-like questions, the share of single-mistake answers that
two different misconceptions explain (ambiguous diagnoses).
"""

from __future__ import annotations

import multiprocessing
import random
import statistics
import time

import sympy as sp
from sympy.core.cache import clear_cache

from mvcalc.math.calculus.derive import derivative, size
from mvcalc.math.diagnose import diagnose, swapped_answers
from mvcalc.math.functions import sigmoid
from mvcalc.math.input.reader import symbol

BUCKETS = (10, 30, 100, 300)
PER_BUCKET = 8
SYMPY_CAP = 20.0  # seconds
UNARY = (sp.sin, sp.cos, sp.exp, sp.log, sp.sqrt, sp.atan, sp.tanh, sigmoid, sp.asinh)


def random_expression(rng: random.Random, target: int, x: sp.Symbol) -> sp.Expr:
    """A random tree of the covered functions with about `target` nodes."""
    def grow(budget: int) -> sp.Expr:
        if budget <= 2:
            return rng.choice([x, x, x + rng.randint(1, 5), rng.randint(2, 7) * x])
        kind = rng.random()
        if kind < 0.3:
            return rng.choice(UNARY)(grow(budget - 2))
        if kind < 0.4:
            return grow(budget - 2) ** rng.choice([2, 3, -1, sp.Rational(1, 2)])
        left = rng.randint(1, budget - 2)
        a, b = grow(left), grow(budget - 1 - left)
        return rng.choice([a + b, a * b, a / b, a - b])

    best = grow(target)
    while best.has(sp.zoo, sp.nan, sp.oo) or x not in best.free_symbols:
        best = grow(target)
    for _ in range(20):  # SymPy's automatic simplification shrinks some trees: keep the closest
        if abs(size(best) - target) <= target * 0.2:
            break
        candidate = grow(target)
        if candidate.has(sp.zoo, sp.nan, sp.oo) or x not in candidate.free_symbols:
            continue
        if abs(size(candidate) - target) < abs(size(best) - target):
            best = candidate
    return best


def _timed(fn) -> float:
    clear_cache()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _sympy_child(expr, x, out) -> None:
    out.put(_timed(lambda: sp.diff(expr, x)))


def _sympy_time(expr, x) -> float | None:
    """sympy.diff's time, measured in a forked child that is stopped after SYMPY_CAP seconds
    (SymPy takes minutes on a few random trees); None when it did not finish."""
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    child = ctx.Process(target=_sympy_child, args=(expr, x, out))
    child.start()
    child.join(SYMPY_CAP)
    if child.is_alive():
        child.kill()
        child.join()
        return None
    return out.get(timeout=5)


def speed_table(seed: int = 3) -> list[tuple]:
    """Per bucket: (bucket, mean nodes, sympy.diff ms, steps/sympy, steps+text/sympy, capped)."""
    rng = random.Random(seed)
    x = symbol("x")
    rows = []
    for bucket in BUCKETS:
        exprs = [random_expression(rng, bucket, x) for _ in range(PER_BUCKET)]
        base, steps, rendered, capped = [], [], [], 0
        for e in exprs:
            b = _sympy_time(e, x)
            if b is None:
                capped += 1
                continue
            base.append(b)
            steps.append(_timed(lambda e=e: derivative(e, x)))
            rendered.append(_timed(lambda e=e: derivative(e, x).to_dict()))
        ratio = [s / b for s, b in zip(steps, base, strict=True)]
        ratio_text = [r / b for r, b in zip(rendered, base, strict=True)]
        rows.append((bucket, statistics.mean(size(e) for e in exprs), statistics.median(base) * 1e3,
                     statistics.median(ratio), statistics.median(ratio_text), capped))
    return rows


def ambiguity(count: int = 60, seed: int = 11) -> tuple[int, int, int]:
    """(answers diagnosed with their own rule, ambiguous answers, single-mistake answers)."""
    rng = random.Random(seed)
    x = symbol("x")
    funcs = (sp.sin, sp.cos, sp.tan, sp.exp, sp.log, sp.sqrt, sp.cosh, sp.acos, sigmoid)

    def part():
        pick = rng.randrange(4)
        if pick == 0:
            return rng.choice([1, 2, 3]) * x ** rng.choice([2, 3, 4, sp.Rational(1, 2), -1])
        if pick == 1:
            return rng.choice(funcs)(x)
        if pick == 2:
            return rng.choice([2, 3, 10]) ** x
        return rng.choice(funcs)(rng.choice([2, 3]) * x ** rng.choice([2, 3]))

    right = ambiguous = total = 0
    for _ in range(count):
        a, b = part(), part()
        f = rng.choice([a * b, a / b, a + b + rng.choice([0, 5]), a])
        q = {"kind": "derivative", "expr": f, "wrt": "x"}
        correct = sp.diff(f, x)
        for rule, _node, answer in swapped_answers(f, x):
            if answer.has(sp.nan, sp.zoo) or _same(answer, correct, x):
                continue  # this swap leaves the answer right: not a visible mistake
            found = diagnose(q, answer)
            total += 1
            if found is None:
                continue
            names = {r for m in (found.misconception, *found.alternatives) for r in m.rules}
            right += rule in names
            ambiguous += len(names) > 1
    return right, ambiguous, total


def _same(a: sp.Expr, b: sp.Expr, x: sp.Symbol) -> bool:
    from mvcalc.math.check.answer_samples import Samples, same_values

    s = Samples(b, [x.name])
    return same_values(s.values(a), s.reference)


def main() -> None:
    print(f"derivation with steps vs sympy.diff ({PER_BUCKET} random expressions per bucket; "
          "median of the per-expression ratios)", flush=True)
    print(f"{'nodes':>6} {'mean':>6} {'sympy.diff':>11} {'steps':>8} {'steps+text':>11}  "
          f"sympy.diff over {SYMPY_CAP:.0f}s (left out)", flush=True)
    for bucket, mean, base_ms, r_steps, r_text, capped in speed_table():
        print(f"{bucket:>6} {mean:>6.0f} {base_ms:>9.2f}ms {r_steps:>7.2f}x {r_text:>10.2f}x  {capped}",
              flush=True)
    right, amb, total = ambiguity()
    print(f"diagnosis: {right}/{total} single-mistake answers named with their own rule "
          f"({100 * right / max(total, 1):.1f}%); ambiguous (two misconceptions, one answer): "
          f"{amb}/{total} = {100 * amb / max(total, 1):.1f}%")


if __name__ == "__main__":
    main()
