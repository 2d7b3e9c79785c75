"""mvcalc: multivariate calculus for machine learning, as a course and a toolkit.

The public Python API is re-exported here lazily, so that `import mvcalc` stays
cheap and each layer is loaded only when it is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the same names, eagerly, for type checkers and editors (mypy checks this surface)
    from mvcalc.errors import MvcalcError
    from mvcalc.math.check import Verdict, check, equivalent
    from mvcalc.math.diagnose import buggy_derivatives, diagnose
    from mvcalc.math.fit import fit, linfit
    from mvcalc.math.input import InputError, read
    from mvcalc.math.input.reader import parse
    from mvcalc.math.multivariate import (
        chain_rule,
        classify_stationary,
        gradient,
        hessian,
        jacobian,
        total_derivative,
    )
    from mvcalc.math.series import linearise, taylor
    from mvcalc.toolkit import derivative, lagrange, minimize, newton

__version__ = "0.1.0"

# name -> "module" or "module:attribute" that defines it (one source of truth for the public API)
_API = {
    "parse": "mvcalc.math.input.reader",
    "read": "mvcalc.math.input",
    "InputError": "mvcalc.math.input",
    "check": "mvcalc.math.check",
    "Verdict": "mvcalc.math.check",
    "equivalent": "mvcalc.math.check",
    "derivative": "mvcalc.toolkit",
    "gradient": "mvcalc.math.multivariate",
    "jacobian": "mvcalc.math.multivariate",
    "hessian": "mvcalc.math.multivariate",
    "total_derivative": "mvcalc.math.multivariate",
    "chain_rule": "mvcalc.math.multivariate",
    "classify_stationary": "mvcalc.math.multivariate",
    "taylor": "mvcalc.math.series",
    "linearise": "mvcalc.math.series",
    "diagnose": "mvcalc.math.diagnose",
    "buggy_derivatives": "mvcalc.math.diagnose",
    "newton": "mvcalc.toolkit",
    "minimize": "mvcalc.toolkit",
    "lagrange": "mvcalc.toolkit",
    "MvcalcError": "mvcalc.errors",
    "fit": "mvcalc.math.fit",
    "linfit": "mvcalc.math.fit",
}

__all__ = sorted(_API) + ["__version__"]


def __getattr__(name: str) -> Any:
    target = _API.get(name)
    if target is None:
        raise AttributeError(f"module 'mvcalc' has no attribute {name!r}")
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute or name)


def __dir__() -> list[str]:
    return __all__


def load_ipython_extension(ipython: Any) -> None:
    """`%load_ext mvcalc`: the `%mvcheck` and `%%mvpractice` magics (see `mvcalc.jupyter`)."""
    from mvcalc.jupyter import load_ipython_extension as load

    load(ipython)
