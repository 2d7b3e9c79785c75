"""SymPy functions the course needs that SymPy lacks: the logistic sigmoid, the real odd root."""

from __future__ import annotations

import sympy as sp
from sympy.core.function import ArgumentIndexError


class sigmoid(sp.Function):  # noqa: N801  (SymPy functions are lower-case)
    """The logistic function σ(z) = 1/(1 + e^(−z)), with σ′ = σ(1 − σ)."""

    nargs = 1

    @classmethod
    def eval(cls, z):
        if z.is_zero:
            return sp.S.Half
        return None

    def fdiff(self, argindex=1):
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, z, **kwargs):
        return 1 / (1 + sp.exp(-z))

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return self.args[0].is_real

    def _latex(self, printer, exp=None):
        inner = printer._print(self.args[0])
        base = r"\sigma\left(" + inner + r"\right)"
        return base if exp is None else rf"\sigma^{{{exp}}}\left({inner}\right)"

    def _sympystr(self, printer):
        return f"sigmoid({printer._print(self.args[0])})"


class real_root(sp.Function):  # noqa: N801  (SymPy functions are lower-case)
    """The real n-th root of x for odd n (∛(−8) = −2), as textbooks read ∛x and root(x, n).

    SymPy's `cbrt` and `root` give the principal complex root (∛(−8) = 1 + i√3), and its
    `real_root` is sign(x)·|x|^(1/n), whose derivative drags in DiracDelta; this function
    keeps the textbook derivative x^(1/n)′ = 1/(n·root(x, n)^(n−1)) on the whole real line.
    """

    nargs = 2

    @classmethod
    def eval(cls, x, n):
        if not (n.is_Integer and n > 0 and n % 2 == 1):
            raise ValueError("real_root(x, n) needs an odd whole number n")
        if n == 1:
            return x
        if x.is_number and x.is_extended_negative:
            return -cls(-x, n)
        if x.is_number and x.is_extended_nonnegative:
            return sp.root(x, n)
        if x.is_Pow and x.exp == n:  # root(t^n, n) = t for odd n
            return x.base
        return None

    def fdiff(self, argindex=1):
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        x, n = self.args
        return 1 / (n * real_root(x, n) ** (n - 1))

    def _eval_power(self, exponent):
        x, n = self.args
        if exponent.is_Integer and exponent % n == 0:
            return x ** (exponent // n)
        return None

    def _eval_rewrite_as_Abs(self, x, n, **kwargs):
        return sp.sign(x) * sp.Abs(x) ** (1 / n)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return self.args[0].is_positive

    def _eval_is_negative(self):
        return self.args[0].is_negative

    def _latex(self, printer, exp=None):
        x, n = self.args
        inner = printer._print(x)
        base = rf"\sqrt{{{inner}}}" if n == 2 else rf"\sqrt[{n}]{{{inner}}}"
        return base if exp is None else rf"\left({base}\right)^{{{exp}}}"

    def _pretty(self, printer):
        return printer._print_nth_root(self.args[0], self.args[1])

    def _sympystr(self, printer):
        x, n = self.args
        if n == 3:
            return f"cbrt({printer._print(x)})"
        return f"root({printer._print(x)}, {n})"
