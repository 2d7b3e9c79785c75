"""The peers our least squares is timed against, all given the same residual and Jacobian.

SciPy's `least_squares` as 'lm' (MINPACK's lmder) and as 'trf' (x_scale='jac'), and lmfit's
`minimize` (MINPACK's leastsq through lmfit's Parameters) when lmfit is installed (the `bench`
extra). Every peer gets the residual and analytic Jacobian that `fit` itself uses
(`CompiledModel.evaluator`), built before its clock starts, and the tight tolerances we
use ourselves.
Shared by `benchmarks.nist` (the NIST StRD fits and the Gaussian data-size sweep).
"""

from __future__ import annotations

import importlib.util
import time
import warnings
from collections.abc import Callable

import numpy as np

TOL = {"ftol": 1e-15, "xtol": 1e-15, "gtol": 1e-15}
Solver = Callable[[Callable, Callable, np.ndarray, tuple[str, ...]], np.ndarray]


def _failed(names: tuple[str, ...]) -> np.ndarray:
    return np.full(len(names), np.nan)


def scipy_solver(method: str) -> Solver:
    """SciPy's least_squares with the given method, analytic Jacobian and tight tolerances."""
    from scipy.optimize import least_squares

    options = dict(TOL, max_nfev=20_000)
    if method == "trf":
        options["x_scale"] = "jac"

    def solve(residual, jacobian, b0, names):
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            try:
                return least_squares(residual, b0, jac=jacobian, method=method, **options).x
            except (ValueError, np.linalg.LinAlgError):
                return _failed(names)

    return solve


def lmfit_solver() -> Solver | None:
    """lmfit's minimize (leastsq, with our Jacobian as Dfun), or None when lmfit is missing."""
    if importlib.util.find_spec("lmfit") is None:
        return None
    import lmfit

    def solve(residual, jacobian, b0, names):
        params = lmfit.Parameters()
        for name, value in zip(names, b0, strict=True):
            params.add(name, value=float(value))

        def vector(p):
            return np.array([p[n].value for n in names])

        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            try:
                out = lmfit.minimize(lambda p: residual(vector(p)), params, method="leastsq",
                                     Dfun=lambda p: jacobian(vector(p)), max_nfev=20_000,
                                     nan_policy="propagate", **TOL)
            except (ValueError, TypeError, np.linalg.LinAlgError):
                return _failed(names)
        return vector(out.params)

    return solve


def peers() -> dict[str, Solver | None]:
    """Name -> solver (None: not installed), in the order the tables print them."""
    return {"scipy lm": scipy_solver("lm"), "scipy trf": scipy_solver("trf"), "lmfit": lmfit_solver()}


def timed(fn: Callable[[], object]) -> tuple[object, float]:
    """(what fn returned, its wall-clock seconds)."""
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start
