"""Derivatives of one variable with their working, and the rules behind them.

One table of correct rules (`rules`) and their buggy twins (`buggy_rules`);
`derive` applies the rules step by step, every step verified, and
`derivation_view` explains the steps in words and LaTeX. `misconception` is the
record every buggy answer is given as, here and in the areas above.
"""

from mvcalc.math.calculus.derive import Derivation, Step, derivative
from mvcalc.math.calculus.misconception import Misconception

__all__ = ["Derivation", "Misconception", "Step", "derivative"]
