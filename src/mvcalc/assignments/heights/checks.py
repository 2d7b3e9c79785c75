"""Checks of the heights assignment, run in the checker's process."""

from __future__ import annotations

import numpy as np

from mvcalc.assignments.checker import Context, Extra
from mvcalc.assignments.feedback import Mistake, Outcome, compare, first_failure
from mvcalc.assignments.heights import model
from mvcalc.assignments.sandbox import SandboxedModule


def _cases(ctx: Context):
    """(label, x, mu, sig): a few bins by hand, the real bins, and random points and parameters."""
    x_data, _y = model.load()
    cases = [("at x = [150, 165, 180] with μ = 170, σ = 8", np.array([150.0, 165.0, 180.0]), 170.0, 8.0),
             ("on the heights' bins with μ = 155, σ = 6", x_data, 155.0, 6.0)]
    for _ in range(2):
        mu, sig = ctx.rng.uniform(150, 190), ctx.rng.uniform(4, 15)
        cases.append((f"at random x with μ = {mu:.4g}, σ = {sig:.4g}",
                      ctx.rng.uniform(mu - 3 * sig, mu + 3 * sig, 7), float(mu), float(sig)))
    return cases


def check_dfdmu(learner: SandboxedModule, ctx: Context) -> Outcome:
    """dfdmu against the derivative SymPy takes of the Gaussian."""

    def outcomes():
        for label, x, mu, sig in _cases(ctx):
            got = learner.call("dfdmu", x, mu, sig)
            f = model.f(x, mu, sig)
            yield compare("dfdmu", got, model.dfdmu(x, mu, sig), against="∂f/∂μ", case=label,
                          rtol=1e-6, atol=1e-14, mistakes=[
                              Mistake(f * (mu - x) / sig**2, "(μ − x) where (x − μ) belongs: "
                                      "∂/∂μ of −(x − μ)² is +2(x − μ)"),
                              Mistake(f * (x - mu), "a missing 1/σ² from the exponent's denominator"),
                              Mistake(f * (x - mu) / sig, "1/σ where 1/σ² belongs"),
                              Mistake(f * (x - mu) / (2 * sig**2), "a missing factor 2 from "
                                      "differentiating (x − μ)²"),
                              Mistake((x - mu) / sig**2, "a missing factor f: the derivative of "
                                      "exp(u) is exp(u)·u′"),
                          ])

    return first_failure(outcomes())


def check_dfdsig(learner: SandboxedModule, ctx: Context) -> Outcome:
    """dfdsig against the derivative SymPy takes of the Gaussian."""

    def outcomes():
        for label, x, mu, sig in _cases(ctx):
            got = learner.call("dfdsig", x, mu, sig)
            f = model.f(x, mu, sig)
            yield compare("dfdsig", got, model.dfdsig(x, mu, sig), against="∂f/∂σ", case=label,
                          rtol=1e-6, atol=1e-14, mistakes=[
                              Mistake(f * (x - mu) ** 2 / sig**3, "a missing −f/σ: the prefactor "
                                      "1/σ depends on σ too (product rule)"),
                              Mistake(-f / sig, "a missing f·(x − μ)²/σ³ from the exponent"),
                              Mistake(f * ((x - mu) ** 2 / sig**3 + 1 / sig), "+1/σ where −1/σ "
                                      "belongs: d(1/σ)/dσ = −1/σ²"),
                              Mistake(f * ((x - mu) ** 2 / sig**2 - 1 / sig), "(x − μ)²/σ² where "
                                      "(x − μ)²/σ³ belongs: d(σ⁻²)/dσ = −2σ⁻³"),
                              Mistake(f * ((x - mu) ** 2 / (2 * sig**3) - 1 / sig), "a missing "
                                      "factor 2 from differentiating 1/(2σ²)"),
                          ])

    return first_failure(outcomes())


def check_steepest_step(learner: SandboxedModule, ctx: Context) -> Outcome:
    """steepest_step against −aggression·∇χ² from the checker's own derivatives."""
    x, y = model.load()
    cases = [("on the heights from μ = 155, σ = 6 with aggression 2000", x, y, 155.0, 6.0, 2000.0)]
    for _ in range(2):
        mu, sig, ag = ctx.rng.uniform(150, 185), ctx.rng.uniform(5, 14), ctx.rng.uniform(100, 3000)
        cases.append((f"on the heights from μ = {mu:.4g}, σ = {sig:.4g} with aggression {ag:.4g}",
                      x, y, float(mu), float(sig), float(ag)))

    def outcomes():
        for label, xs, ys, mu, sig, ag in cases:
            got = learner.call("steepest_step", xs, ys, mu, sig, ag)
            J = model.jacobian(xs, ys, mu, sig)
            r = ys - model.f(xs, mu, sig)
            yield compare("steepest_step", got, -ag * J, against="−aggression·J", case=label,
                          rtol=1e-6, atol=1e-12, mistakes=[
                              Mistake(ag * J, "a step uphill: the step is −aggression·J, "
                                      "against the gradient"),
                              Mistake(-ag * J / 2, "a missing factor 2 from differentiating (y − f)²"),
                              Mistake(-J, "a missing aggression factor"),
                              Mistake(-ag * J[::-1], "the μ and σ components swapped"),
                              Mistake(-ag * J / len(xs), "an average where χ² is a sum over the bins"),
                              Mistake(-ag * np.array([-2 * np.sum(r) * 1.0, -2 * np.sum(r)]),
                                      "∂f/∂μ and ∂f/∂σ left out of the chain rule"),
                          ])

    return first_failure(outcomes())


CHECKS = {"dfdmu": check_dfdmu, "dfdsig": check_dfdsig, "steepest_step": check_steepest_step}


def after_pass(learner: SandboxedModule, ctx: Context) -> Extra:
    """Fifty of the learner's steps from μ = 155, σ = 6, compared with a Levenberg–Marquardt fit."""
    from mvcalc.math.fit.nonlinear import fit

    x, y = model.load()
    mu, sig = model.START
    path = [(mu, sig)]
    for _ in range(model.STEPS):
        step = np.asarray(learner.call("steepest_step", x, y, mu, sig, model.AGGRESSION), dtype=float)
        mu, sig = mu + float(step[0]), sig + float(step[1])
        path.append((mu, sig))
    lm = fit(model.GAUSSIAN, {"x": x}, y, {"mu": model.START[0], "sig": model.START[1]})
    best = (lm.parameters["mu"], lm.parameters["sig"])
    lines = [
        f"Steepest descent with your step: {model.STEPS} steps of aggression {model.AGGRESSION:g} "
        f"from μ = {model.START[0]:g}, σ = {model.START[1]:g}:",
        f"  μ = {mu:.3f} cm, σ = {sig:.3f} cm, χ² = {model.chi2(x, y, mu, sig):.4g} "
        f"(it started at {model.chi2(x, y, *model.START):.4g}).",
        f"Levenberg–Marquardt (mvcalc.math.fit.nonlinear) from the same start: μ = {best[0]:.3f} ± "
        f"{lm.stderr['mu']:.2g} cm, σ = {best[1]:.3f} ± {lm.stderr['sig']:.2g} cm, χ² = {lm.rss:.4g}, "
        f"in {lm.iterations} iterations.",
    ]
    data = {"mu": mu, "sig": sig, "chi2": model.chi2(x, y, mu, sig), "lm": {"mu": best[0], "sig": best[1],
            "chi2": lm.rss}, "path": path}
    if not (np.isfinite(mu) and np.isfinite(sig)):
        return Extra(lines=[*lines[:1], "  the descent left the finite numbers: check the step's sign"],
                     data=data)
    if ctx.plot is not None:
        lines.append(f"Saved the picture to {_plot(ctx.plot, x, y, np.array(path), best)}.")
        data["plot"] = str(ctx.plot)
    return Extra(lines=lines, data=data)


def _plot(target, x, y, path: np.ndarray, best):
    from mvcalc.assignments.plotting import figure

    plt = figure()
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    left.bar(x, y, width=2.5, color="0.75", label="heights (density per cm)")
    fine = np.linspace(120, 230, 400)
    left.plot(fine, model.f(fine, *path[-1]), color="crimson", lw=2, label="your fit")
    left.plot(fine, model.f(fine, *best), "--", color="navy", lw=1, label="Levenberg–Marquardt")
    left.set_xlim(120, 230)
    left.set_xlabel("height (cm)")
    left.legend()
    left.set_title("the heights and the fitted Gaussian")
    mus = np.linspace(min(150, path[:, 0].min() - 2), max(185, path[:, 0].max() + 2), 120)
    sigs = np.linspace(max(2, min(4, path[:, 1].min() - 1)), max(16, path[:, 1].max() + 1), 120)
    chi = np.array([[model.chi2(x, y, m, s) for m in mus] for s in sigs])
    contours = right.contourf(mus, sigs, np.log10(chi), levels=30, cmap="viridis")
    fig.colorbar(contours, ax=right, label="log10 χ²")
    right.plot(path[:, 0], path[:, 1], "o-", color="white", ms=2, lw=1, label="your steps")
    right.plot(*best, "*", color="crimson", ms=10, label="least χ²")
    right.set_xlabel("μ (cm)")
    right.set_ylabel("σ (cm)")
    right.legend(loc="upper right")
    right.set_title("χ² over (μ, σ) and the path of steepest descent")
    fig.tight_layout()
    fig.savefig(target, dpi=100)
    plt.close(fig)
    return target
