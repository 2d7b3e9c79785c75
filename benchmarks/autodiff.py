"""Autodiff on three MLPs against hand-written NumPy backprop, and one training step.

The engine's cost uses the fused dense layer (`ad.dense`: W @ a + b and σ as one recorded
node); the same cost written op by op (matmul, add, sigmoid) is shown as "unfused".
Targets (issue 18): on 1-6-7-2 over 1000 examples, gradient ≤ 1.5× hand-written NumPy and
gradient/forward ≤ 2.5 (the cheap-gradient principle); a training step of 784-128-10 within 2×
hand-written NumPy (issue 6). JAX (jit, CPU) and PyTorch (CPU, one thread) are measured as
peers when installed. Times are CPU time of this process (steady on a shared machine),
medians; ratios are medians over alternating rounds. BLAS runs on one thread (set before
NumPy loads, when this module is the first to load it), so CPU time is not inflated by
threads waiting for work.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import time  # noqa: E402

import numpy as np  # noqa: E402

from mvcalc.math import autodiff as ad  # noqa: E402

MLPS = [("1-6-7-2", (1, 6, 7, 2), 1000), ("2-16-16-1", (2, 16, 16, 1), 100), ("784-128-10", (784, 128, 10), 128)]
clock = time.process_time


def best(fn, repeat: int = 7, min_time: float = 0.2) -> float:
    """Best per-call time over `repeat` rounds of enough calls to last about min_time/repeat."""
    fn()
    n, start = 1, clock()
    while clock() - start < min_time / repeat:
        fn()
        n += 1
    times = []
    for _ in range(repeat):
        t = clock()
        for _ in range(n):
            fn()
        times.append((clock() - t) / n)
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
        n, start = 1, clock()
        while clock() - start < min_time:
            fn()
            n += 1
        counts.append(n)
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(rounds):
        for i, (fn, n) in enumerate(zip(fns, counts, strict=True)):
            t = clock()
            for _ in range(n):
                fn()
            times[i].append((clock() - t) / n)
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
    """C = |σ(W_L ... σ(W_1 x + b_1) ...) − y|² / N, the course's cost, one fused node a layer."""
    a = x
    for W, b in zip(params[::2], params[1::2], strict=True):
        a = ad.dense(W, a, b)
    return ad.sum((a - y) ** 2) / x.shape[1]


def unfused_cost(x, y, *params):
    """The same cost op by op (works on arrays and nodes)."""
    a = x
    for W, b in zip(params[::2], params[1::2], strict=True):
        a = ad.sigmoid(W @ a + b)
    return ad.sum((a - y) ** 2) / x.shape[1]


def numpy_forward(x, y, *params):
    a = x
    for W, b in zip(params[::2], params[1::2], strict=True):
        a = 1 / (1 + np.exp(-(W @ a + b)))
    return np.sum((a - y) ** 2) / x.shape[1]


def numpy_value_and_grad(x, y, *params):
    """Hand-written backprop for the same cost: (C, [∂C/∂W_1, ∂C/∂b_1, ...])."""
    acts, a = [x], x
    for W, b in zip(params[::2], params[1::2], strict=True):
        a = 1 / (1 + np.exp(-(W @ a + b)))
        acts.append(a)
    value = np.sum((a - y) ** 2) / x.shape[1]
    delta = 2 * (a - y) / x.shape[1] * a * (1 - a)
    grads = []
    for layer in range(len(params) // 2 - 1, -1, -1):
        W = params[2 * layer]
        grads[:0] = [delta @ acts[layer].T, delta.sum(axis=1, keepdims=True)]
        if layer:
            prev = acts[layer]
            delta = (W.T @ delta) * prev * (1 - prev)
    return value, grads


def numpy_step(x, y, params, rate=0.1):
    """Hand-written backprop, then a steepest-descent update."""
    _, grads = numpy_value_and_grad(x, y, *params)
    return [p - rate * g for p, g in zip(params, grads, strict=True)]


def engine_step(x, y, params, rate=0.1):
    _, grads = ad.value_and_grad(cost, tuple(range(2, 2 + len(params))))(x, y, *params)
    return [p - rate * g for p, g in zip(params, grads, strict=True)]


def engine_forward(x, y, params):
    """The forward pass through the engine: records the graph, as a gradient computation must."""
    return cost(x, y, *[ad.var(p) for p in params])


def _jax_gradient(sizes, batch):
    """jax.jit of value_and_grad on CPU, or None when JAX is not installed."""
    try:
        import jax
        import jax.numpy as jnp
    except ImportError:
        return None
    jax.config.update("jax_platforms", "cpu")
    jax.config.update("jax_enable_x64", True)
    params, x, y = make(sizes, batch)

    def loss(params, x, y):
        a = x
        for W, b in zip(params[::2], params[1::2], strict=True):
            a = jax.nn.sigmoid(W @ a + b)
        return jnp.sum((a - y) ** 2) / x.shape[1]

    fn = jax.jit(jax.value_and_grad(loss))
    jp, jx, jy = [jnp.asarray(p) for p in params], jnp.asarray(x), jnp.asarray(y)
    return lambda: jax.block_until_ready(fn(jp, jx, jy))


def _torch_gradient(sizes, batch):
    """PyTorch autograd on CPU (one thread), or None when PyTorch is not installed."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    params, x, y = make(sizes, batch)
    tp = [torch.tensor(p, requires_grad=True) for p in params]
    tx, ty = torch.tensor(x), torch.tensor(y)

    def gradient():
        a = tx
        for W, b in zip(tp[::2], tp[1::2], strict=True):
            a = torch.sigmoid(W @ a + b)
        loss = ((a - ty) ** 2).sum() / batch
        return loss.item(), torch.autograd.grad(loss, tp)

    return gradient


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


def _network(label, sizes, batch) -> None:
    params, x, y = make(sizes, batch)
    argnums = tuple(range(2, 2 + len(params)))
    fused, unfused = ad.value_and_grad(cost, argnums), ad.value_and_grad(unfused_cost, argnums)
    want, got = numpy_value_and_grad(x, y, *params)[1], fused(x, y, *params)[1]
    worst = max(float(np.max(np.abs(a - b))) for a, b in zip(want, got, strict=True))
    peers = {"JAX jit": _jax_gradient(sizes, batch), "PyTorch": _torch_gradient(sizes, batch)}
    fns = [lambda: numpy_value_and_grad(x, y, *params), lambda: fused(x, y, *params),
           lambda: engine_forward(x, y, params), lambda: unfused(x, y, *params)]
    fns += [fn for fn in peers.values() if fn is not None]
    times = paired(*fns)
    hand, grad, fwd, loose = times[:4]
    print(f"{label} over {batch} examples (gradients agree with NumPy's to {worst:.0e})")
    print(f"  hand-written NumPy gradient {np.median(hand) * 1e6:9.1f} µs")
    print(f"  engine gradient             {np.median(grad) * 1e6:9.1f} µs   /NumPy {ratio(grad, hand):5.2f}"
          f"   gradient/forward {ratio(grad, fwd):5.2f}   (forward {np.median(fwd) * 1e6:.1f} µs)")
    print(f"  engine gradient, unfused    {np.median(loose) * 1e6:9.1f} µs   /NumPy {ratio(loose, hand):5.2f}")
    rest = iter(times[4:])
    for name, fn in peers.items():
        if fn is None:
            print(f"  {name:<27} not installed")
        else:
            t = next(rest)
            print(f"  {name:<27} {np.median(t) * 1e6:9.1f} µs   /NumPy {ratio(t, hand):5.2f}"
                  f"   engine/{name} {ratio(grad, t):5.2f}")


def main() -> None:
    print("CPU time of this process; ratios are medians over alternating rounds")
    print("targets on 1-6-7-2 x 1000: engine gradient ≤ 1.5× NumPy, gradient/forward ≤ 2.5")
    for label, sizes, batch in MLPS:
        _network(label, sizes, batch)

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
        print("  PyTorch: not installed (optional peer)")
    new_hand, new_engine = numpy_step(x, y, params), engine_step(x, y, params)
    worst = max(float(np.max(np.abs(a - b))) for a, b in zip(new_hand, new_engine, strict=True))
    print(f"  same update from both (max difference {worst:.1e})")


if __name__ == "__main__":
    main()
