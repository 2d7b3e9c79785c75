# mvcalc assignment: heights
# The reference solution: used by the tests only; never shown, never copied to a learner.
"""Fitting the distribution of height data.

THE STORY
A survey measured the heights of many adults. Sorted into bins 2.5 cm wide and
normalised to unit area, the counts make a histogram y over the bin positions x
(from 50 to 297.5 cm). We model it with a Gaussian

    f(x; μ, σ) = exp(−(x − μ)² / (2σ²)) / (√(2π) σ)

and look for the μ and σ that make it fit best: those that minimise

    χ² = Σ_i (y_i − f(x_i; μ, σ))².

THE MATHS
Steepest descent moves (μ, σ) a little way down the gradient of χ²:

    J = [∂χ²/∂μ, ∂χ²/∂σ],   (μ, σ) ← (μ, σ) − aggression · J.

By the chain rule ∂χ²/∂μ = −2 Σ (y − f) ∂f/∂μ, and the same for σ. So you need
the partial derivatives of f itself first.

YOUR TASK
1. dfdmu(x, mu, sig): ∂f/∂μ at every x (x is a NumPy array).
2. dfdsig(x, mu, sig): ∂f/∂σ at every x.
3. steepest_step(x, y, mu, sig, aggression): the step −aggression · J as an array
   [Δμ, Δσ] of two numbers (J is summed over all the bins).
Replace each `raise NotImplementedError(...)` line with your code, then run
    mvcalc assignment check heights.py
(add `--plot heights.png` to see your fit and the path of the descent on χ²'s contours).
"""

import numpy as np


def f(x, mu, sig):
    """The Gaussian with mean mu and standard deviation sig, at every x."""
    return np.exp(-((x - mu) ** 2) / (2 * sig**2)) / np.sqrt(2 * np.pi) / sig


def dfdmu(x, mu, sig):
    """∂f/∂μ at every x."""
    return f(x, mu, sig) * (x - mu) / sig**2


def dfdsig(x, mu, sig):
    """∂f/∂σ at every x."""
    return f(x, mu, sig) * ((x - mu) ** 2 / sig**3 - 1 / sig)


def steepest_step(x, y, mu, sig, aggression):
    """The step [Δμ, Δσ] = −aggression · J, where J = [∂χ²/∂μ, ∂χ²/∂σ] summed over the bins."""
    J = np.array([0.0, 0.0])
    J[0] = -2 * np.sum((y - f(x, mu, sig)) * dfdmu(x, mu, sig))
    J[1] = -2 * np.sum((y - f(x, mu, sig)) * dfdsig(x, mu, sig))
    return -aggression * J


if __name__ == "__main__":
    # A quick trial on a made-up histogram (the checker uses the real heights).
    x = np.arange(50, 300, 2.5)
    y = f(x, 171.0, 9.0)
    mu, sig = 155.0, 6.0
    for _ in range(50):
        dmu, dsig = steepest_step(x, y, mu, sig, 2000)
        mu, sig = mu + dmu, sig + dsig
    print(f"mu = {mu:.2f} cm, sigma = {sig:.2f} cm (the made-up data has 171 and 9)")
