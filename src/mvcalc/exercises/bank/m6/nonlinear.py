"""Set m6-s2 "Fitting a non-linear function": χ² facts, parameter partials, the χ² gradient."""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._choices import multichoice
from mvcalc.exercises.bank._common import coefficient, mistake, rng_for, symbols, tex
from mvcalc.exercises.bank._derivative import derivative_generator
from mvcalc.exercises.bank._matrix import matrix_generator
from mvcalc.exercises.model import Meta
from mvcalc.exercises.registry import Generator

SET = "m6-s2-nonlinear-fitting"
x, a1, a2, a3, mu, sigma = symbols("x a1 a2 a3 mu sigma")

TRUE = [
    r"$\chi^2 = \sum_i (y_i - f(x_i; \mathbf{a}))^2/\sigma_i^2$ measures how far the model is from the data.",
    r"At the best-fit parameters, $\nabla_{\mathbf{a}}\chi^2 = \mathbf{0}$.",
    r"A steepest-descent step changes the parameters by $-\gamma\,\nabla_{\mathbf{a}}\chi^2$.",
    r"$\nabla_{\mathbf{a}}\chi^2 = -2\sum_i \dfrac{y_i - f(x_i)}{\sigma_i^2}\,\dfrac{\partial f(x_i)}{\partial \mathbf{a}}$.",
    r"Points with a large $\sigma_i$ count less in $\chi^2$.",
]
FALSE = [
    (r"A larger $\chi^2$ means a better fit.", "chi2_bigger_better", "χ² adds squared misfits: smaller is better."),
    (r"$\chi^2$ can be negative when the model overshoots.", "chi2_negative", "Each term is a square divided by σ²: χ² ≥ 0."),
    (r"The best fit always has $\chi^2 = 0$.", "chi2_zero", "With noisy data the best fit still misses: χ² is about the number of points at a good fit."),
    (r"Steepest descent moves the parameters along $+\nabla\chi^2$.", "descent_uphill", "+∇χ² points uphill: step along −∇χ²."),
    (r"Non-linear least squares finds the global minimum from any start.", "global_minimum", "It can get stuck in a local minimum: starting values matter."),
]


MODELS = [
    r"a_1 e^{-(x - a_2)^2 / (2 a_3^2)}", r"a_1 e^{-a_2 x}", r"a_1 \sin(a_2 x + a_3)", r"a_1 x^{a_2}",
    r"a_1 \left(1 - e^{-a_2 x}\right)", r"\dfrac{a_1}{1 + a_2 x^2}",
]


def _statements(seed: int):
    rng = rng_for("m6-chi2-statements", seed)
    model = rng.choice(MODELS)
    n = rng.choice([10, 12, 15, 20, 25, 30, 40, 50])
    rights = rng.sample(TRUE, rng.choice([2, 3]))
    wrong = [(t, mistake(rule, 0, msg)) for t, rule, msg in rng.sample(FALSE, 3)]
    return multichoice(
        rng,
        f"You fit the model $y = {model}$ to {n} measured points $(x_i, y_i \\pm \\sigma_i)$ by non-linear least "
        "squares, adjusting the parameters $\\mathbf{a}$. Which statements about $\\chi^2$ and this fit are true? "
        "Select all that apply.",
        rights,
        wrong,
        hints=[
            "χ² is a sum of squares divided by σ²: what does that say about its sign and size?",
            "At a minimum of a smooth function the gradient is zero.",
            "Steepest descent goes downhill, along minus the gradient.",
        ],
        solution="True: " + " ".join(rights),
    )


def _cubic_model(rng):
    """Like the course's a₁x³ − a₂x² + e^(−a₃x), with other powers and signs."""
    p, q = rng.choice([(3, 2), (2, 1), (4, 2), (3, 1), (4, 1), (5, 2), (4, 3)])
    sign = rng.choice([1, -1])
    tail = rng.choice([sp.exp(-a3 * x), sp.exp(a3 * x**2), sp.sin(a3 * x), sp.cos(a3 * x), sp.log(1 + a3 * x**2),
                       sp.exp(-a3 * x**2)])
    return a1 * x**p + sign * a2 * x**q + tail


def _gauss(rng):
    amp = rng.choice([1, 2, 3, 4, 5, sp.Rational(1, 2), sp.Rational(3, 2), sp.Rational(5, 2)])
    background = rng.choice([0, 0, 1, 2, 3])  # a constant background: its partial derivatives are 0
    return amp * sp.exp(-((x - mu) ** 2) / (rng.choice([1, 2]) * sigma**2)) + background


def _saturating(rng):
    k = rng.choice([1, 2, 3])
    c, m = rng.choice([1, 2, 3, 4, 5]), rng.choice([1, 1, 2, 3])
    return a1 * (c - sp.exp(-m * a2 * x**k))


def _chi2_gradient(rng):
    pts = sorted(rng.sample([1, 2, 3, 4], 2))
    ys = [coefficient(rng, 1, 3, signed=False) for _ in pts]
    model = a1 * (1 - sp.exp(-a2 * x**2))
    chi2 = sum(((y - model.subs(x, p)) ** 2 for p, y in zip(pts, ys, strict=True)), sp.Integer(0))
    data = ", ".join(f"$({p}, {y})$" for p, y in zip(pts, ys, strict=True))
    return [chi2], ["a1", "a2"], None, (
        f"The model $f(x) = {tex(model)}$ is fitted to the points {data} with $\\sigma = 1$, so "
        f"$\\chi^2 = {tex(chi2)}$. Find its gradient (Jacobian) with respect to the parameters, "
        "$[\\partial\\chi^2/\\partial a_1,\\ \\partial\\chi^2/\\partial a_2]$ (type a1, a2)"
    )


def _m(id_, title, skills, difficulty, kind="expression"):
    return {"id": id_, "title": title, "module": 6, "set": SET, "skills": skills, "difficulty": difficulty,
            "kind": kind}


def _model_prompt(name: str, params: str) -> str:
    """The prompt for ∂y/∂(name); `params` lists, as typed, only the parameters this model has."""
    return ("The model is $y(x; \\mathbf{{a}}) = {f}$. Find $\\dfrac{{\\partial y}}{{\\partial " + name
            + "}}$ (type the parameters as " + params + ").")


GENERATORS = [
    Generator(Meta("m6-chi2-statements", "True or false: χ²", 6, SET, ("chi-squared", "nonlinear-least-squares"), 1,
                   "multichoice"), _statements),
    derivative_generator(_m("m6-partial-a1", "∂y/∂a₁ of a model", ["partial-derivatives", "nonlinear-least-squares"], 1),
                         _cubic_model, var="a1", variables=["x", "a1", "a2", "a3"],
                         name=r"\frac{\partial y}{\partial a_1}", prompt=_model_prompt("a_1", "a1, a2, a3")),
    derivative_generator(_m("m6-partial-a3", "∂y/∂a₃ of a model", ["partial-derivatives", "nonlinear-least-squares"], 2),
                         _cubic_model, var="a3", variables=["x", "a1", "a2", "a3"],
                         name=r"\frac{\partial y}{\partial a_3}", prompt=_model_prompt("a_3", "a1, a2, a3")),
    derivative_generator(_m("m6-saturating-partial", "∂y/∂a₂ of a saturating model", ["partial-derivatives", "chain-rule"], 2),
                         _saturating, var="a2", variables=["x", "a1", "a2"],
                         name=r"\frac{\partial y}{\partial a_2}", prompt=_model_prompt("a_2", "a1, a2")),
    derivative_generator(_m("m6-gaussian-dmu", "∂f/∂μ of a Gaussian", ["partial-derivatives", "chain-rule"], 2),
                         _gauss, var="mu", variables=["x", "mu", "sigma"],
                         name=r"\frac{\partial y}{\partial \mu}", prompt=_model_prompt("\\mu", "mu, sigma")),
    derivative_generator(_m("m6-gaussian-dsigma", "∂f/∂σ of a Gaussian", ["partial-derivatives", "chain-rule"], 3),
                         _gauss, var="sigma", variables=["x", "mu", "sigma"],
                         name=r"\frac{\partial y}{\partial \sigma}", prompt=_model_prompt("\\sigma", "mu, sigma")),
    matrix_generator(_m("m6-chi2-gradient", "The gradient of χ² over the parameters", ["nonlinear-least-squares", "jacobian"], 3,
                        "vector"), _chi2_gradient),
]
