# mvcalc assignment: sandpit
"""Gradient descent in a sandpit.

THE STORY
A phone has rolled to the lowest point of a 6 × 6 sand pit. At any point you can
measure the depth f, its Jacobian J = [∂f/∂x, ∂f/∂y] (which points uphill) and its
Hessian H (the 2 × 2 matrix of second derivatives). Write the rule that decides
where to probe next, and the checker will walk it through real pits.

THE MATHS
- Steepest descent: move by δ = −γJ, with γ = 0.5.
- Newton: move by δ = −H⁻¹J, the flat point of the quadratic model
  f + J·δ + ½ δᵀHδ. It is fast near a minimum, but it heads for any flat
  point, hilltops and saddles included, and can leap far away.
- Hybrid: take the Newton move unless it points uphill (δ·J ≥ 0) or is longer
  than 2; otherwise take the steepest-descent move.

YOUR TASK
Each function gets f (a number), J (a NumPy array of length 2) and H (a 2 × 2
NumPy array) and returns the move δ as an array of length 2.
1. steepest_step(f, J, H)
2. newton_step(f, J, H)
3. next_step(f, J, H): the hybrid (use your two functions).
Replace each `raise NotImplementedError(...)` line with your code, then run
    mvcalc assignment check sandpit.py
"""

import numpy as np

GAMMA = 0.5


def steepest_step(f, J, H):
    """The steepest-descent move −γJ."""
    return -GAMMA * J


def newton_step(f, J, H):
    """The Newton move −H⁻¹J."""
    return -np.linalg.solve(H, J)


def next_step(f, J, H):
    """The hybrid move: Newton unless it points uphill or is longer than 2, else steepest descent."""
    move = newton_step(f, J, H)
    if move @ J >= 0 or np.linalg.norm(move) > 2:
        return steepest_step(f, J, H)
    return move


if __name__ == "__main__":
    J, H = np.array([1.0, -2.0]), np.array([[2.0, 0.0], [0.0, 1.0]])
    print("steepest", steepest_step(0.0, J, H), "newton", newton_step(0.0, J, H), "next", next_step(0.0, J, H))
