# mvcalc assignment: newton
# The reference solution: used by the tests only; never shown, never copied to a learner.
"""Newton–Raphson in one dimension.

THE STORY
Where is f(x) = x⁶/6 − 3x⁴ − 2x³/3 + 27x²/2 + 18x − 30 zero? A sextic has no
formula for its roots, but Newton–Raphson finds them: from a guess x, follow the
tangent line down to where it crosses zero, and repeat.

THE MATHS
The tangent at x crosses zero at

    x_new = x − f(x) / f′(x).

Near a root the number of correct digits roughly doubles at each step. Far from
one, or where f′ is small, the steps can overshoot, cycle or run away.

YOUR TASK
1. d_f(x): the derivative f′(x).
2. newton_step(x): one step, x − f(x)/f′(x) (use f and your d_f).
3. newton_root(x0): repeat newton_step from x0 until a step moves x by less than
   1e-10, at most 100 times, and return the last x.
Replace each `raise NotImplementedError(...)` line with your code, then run
    mvcalc assignment check newton.py
"""


def f(x):
    """The course's sextic."""
    return x**6 / 6 - 3 * x**4 - 2 * x**3 / 3 + 27 * x**2 / 2 + 18 * x - 30


def d_f(x):
    """f′(x)."""
    return x**5 - 12 * x**3 - 2 * x**2 + 27 * x + 18


def newton_step(x):
    """One Newton–Raphson step from x."""
    return x - f(x) / d_f(x)


def newton_root(x0):
    """Iterate newton_step from x0 until a step is below 1e-10 (at most 100 steps)."""
    x = x0
    for _ in range(100):
        new = newton_step(x)
        if abs(new - x) < 1e-10:
            return new
        x = new
    return x


if __name__ == "__main__":
    for start in (1.0, -4.0, 1.99):
        print(f"from {start}: root {newton_root(start):.10f}")
