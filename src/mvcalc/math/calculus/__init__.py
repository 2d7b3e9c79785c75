"""Derivatives of one variable with their working, and the rules behind them.

One table of correct rules (`rules`) and their buggy twins (`buggy_rules`);
`derive` applies the rules step by step, every step verified, and
`derivation_view` explains the steps in words and LaTeX. `misconception` is the
record every buggy answer is given as, here and in the areas above.

The names below are re-exported lazily, so that importing one submodule
(`mvcalc diff` needs only `derive`) does not load the others.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mvcalc.math.calculus.derive import Derivation, Step, derivative
    from mvcalc.math.calculus.misconception import Misconception

# name -> the submodule that defines it
_EXPORTS = {
    "Derivation": "derive",
    "Step": "derive",
    "derivative": "derive",
    "Misconception": "misconception",
}

__all__ = ["Derivation", "Misconception", "Step", "derivative"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
