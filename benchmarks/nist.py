"""The 54 NIST StRD non-linear fits (27 datasets × 2 starts): ours against SciPy's least_squares.

For each dataset and start: the digits of agreement with the certified parameters
(−log10 of the worst relative error), for `mvcalc.math.fit.nonlinear.fit` and for SciPy's
`least_squares` given the same compiled residuals and Jacobian, with tight
tolerances, both as 'trf' (x_scale='jac') and as 'lm' (MINPACK). Then totals and
the time each took (wall clock and CPU time of this process, the steadier figure on a
shared machine). Run: `.venv/bin/python -m benchmarks nist`.
"""

from __future__ import annotations

import time
import warnings

import numpy as np

from mvcalc.datasets import nist, nist_names
from mvcalc.math.fit.nist import StrdDataset, min_digits
from mvcalc.math.fit.nonlinear import compile_model, fit
from mvcalc.math.input.reader import parse

TARGET = 6.0


def load_all() -> list[StrdDataset]:
    """The 27 problems shipped in `mvcalc.datasets`."""
    return [nist(name) for name in nist_names()]


def _scipy_fit(data: StrdDataset, start: dict[str, float], method: str) -> dict[str, float]:
    from scipy.optimize import least_squares

    names = data.parameters
    expr = parse(data.model, variables=list(data.predictors) + list(names))
    model = compile_model(expr, data.predictors, names)
    y = data.response_values()
    options = {"ftol": 1e-15, "xtol": 1e-15, "gtol": 1e-15}
    if method == "trf":
        options.update(x_scale="jac", max_nfev=20_000)
    else:
        options.update(max_nfev=20_000)
    b0 = np.array([start[n] for n in names])
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            sol = least_squares(lambda b: model(data.x, b) - y, b0,
                                jac=lambda b: model.jacobian(data.x, b), method=method, **options)
            return dict(zip(names, sol.x, strict=True))
        except (ValueError, np.linalg.LinAlgError):
            return {n: float("nan") for n in names}


def run_ours(datasets: list[StrdDataset]) -> tuple[dict, float, float]:
    digits, t0, c0 = {}, time.perf_counter(), time.process_time()
    for d in datasets:
        for k, start in enumerate(d.starts):
            result = fit(d.model, d.x, d.response_values(), start)
            digits[d.name, k] = min_digits(result.parameters, d.certified)
    return digits, time.perf_counter() - t0, time.process_time() - c0


def run_scipy(datasets: list[StrdDataset], method: str) -> tuple[dict, float, float]:
    digits, t0, c0 = {}, time.perf_counter(), time.process_time()
    for d in datasets:
        for k, start in enumerate(d.starts):
            digits[d.name, k] = min_digits(_scipy_fit(d, start, method), d.certified)
    return digits, time.perf_counter() - t0, time.process_time() - c0


def main() -> None:
    datasets = load_all()
    ours, t_ours, c_ours = run_ours(datasets)
    trf, t_trf, c_trf = run_scipy(datasets, "trf")
    lm, t_lm, c_lm = run_scipy(datasets, "lm")
    print("digits of agreement with NIST's certified parameters (worst parameter), start 1 / start 2")
    print(f"{'dataset':10s} {'level':8s} {'mvcalc':>13s} {'scipy trf':>13s} {'scipy lm':>13s}")
    for d in datasets:
        cells = [f"{t[d.name, 0]:5.1f} / {t[d.name, 1]:5.1f}" for t in (ours, trf, lm)]
        print(f"{d.name:10s} {d.difficulty:8s} " + " ".join(f"{c:>13s}" for c in cells))
    n = len(ours)
    for label, table, seconds, cpu in (("mvcalc fit", ours, t_ours, c_ours),
                                       ("scipy trf", trf, t_trf, c_trf), ("scipy lm", lm, t_lm, c_lm)):
        values = np.array(list(table.values()))
        sets4 = sum(1 for d in datasets if min(table[d.name, 0], table[d.name, 1]) >= 4)
        print(f"{label:10s}: {np.sum(values >= TARGET)}/{n} fits with >= {TARGET:g} digits, "
              f"{np.sum(values >= 4)}/{n} with >= 4 ({sets4}/{len(datasets)} datasets from both "
              f"starts), worst {values.min():.1f}, median {np.median(values):.1f}; {seconds:.2f} s "
              f"wall, {cpu:.2f} s CPU (x{cpu / c_ours:.2f} of ours)")


if __name__ == "__main__":
    main()
