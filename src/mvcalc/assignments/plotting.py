"""Figures for `check --plot`, drawn with matplotlib's Agg backend (no display needed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def figure():
    """A new (figure, pyplot) pair on the Agg backend; imported lazily, only when a plot is asked for."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def save_curve_and_cost(path: Path, target: np.ndarray, drawn: np.ndarray, steps: list[int],
                        costs: list[float], title: str) -> Path:
    """Left: the target curve and the curve drawn by the model; right: the cost during training."""
    plt = figure()
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.5))
    left.plot(target[0], target[1], color="0.6", lw=6, alpha=0.5, label="target")
    left.plot(drawn[0], drawn[1], color="crimson", lw=2, label="your network")
    left.set_aspect("equal")
    left.set_title(title)
    left.legend(loc="lower right")
    right.semilogy(steps, costs, color="navy")
    right.set_xlabel("training step")
    right.set_ylabel("cost C")
    right.set_title("cost while training")
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
