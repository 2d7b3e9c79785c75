# mvcalc assignment: lagrange
# The reference solution: used by the tests only; never shown, never copied to a learner.
"""Lagrange multipliers: optimising on an ellipse.

THE STORY
The hill f(x, y) = exp(−(2x² + y² − xy)/2) is highest at the origin. We may only
walk on the ellipse g(x, y) = x² + 3(y + 1)² − 1 = 0. Where on the ellipse is the
hill highest, and where lowest?

THE MATHS
At such a point the contour of f touches the ellipse, so their gradients are
parallel: ∇f = λ ∇g. With the Lagrangian L(x, y, λ) = f − λ g these conditions,
together with g = 0, say exactly ∇L = 0:

    ∂L/∂x = ∂f/∂x − λ ∂g/∂x = 0,
    ∂L/∂y = ∂f/∂y − λ ∂g/∂y = 0,
    ∂L/∂λ = −g = 0.

A root finder (scipy.optimize.root, or Newton–Raphson) started from a few points
then finds the stationary points.

YOUR TASK
1. dgdx(x, y) and dgdy(x, y): the partial derivatives of g.
2. DL(xyl): the gradient of L at xyl = [x, y, λ], as an array of three numbers.
Replace each `raise NotImplementedError(...)` line with your code, then run
    mvcalc assignment check lagrange.py
"""

import numpy as np


def f(x, y):
    return np.exp(-(2 * x * x + y * y - x * y) / 2)


def dfdx(x, y):
    return -(4 * x - y) / 2 * f(x, y)


def dfdy(x, y):
    return -(2 * y - x) / 2 * f(x, y)


def g(x, y):
    return x * x + 3 * (y + 1) ** 2 - 1


def dgdx(x, y):
    """∂g/∂x."""
    return 2 * x


def dgdy(x, y):
    """∂g/∂y."""
    return 6 * (y + 1)


def DL(xyl):
    """∇L at xyl = [x, y, λ]: [∂L/∂x, ∂L/∂y, ∂L/∂λ]."""
    x, y, lam = xyl
    return np.array([dfdx(x, y) - lam * dgdx(x, y), dfdy(x, y) - lam * dgdy(x, y), -g(x, y)])


if __name__ == "__main__":
    from scipy import optimize

    for start in ([1, -1, 0], [-1, -1, 0], [-0.5, -1.5, 0], [0, -0.3, 0]):
        sol = optimize.root(DL, start)
        x, y, lam = sol.x
        print(f"x = {x:.6f}, y = {y:.6f}, λ = {lam:.6f}, f = {f(x, y):.6f}")
