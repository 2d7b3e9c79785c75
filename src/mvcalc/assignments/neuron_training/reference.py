# mvcalc assignment: neuron-training
# The reference solution: used by the tests only; never shown, never copied to a learner.
"""Training a neuron: complete ∂C/∂b.

THE STORY
The NOT neuron a1 = tanh(w a0 + b) should turn 0 into 1 and 1 into 0. Instead of
guessing w and b we let it learn: measure how wrong it is with the cost

    C(w, b) = Σ_i (a1(x_i) − y_i)²       (x = [0, 1], y = [1, 0] for NOT)

and step downhill: w ← w − η ∂C/∂w, b ← b − η ∂C/∂b.

THE MATHS
With z = w x + b and a1 = tanh(z), the chain rule gives for each example

    ∂C/∂w = ∂C/∂a1 · ∂a1/∂z · ∂z/∂w = 2(a1 − y) · (1 − tanh² z) · x,

summed over the examples. dCdw below does exactly that.

YOUR TASK
Write dCdb(w, b, x, y), the derivative of the cost with respect to the bias, summed
over the examples (x and y are NumPy arrays of the same length). Replace the
`raise NotImplementedError(...)` line with your code, then run
    mvcalc assignment check neuron_training.py
(add `--plot descent.png` to see the path of gradient descent on the cost surface).
"""

import numpy as np


def a1(x, w, b):
    """The neuron's activation for inputs x."""
    return np.tanh(w * x + b)


def cost(w, b, x, y):
    """C = Σ (a1 − y)²."""
    return np.sum((a1(x, w, b) - y) ** 2)


def dCdw(w, b, x, y):
    """∂C/∂w, summed over the examples."""
    z = w * x + b
    dCda = 2 * (a1(x, w, b) - y)  # ∂C/∂a1
    dadz = 1 / np.cosh(z) ** 2  # ∂a1/∂z = 1 − tanh²(z)
    dzdw = x  # ∂z/∂w
    return np.sum(dCda * dadz * dzdw)


def dCdb(w, b, x, y):
    """∂C/∂b, summed over the examples."""
    z = w * x + b
    dCda = 2 * (a1(x, w, b) - y)
    dadz = 1 / np.cosh(z) ** 2
    dzdb = 1
    return np.sum(dCda * dadz * dzdb)


if __name__ == "__main__":
    x, y = np.array([0.0, 1.0]), np.array([1.0, 0.0])
    w, b = 1.3, -0.1
    for _ in range(200):
        w, b = w - 0.2 * dCdw(w, b, x, y), b - 0.2 * dCdb(w, b, x, y)
    print(f"w = {w:.3f}, b = {b:.3f}, cost = {cost(w, b, x, y):.5f}")
