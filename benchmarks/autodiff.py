"""Autodiff: gradient time / forward time on three MLPs, and one training step against hand-written NumPy.

Targets (issue 6): gradient/forward ≤ 3 (the cheap-gradient principle); a training step of
784-128-10 within 2x hand-written NumPy. PyTorch and JAX are measured when installed.
"""

from __future__ import annotations

import time

import numpy as np

from mvcalc.math import autodiff as ad

MLPS = [("1-6-7-2", (1, 6, 7, 2), 100), ("2-16-16-1", (2, 16, 16, 1), 100), ("784-128-10", (784, 128, 10), 128)]


def best(fn, repeat: int = 7, min_time: float = 0.2) -> float:
    """Best per-call time over `repeat` rounds of enough calls to last about min_time/repeat."""
    fn()
    n, start = 1, time.perf_counter()
    while time.perf_counter() - start < min_time / repeat:
        fn()
        n += 1
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(n):
            fn()
        times.append((time.perf_counter() - t) / n)
    return min(times)


def paired(*fns, rounds: int = 21, min_time: float = 0.02) -> list[list[float]]:
    """Per-call times of several functions measured in alternating rounds, one list per function.

    Neighbouring rounds see the same machine load, so the median of per-round ratios is a
    fair figure even on a busy machine (the minimum of each alone is not: a short function
    finds a quiet moment more often).
    """
    counts = []
    for fn in fns:
        fn()
        n, start = 1, time.perf_counter()
        while time.perf_counter() - start < min_time:
            fn()
            n += 1
        counts.append(n)
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(rounds):
        for i, (fn, n) in enumerate(zip(fns, counts, strict=True)):
            t = time.perf_counter()
            for _ in range(n):
                fn()
            times[i].append((time.perf_counter() - t) / n)
    return times


def ratio(a: list[float], b: list[float]) -> float:
    """Median over rounds of a/b."""
    return float(np.median(np.array(a) / np.array(b)))


def make(sizes, batch, seed=0):
    rng = np.random.default_rng(seed)
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        params += [rng.standard_normal((n_out, n_in)) / np.sqrt(n_in), np.zeros((n_out, 1))]
    x = rng.standard_normal((sizes[0], batch))
    y = rng.uniform(0, 1, (sizes[-1], batch))
    return params, x, y


def cost(x, y, *params):
    """C = |σ(W_L ... σ(W_1 x + b_1) ...) − y|² / N, the course's cost (works on arrays and nodes)."""
    a = x
    for W, b in zip(params[::2], params[1::2], strict=True):
        a = ad.sigmoid(W @ a + b)
    return ad.sum((a - y) ** 2) / x.shape[1]


def numpy_forward(x, y, *params):
    a = x
    for W, b in zip(params[::2], params[1::2], strict=True):
        a = 1 / (1 + np.exp(-(W @ a + b)))
    return np.sum((a - y) ** 2) / x.shape[1]


def numpy_step(x, y, params, rate=0.1):
    """Hand-written backprop for the same cost, then a steepest-descent update."""
    acts, a = [x], x
    for W, b in zip(params[::2], params[1::2], strict=True):
        a = 1 / (1 + np.exp(-(W @ a + b)))
        acts.append(a)
    delta = 2 * (a - y) / x.shape[1] * a * (1 - a)
    grads = []
    for layer in range(len(params) // 2 - 1, -1, -1):
        W = params[2 * layer]
        grads[:0] = [delta @ acts[layer].T, delta.sum(axis=1, keepdims=True)]
        if layer:
            prev = acts[layer]
            delta = (W.T @ delta) * prev * (1 - prev)
    return [p - rate * g for p, g in zip(params, grads, strict=True)]


def engine_step(x, y, params, rate=0.1):
    _, grads = ad.value_and_grad(cost, tuple(range(2, 2 + len(params))))(x, y, *params)
    return [p - rate * g for p, g in zip(params, grads, strict=True)]


def engine_forward(x, y, params):
    """The forward pass through the engine: records the graph, as a gradient computation must."""
    return cost(x, y, *[ad.var(p) for p in params])


def _forward_and_gradient(sizes, batch) -> tuple[list[float], list[float], list[float]]:
    params, x, y = make(sizes, batch)
    argnums = tuple(range(2, 2 + len(params)))
    return paired(lambda: numpy_forward(x, y, *params), lambda: engine_forward(x, y, params),
                  lambda: ad.value_and_grad(cost, argnums)(x, y, *params))


def _torch_step(sizes, batch):
    try:
        import torch
    except ImportError:
        return None
    params, x, y = make(sizes, batch)
    tp = [torch.tensor(p, requires_grad=True) for p in params]
    tx, ty = torch.tensor(x), torch.tensor(y)

    def step():
        a = tx
        for W, b in zip(tp[::2], tp[1::2], strict=True):
            a = torch.sigmoid(W @ a + b)
        loss = ((a - ty) ** 2).sum() / batch
        grads = torch.autograd.grad(loss, tp)
        with torch.no_grad():
            for p, g in zip(tp, grads, strict=True):
                p -= 0.1 * g

    return best(step)


def main() -> None:
    print("gradient time / forward time (target ≤ 3); forward = engine forward that records the graph;")
    print("times: median per call; ratios: median over alternating rounds")
    print(f"{'network':<12}{'batch':>6}{'numpy fwd':>12}{'engine fwd':>12}{'grad':>12}"
          f"{'grad/fwd':>10}{'grad/numpy fwd':>16}")
    for label, sizes, batch in MLPS:
        numpy_fwd, fwd, grad = _forward_and_gradient(sizes, batch)
        med = [float(np.median(t)) * 1e6 for t in (numpy_fwd, fwd, grad)]
        print(f"{label:<12}{batch:>6}{med[0]:>10.1f}µs{med[1]:>10.1f}µs{med[2]:>10.1f}µs"
              f"{ratio(grad, fwd):>10.2f}{ratio(grad, numpy_fwd):>16.2f}")

    print("\none training step of 784-128-10 (batch 128): engine vs hand-written NumPy (target ≤ 2x)")
    params, x, y = make((784, 128, 10), 128)
    hand, engine = paired(lambda: numpy_step(x, y, params), lambda: engine_step(x, y, params), rounds=15)
    print(f"  hand-written NumPy {np.median(hand) * 1e3:8.3f} ms")
    print(f"  mvcalc autodiff    {np.median(engine) * 1e3:8.3f} ms   ratio {ratio(engine, hand):.2f}")
    torch_time = _torch_step((784, 128, 10), 128)
    if torch_time is not None:
        print(f"  PyTorch            {torch_time * 1e3:8.3f} ms   engine/PyTorch "
              f"{np.median(engine) / torch_time:.2f}")
    else:
        print("  PyTorch, JAX: not installed (optional peers)")
    new_hand, new_engine = numpy_step(x, y, params), engine_step(x, y, params)
    worst = max(float(np.max(np.abs(a - b))) for a, b in zip(new_hand, new_engine, strict=True))
    print(f"  same update from both (max difference {worst:.1e})")


if __name__ == "__main__":
    main()
