"""SymPy functions the course needs that SymPy lacks: the logistic sigmoid."""

from __future__ import annotations

import sympy as sp


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
