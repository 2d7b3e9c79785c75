"""Set m3-s3 "Training neural networks": cost, its partial derivatives (backpropagation)."""

from __future__ import annotations

import math

import sympy as sp

from mvcalc.exercises.bank._choices import choice, multichoice
from mvcalc.exercises.bank._common import (
    distinct_numbers,
    mistake,
    nonzero,
    question,
    rng_for,
    symbols,
    tex,
)
from mvcalc.exercises.bank._derivative import derivative_generator
from mvcalc.exercises.bank._matrix import flist, matrix_generator
from mvcalc.exercises.model import Meta
from mvcalc.exercises.registry import Generator

SET = "m3-s3-training-networks"
w, b, x, y = symbols("w b x y")


def _cost_not(seed: int):
    rng = rng_for("m3-cost-not-gate", seed)
    wv, bv = rng.randint(-6, -1), rng.randint(1, 6)
    outs = [math.tanh(wv * a0 + bv) for a0 in (0, 1)]
    targets = [1, 0]
    errs = [o - t for o, t in zip(outs, targets, strict=True)]
    cost = sum(e * e for e in errs)
    answer = round(cost, 4)
    return question(
        "number",
        f"The NOT network $a^{{(1)}} = \\tanh(w\\,a^{{(0)}} + b)$ has $w = {wv}$ and $b = {bv}$. The training "
        "data are the input $0$ with target $1$ and the input $1$ with target $0$. Find the cost "
        "$C = \\sum (a^{(1)} - y)^2$ over both examples, to within ±0.001.",
        sp.Float(answer),
        answer_text=str(answer),
        tolerance=0.001,
        buggy=distinct_numbers(answer, [
            mistake("cost_not_squared", round(sum(errs), 4), "Square each error before adding: negative and positive errors must not cancel."),
            mistake("cost_mean", round(cost / 2, 4), "The cost here is the sum over the examples, not the mean."),
            mistake("cost_one_example", round(errs[0] ** 2, 4), "Add the cost of both examples."),
        ], places=3, tolerance=0.001),
        hints=[
            "Run each input through the network first.",
            "For each example, square the difference between output and target; then add.",
            f"For input 0 the output is $\\tanh({bv}) \\approx {outs[0]:.4f}$.",
        ],
        solution=(
            f"Outputs: $\\tanh({bv}) \\approx {outs[0]:.4f}$ and $\\tanh({wv + bv}) \\approx {outs[1]:.4f}$; "
            f"$C = ({outs[0]:.4f} - 1)^2 + ({outs[1]:.4f})^2 \\approx {answer}$."
        ),
    )


def _cost_function(rng):
    a0 = rng.choice([-3, -2, -1, 1, 2, 3, sp.Rational(1, 2), sp.Rational(-1, 2)])
    target = rng.choice([0, 1])
    act = rng.choice([sp.tanh, lambda z: 1 / (1 + sp.exp(-z))])
    return (act(w * a0 + b) - target) ** 2


def _which_partials(seed: int):
    rng = rng_for("m3-which-cost-partials", seed)
    act = rng.choice(["\\sigma", "\\tanh"])
    half = rng.random() < 0.5  # C = ½(a − y)²: the 2 from the square cancels
    k, cost = ("", "\\tfrac12(a^{(1)} - y)^2") if half else ("2", "(a^{(1)} - y)^2")
    one = "\\tfrac12 \\cdot 2"  # what ½ times the 2 from the square leaves
    a0, y0 = rng.choice([-2, -1, 1, 2, 3, sp.Rational(1, 2)]), rng.choice([0, 1])
    rights = [
        f"$\\dfrac{{\\partial C}}{{\\partial w}} = {k}(a^{{(1)}} - y)\\,{act}'(z)\\,a^{{(0)}}$",
        f"$\\dfrac{{\\partial C}}{{\\partial b}} = {k}(a^{{(1)}} - y)\\,{act}'(z)$",
        "$\\dfrac{\\partial z}{\\partial b} = 1$",
    ]
    wrong = [
        (f"$\\dfrac{{\\partial C}}{{\\partial b}} = {k}(a^{{(1)}} - y)\\,{act}'(z)\\,a^{{(0)}}$", mistake(
            "bias_times_input", 0, "∂z/∂b = 1, not a⁽⁰⁾: the bias is added, not multiplied by the input.")),
        (f"$\\dfrac{{\\partial C}}{{\\partial w}} = {k}(a^{{(1)}} - y)\\,{act}'(z)$", mistake(
            "weight_factor_missing", 0, "∂z/∂w = a⁽⁰⁾: the weight multiplies the input, so the input appears in ∂C/∂w.")),
        (f"$\\dfrac{{\\partial C}}{{\\partial w}} = {cost}\\,{act}'(z)\\,a^{{(0)}}$", mistake(
            "square_not_differentiated", 0, f"∂C/∂a = {k or '½·2'}(a − y): the cost itself is not its derivative; "
            "differentiate the square as well.")),
        (f"$\\dfrac{{\\partial C}}{{\\partial w}} = {k}(a^{{(1)}} - y)\\,a^{{(0)}}$", mistake(
            "activation_derivative_missing", 0, "The chain passes through the activation: multiply by σ′(z).")),
    ]
    return multichoice(
        rng,
        f"A neuron computes $z = w\\,a^{{(0)}} + b$, $a^{{(1)}} = {act}(z)$, and the cost of one example "
        f"(input $a^{{(0)}} = {tex(a0)}$, target $y = {y0}$) is $C = {cost}$. Which statements are right? "
        "Select all that apply.",
        rng.sample(rights, rng.choice([2, 3])),
        rng.sample(wrong, 3),
        hints=[
            "Chain rule: $\\dfrac{\\partial C}{\\partial w} = \\dfrac{\\partial C}{\\partial a}\\dfrac{\\partial a}{\\partial z}\\dfrac{\\partial z}{\\partial w}$.",
            f"$\\partial C/\\partial a = {k or one}(a - y)$, $\\partial a/\\partial z = {act}'(z)$.",
            "$\\partial z/\\partial w = a^{(0)}$ and $\\partial z/\\partial b = 1$.",
        ],
        solution=(
            f"$\\dfrac{{\\partial C}}{{\\partial w}} = {k}(a - y){act}'(z)a^{{(0)}}$ and "
            f"$\\dfrac{{\\partial C}}{{\\partial b}} = {k}(a - y){act}'(z)\\cdot 1$."
        ),
    )


def _descent_direction(seed: int):
    rng = rng_for("m3-cost-descent-direction", seed)
    p, q = nonzero(rng, -3, 3), nonzero(rng, -3, 3)
    k = rng.randint(2, 4)
    w0, b0 = p + nonzero(rng, -2, 2), q + nonzero(rng, -2, 2)
    gw, gb = 2 * (w0 - p), 2 * k * (b0 - q)

    def vec(a, c):
        return f"$\\left[{a},\\ {c}\\right]$"

    return choice(
        rng,
        f"The cost over the weight and bias is $C(w, b) = ({tex(w - p)})^2 + {k}({tex(b - q)})^2$; its contour map "
        f"is a set of ellipses around $({p}, {q})$. From $(w, b) = ({w0}, {b0})$, in which direction does "
        "the cost fall fastest?",
        vec(-gw, -gb),
        [
            (vec(gw, gb), mistake("uphill", 0, "That is the gradient itself: it points uphill. Go the opposite way, −∇C.")),
            (vec(-gb, -gw), mistake("partials_swapped", 0, "The first component is ∂C/∂w, the second ∂C/∂b.")),
            (vec(p - w0, q - b0), mistake("straight_to_minimum", 0,
             "Pointing straight at the centre is not steepest when the contours are ellipses: use −∇C.")),
        ],
        hints=[
            "The gradient points uphill, across the contours.",
            "$\\nabla C = [\\partial C/\\partial w,\\ \\partial C/\\partial b]$; go along $-\\nabla C$.",
            f"$\\partial C/\\partial w = 2({tex(w - p)})$, which is ${gw}$ here.",
        ],
        solution=f"$\\nabla C = [{gw}, {gb}]$, so the steepest descent direction is $[{-gw}, {-gb}]$.",
    )


def _neuron_input(rng):
    """w₁x + w₂y + b with no minus sign SymPy would pull out of tanh (tanh(−z) → −tanh z), so the
    prompt shows tanh(z) with z = Wa + b, the form the question talks about."""
    while True:
        z = nonzero(rng, -3, 3) * x + nonzero(rng, -3, 3) * y + nonzero(rng, -2, 2)
        if not z.could_extract_minus_sign():
            return z


def _layer(rng):
    funcs = [sp.tanh(_neuron_input(rng)) for _ in range(2)]
    return funcs, ["x", "y"], None, (
        f"A layer maps $\\mathbf{{a}}^{{(0)}} = [x, y]$ to ${flist(funcs, ['a_1', 'a_2'])}$. Find "
        "$\\partial \\mathbf{a}^{(1)}/\\partial \\mathbf{a}^{(0)}$, the $2\\times 2$ Jacobian "
        "(it equals $\\tanh'(\\mathbf{z})$ times $W$, row by row)"
    ), ["a1", "a2"]


def _meta(id_, title, skills, difficulty, kind="expression"):
    return {"id": id_, "title": title, "module": 3, "set": SET, "skills": skills, "difficulty": difficulty,
            "kind": kind}


GENERATORS = [
    Generator(Meta("m3-cost-not-gate", "The cost of the NOT network", 3, SET, ("neural-networks", "cost-functions"), 1, "number"), _cost_not),
    Generator(Meta("m3-which-cost-partials", "Which partial derivatives are right?", 3, SET,
                   ("backpropagation", "multivariate-chain-rule"), 2, "multichoice"), _which_partials),
    Generator(Meta("m3-cost-descent-direction", "Reading the cost over (w, b)", 3, SET,
                   ("cost-functions", "gradient"), 2, "choice"), _descent_direction),
    derivative_generator(_meta("m3-cost-dC-db", "∂C/∂b for one neuron", ["backpropagation"], 2), _cost_function,
                         var="b", variables=["w", "b"], name=r"\frac{\partial C}{\partial b}",
                         prompt="The cost of one example is $C(w, b) = {f}$. Find $\\dfrac{{\\partial C}}{{\\partial b}}$."),
    derivative_generator(_meta("m3-cost-dC-dw", "∂C/∂w for one neuron", ["backpropagation"], 2), _cost_function,
                         var="w", variables=["w", "b"], name=r"\frac{\partial C}{\partial w}",
                         prompt="The cost of one example is $C(w, b) = {f}$. Find $\\dfrac{{\\partial C}}{{\\partial w}}$."),
    matrix_generator(_meta("m3-layer-jacobian", "∂a⁽¹⁾/∂a⁽⁰⁾ of a tanh layer", ["backpropagation", "jacobian-matrix"], 3,
                           "matrix"), _layer),
]
