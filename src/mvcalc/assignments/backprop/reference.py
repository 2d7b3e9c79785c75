# mvcalc assignment: backprop
# The reference solution: used by the tests only; never shown, never copied to a learner.
"""Backpropagation: teach a small neural network to draw a heart.

THE STORY
A network with layers of 1, 6, 7 and 2 neurons reads one number x in [0, 1] (how far
along a curve we are) and answers with a point (a 2-D vector). We want its answers,
as x runs from 0 to 1, to trace a heart. Training means nudging every weight and bias
downhill on the cost, so we need the cost's derivatives with respect to each of them:
that is backpropagation, the multivariate chain rule applied layer by layer.

THE MATHS
Each layer computes   z(L) = W(L) a(L-1) + b(L),   a(L) = σ(z(L)),
with the logistic function σ(z) = 1/(1 + e^(-z)), whose derivative is
σ'(z) = σ(z)(1 - σ(z)) = 1/(4 cosh²(z/2)).
Examples are the columns of x (shape (1, N)) and y (shape (2, N)). The cost is the
average squared distance between the network's answer a(3) and the target y:

    C = |a(3) - y|² / N.

For one example, the chain rule gives

    ∂C/∂W(3) = ∂C/∂a(3) · ∂a(3)/∂z(3) · ∂z(3)/∂W(3)
             = 2(a(3) - y) · σ'(z(3)) · a(2)ᵀ                 (then averaged over examples)

and going one layer further back multiplies by ∂z(3)/∂a(2) = W(3) and by σ'(z(2)):

    ∂C/∂W(2) = [W(3)ᵀ (2(a(3) - y) ⊙ σ'(z(3)))] ⊙ σ'(z(2)) · a(1)ᵀ.

For a bias, ∂z(L)/∂b(L) = 1, so the last factor a(L-1)ᵀ becomes a sum over the examples.

YOUR TASK
J_W3 and J_W2 are written for you. Write J_b3, J_b2, J_W1 and J_b1: each returns
the Jacobian of the cost with respect to that parameter, averaged over the examples,
with the same shape as the parameter (J_W1: (6, 1); J_b1: (6, 1); J_b2: (7, 1);
J_b3: (2, 1)). Replace each `raise NotImplementedError(...)` line with your code.

Check your work with
    mvcalc assignment check backprop.py
and see the network learn with
    mvcalc assignment check backprop.py --plot heart.png
"""

import numpy as np

# ----------------------------------------------------------------------------------
# Given: the activation function and its derivative.


def sigma(z):
    """The logistic function."""
    return 1 / (1 + np.exp(-z))


def d_sigma(z):
    """The derivative of the logistic function, σ'(z) = 1/(4 cosh²(z/2))."""
    return 1 / (4 * np.cosh(z / 2) ** 2)


# ----------------------------------------------------------------------------------
# Given: the network. params = (W1, b1, W2, b2, W3, b3) with shapes
# (6, 1), (6, 1), (7, 6), (7, 1), (2, 7), (2, 1).


def network_function(a0, params):
    """Feed the inputs a0 (shape (1, N)) forward; return every layer's z and a."""
    W1, b1, W2, b2, W3, b3 = params
    z1 = W1 @ a0 + b1
    a1 = sigma(z1)
    z2 = W2 @ a1 + b2
    a2 = sigma(z2)
    z3 = W3 @ a2 + b3
    a3 = sigma(z3)
    return a0, z1, a1, z2, a2, z3, a3


def cost(x, y, params):
    """C = |a3 - y|² / N, the average over the N examples."""
    return np.linalg.norm(network_function(x, params)[-1] - y) ** 2 / x.size


# ----------------------------------------------------------------------------------
# Given: the Jacobians with respect to the last two weight matrices.


def J_W3(x, y, params):
    """∂C/∂W3, shape (2, 7)."""
    W1, b1, W2, b2, W3, b3 = params
    a0, z1, a1, z2, a2, z3, a3 = network_function(x, params)
    J = 2 * (a3 - y)  # ∂C/∂a3 (for each example)
    J = J * d_sigma(z3)  # times ∂a3/∂z3
    J = J @ a2.T / x.size  # times ∂z3/∂W3, summed over examples and averaged
    return J


def J_W2(x, y, params):
    """∂C/∂W2, shape (7, 6)."""
    W1, b1, W2, b2, W3, b3 = params
    a0, z1, a1, z2, a2, z3, a3 = network_function(x, params)
    J = 2 * (a3 - y)
    J = J * d_sigma(z3)
    J = W3.T @ J  # times ∂z3/∂a2 = W3
    J = J * d_sigma(z2)  # times ∂a2/∂z2
    J = J @ a1.T / x.size  # times ∂z2/∂W2, averaged
    return J


# ----------------------------------------------------------------------------------
# Your turn.


def J_b3(x, y, params):
    """∂C/∂b3, shape (2, 1). Like J_W3, but ∂z3/∂b3 = 1."""
    W1, b1, W2, b2, W3, b3 = params
    a0, z1, a1, z2, a2, z3, a3 = network_function(x, params)
    J = 2 * (a3 - y)
    J = J * d_sigma(z3)
    J = np.sum(J, axis=1, keepdims=True) / x.size
    return J


def J_b2(x, y, params):
    """∂C/∂b2, shape (7, 1). Like J_W2, but ∂z2/∂b2 = 1."""
    W1, b1, W2, b2, W3, b3 = params
    a0, z1, a1, z2, a2, z3, a3 = network_function(x, params)
    J = 2 * (a3 - y)
    J = J * d_sigma(z3)
    J = W3.T @ J
    J = J * d_sigma(z2)
    J = np.sum(J, axis=1, keepdims=True) / x.size
    return J


def J_W1(x, y, params):
    """∂C/∂W1, shape (6, 1). One layer further back than J_W2."""
    W1, b1, W2, b2, W3, b3 = params
    a0, z1, a1, z2, a2, z3, a3 = network_function(x, params)
    J = 2 * (a3 - y)
    J = J * d_sigma(z3)
    J = W3.T @ J
    J = J * d_sigma(z2)
    J = W2.T @ J
    J = J * d_sigma(z1)
    J = J @ a0.T / x.size
    return J


def J_b1(x, y, params):
    """∂C/∂b1, shape (6, 1)."""
    W1, b1, W2, b2, W3, b3 = params
    a0, z1, a1, z2, a2, z3, a3 = network_function(x, params)
    J = 2 * (a3 - y)
    J = J * d_sigma(z3)
    J = W3.T @ J
    J = J * d_sigma(z2)
    J = W2.T @ J
    J = J * d_sigma(z1)
    J = np.sum(J, axis=1, keepdims=True) / x.size
    return J


# ----------------------------------------------------------------------------------
# Given: training data and a training loop, to try things out yourself
# (`python backprop.py`). The checker does not run this part.


def training_data(n=100, rng=None):
    """n points along the heart: x of shape (1, n) in [0, 1], y of shape (2, n)."""
    rng = np.random.default_rng(rng)
    x = rng.uniform(0, 1, (1, n))
    t = 2 * np.pi * x
    y = np.concatenate([16 * np.sin(t) ** 3,
                        13 * np.cos(t) - 5 * np.cos(2 * t) - 2 * np.cos(3 * t) - np.cos(4 * t)]) / 20
    return x, (y + 1) / 2


def reset_network(rng=None, scale=0.5):
    """Fresh random weights and biases."""
    rng = np.random.default_rng(rng)
    sizes = [1, 6, 7, 2]
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        params += [rng.standard_normal((n_out, n_in)) * scale, rng.standard_normal((n_out, 1)) * scale]
    return tuple(params)


def train(params, x, y, steps=2000, aggression=7.0, batch=25, rng=None):
    """Stochastic steepest descent: each step follows the Jacobians of a random batch downhill."""
    rng = np.random.default_rng(rng)
    jacobians = [J_W1, J_b1, J_W2, J_b2, J_W3, J_b3]
    for _ in range(steps):
        pick = rng.choice(x.shape[1], batch, replace=False)
        xb, yb = x[:, pick], y[:, pick]
        params = tuple(p - aggression * J(xb, yb, params) for p, J in zip(params, jacobians, strict=True))
    return params


if __name__ == "__main__":
    x, y = training_data(rng=1)
    params = reset_network(rng=2)
    print("cost before training:", cost(x, y, params))
    params = train(params, x, y)
    print("cost after training: ", cost(x, y, params))
