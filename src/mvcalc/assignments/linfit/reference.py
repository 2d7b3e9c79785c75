# mvcalc assignment: linfit
# The reference solution: used by the tests only; never shown, never copied to a learner.
"""Linear regression by hand: the least-squares straight line.

THE STORY
You have points (x_i, y_i) that look roughly like a straight line, and you want
the line y = m x + c that fits them best: the one with the least

    χ² = Σ_i (y_i − (m x_i + c))².

THE MATHS
At the minimum both partial derivatives of χ² vanish:

    ∂χ²/∂m = −2 Σ x_i (y_i − m x_i − c) = 0,
    ∂χ²/∂c = −2 Σ (y_i − m x_i − c) = 0.

Solve the two equations for m and c (x̄ and ȳ are the means of x and y).

YOUR TASK
Write linfit(xdat, ydat) returning the tuple (m, c) (xdat and ydat are NumPy
arrays of the same length). Replace the `raise NotImplementedError(...)` line, then run
    mvcalc assignment check linfit.py
"""

import numpy as np


def linfit(xdat, ydat):
    """The slope m and intercept c of the least-squares line, as (m, c)."""
    xbar = np.mean(xdat)
    ybar = np.mean(ydat)
    m = np.sum((xdat - xbar) * ydat) / np.sum((xdat - xbar) ** 2)
    c = ybar - m * xbar
    return m, c


if __name__ == "__main__":
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    y = np.array([2.0, 4.0, 5.0, 4.0, 5.0])
    m, c = linfit(x, y)
    print(f"m = {m:.4f}, c = {c:.4f}  (by hand: m = 0.6, c = 2.2)")
