"""Exercise bank speed: generating and grading questions, each next to a SymPy peer.

Peers, measured in the same run on the same questions:
- generating a derivative question (answer, buggy answers, hints, steps) vs `sympy.diff` alone;
- grading the right answer (parse + numeric check) vs `sympy.simplify(answer − typed) == 0`;
- naming a mistake (grade a buggy answer) vs the same simplify on it.
"""

from __future__ import annotations

import time

import sympy as sp

from mvcalc.exercises import grade, registry

SAMPLE = ["m1-product-three", "m1-chain-nested", "m2-partial-z", "m3-cost-dC-db", "m5-nr-derivative",
          "m6-gaussian-dsigma"]
SEEDS = range(8)


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    from mvcalc.math.input.reader import parse

    questions = []
    gen_time = peer_gen = 0.0
    for gid in SAMPLE:
        gen = registry.get(gid)
        gen.generate(0)  # warm caches
        for seed in SEEDS:
            q = None

            def make(gen=gen, seed=seed):
                nonlocal q
                q = gen.generate(seed)

            gen_time += _time(make)
            f = parse(q.data["f"], q.variables)
            wrt = [s for s in f.free_symbols if s.name == q.data["wrt"]][0]
            order = q.data.get("order", 1)
            peer_gen += _time(lambda f=f, wrt=wrt, order=order: sp.diff(f, wrt, order))
            questions.append(q)
    n = len(questions)
    print(f"generate a derivative question: {gen_time / n * 1e3:8.2f} ms   sympy.diff alone: "
          f"{peer_gen / n * 1e3:8.2f} ms   ratio {gen_time / peer_gen:6.1f}x")

    grade_time = peer_time = 0.0
    for q in questions:
        grade_time += _time(lambda q=q: grade(q, q.answer_text))
        typed = parse(q.answer_text, q.variables)
        peer_time += _time(lambda q=q, typed=typed: sp.simplify(q.answer - typed) == 0)
    print(f"grade the right answer:         {grade_time / n * 1e3:8.2f} ms   sympy.simplify(a - b): "
          f"{peer_time / n * 1e3:8.2f} ms   ratio {grade_time / peer_time:6.2f}x")

    from mvcalc.exercises.bank._common import text

    bug_time = bug_peer = 0.0
    count = 0
    for q in questions:
        for m in q.buggy[:3]:
            typed_text = text(m.answer)
            bug_time += _time(lambda q=q, t=typed_text: grade(q, t))
            typed = parse(typed_text, q.variables)
            bug_peer += _time(lambda q=q, typed=typed: sp.simplify(q.answer - typed) == 0)
            count += 1
    print(f"grade and diagnose a mistake:   {bug_time / count * 1e3:8.2f} ms   sympy.simplify(a - b): "
          f"{bug_peer / count * 1e3:8.2f} ms   ratio {bug_time / bug_peer:6.2f}x")
