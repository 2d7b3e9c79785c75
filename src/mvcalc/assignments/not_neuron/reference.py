# mvcalc assignment: not-neuron
# The reference solution: used by the tests only; never shown, never copied to a learner.
"""A neuron that computes NOT.

THE STORY
The smallest neural network has one input neuron and one output neuron. It reads a
number a0, multiplies it by a weight w, adds a bias b, and squashes the result with
an activation function; here tanh:

    z = w a0 + b,        a1 = tanh(z).

With the right w and b this network computes NOT: given 1 it answers (close to) 0,
given 0 it answers (close to) 1.

YOUR TASK
1. Write a1(a0, w, b): the neuron's output. It must work when a0 is a single number
   and when it is a NumPy array of inputs (one output per input).
2. Write not_weights(): return a pair (w, b) such that a1(0, w, b) is within 0.05 of 1
   and a1(1, w, b) is within 0.05 of 0.

Check your work with
    mvcalc assignment check not_neuron.py
"""

import numpy as np


def a1(a0, w, b):
    """The neuron's activation tanh(w a0 + b), element by element when a0 is an array."""
    return np.tanh(w * a0 + b)


def not_weights():
    """A weight and a bias (w, b) that make the neuron act as NOT."""
    b = 5.0
    return -b, b


if __name__ == "__main__":
    w, b = not_weights()
    print("NOT 0 =", a1(0, w, b))
    print("NOT 1 =", a1(1, w, b))
