"""Set m3-s2 "Simple artificial neural networks": NOT with one neuron, forward passes, counting.

Wrong numbers come from named slips (forgetting the bias or the activation,
counting biases of the input layer, multiplying by Wᵀ, …), computed in code.
"""

from __future__ import annotations

import math

import sympy as sp

from mvcalc.exercises.bank._choices import choice
from mvcalc.exercises.bank._common import (
    distinct_numbers,
    mistake,
    nonzero,
    paren,
    question,
    rng_for,
    tex,
)
from mvcalc.exercises.model import Meta
from mvcalc.exercises.registry import Generator

SET = "m3-s2-neural-networks"
W_SYMBOL, B_SYMBOL = sp.symbols("w b")  # the weight and bias in hints' algebra


def _not_gate(seed: int):
    """NOT with one neuron, the inputs for false and true drawn (0 and 1 in the lesson)."""
    rng = rng_for("m3-nn-not-gate", seed)
    act = rng.choice(["\\tanh", "\\sigma"])
    fn = math.tanh if act == "\\tanh" else _sigma
    lo, d, m = rng.randint(-3, 2), rng.randint(1, 3), rng.randint(3, 5)
    hi = lo + d
    low = "-1" if act == "\\tanh" else "0"
    # σ: z = +md at false and −md at true; tanh: z = +md at false and exactly 0 at true
    w = -2 * m if act == "\\sigma" else -m
    b = m * d - w * lo

    def works(ww, bb) -> bool:
        return fn(ww * lo + bb) > 0.85 and abs(fn(ww * hi + bb)) < 0.15

    def outputs(ww, bb) -> str:
        return (f"input ${lo}$ gives ${act}({ww * lo + bb}) \\approx {fn(ww * lo + bb):.2f}$ and input ${hi}$ gives "
                f"${act}({ww * hi + bb}) \\approx {fn(ww * hi + bb):.2f}$")

    candidates = [
        ((-w, -b), "not_signs_swapped", "Flipping both signs is tempting when you only remember that NOT reverses "
                                        "things, but it copies the input instead"),
        ((w, 0), "not_no_bias", "A negative weight alone looks enough to reverse the input, but the bias is what "
                                "puts the switch between the two inputs"),
        ((0, b), "not_constant", "A large bias alone gets the false input right, but with w = 0 the output "
                                 "ignores the input"),
        ((w, -b), "not_bias_sign", "The weight is right, but the bias has the wrong sign"),
        ((-w, b), "not_weight_sign", "The bias is right, but a positive weight makes the output rise from the "
                                     "false input to the true one"),
    ]
    wrong = [(f"$w = {ww}$, $b = {bb}$", mistake(rule, 0, f"{why}: {outputs(ww, bb)}."))
             for (ww, bb), rule, why in candidates if not works(ww, bb)]
    return choice(
        rng,
        f"A one-neuron network $a^{{(1)}} = {act}(w\\,a^{{(0)}} + b)$ should act as NOT. Its input is ${lo}$ for "
        f"false and ${hi}$ for true: input ${lo}$ should give an output close to $1$, input ${hi}$ an output "
        "close to $0$. Which weight and bias do that?",
        f"$w = {w}$, $b = {b}$",
        wrong[:3],
        hints=[
            f"Try each input: what is $w a^{{(0)}} + b$ for $a^{{(0)}} = {lo}$ and for $a^{{(0)}} = {hi}$?",
            f"${act}(z)$ is close to 1 for large positive z and close to {low} for large negative z"
            + (" (and exactly 0 at z = 0)." if act == "\\tanh" else "."),
            f"For input ${lo}$ the weighted input $z = {sp.latex(lo * W_SYMBOL + B_SYMBOL, order='rev-lex')}$ must be large and positive.",
        ],
        solution=f"With $w = {w}$ and $b = {b}$: {outputs(w, b)}.",
    )


def _count(seed: int):
    rng = rng_for("m3-nn-count-parameters", seed)
    sizes = [rng.randint(2, 6) for _ in range(rng.choice([3, 3, 4]))]
    what = rng.choice(["weights", "biases", "parameters (weights and biases)"])
    weights = sum(a * b for a, b in zip(sizes, sizes[1:], strict=False))
    biases = sum(sizes[1:])
    answer = {"weights": weights, "biases": biases}.get(what, weights + biases)
    shape = "-".join(map(str, sizes))
    wrong = [
        mistake("biases_for_input_layer", answer + (sizes[0] if what != "weights" else 0) or -1,
                "The input layer has no biases: only neurons that compute have one."),
        mistake("neurons_not_connections", sum(sizes) if what == "weights" else sum(sizes),
                "Count connections, not neurons: each neuron of one layer connects to every neuron of the next."),
        mistake("first_to_last_only", sizes[0] * sizes[-1], "Every pair of neighbouring layers has its own weight matrix; add them up."),
        mistake("weights_only", weights, "You counted the weights only; add one bias per computing neuron."),
    ]
    return question(
        "number",
        f"A fully connected network has layers of sizes {shape} (input first). How many {what} does it have?",
        sp.Integer(answer),
        buggy=distinct_numbers(answer, wrong),
        hints=[
            "Between two neighbouring layers every neuron connects to every neuron.",
            "A layer of m neurons fed by n has an m×n weight matrix and m biases.",
            f"The first weight matrix is {sizes[1]}×{sizes[0]}.",
        ],
        solution=f"Weights: {' + '.join(f'{a}·{b}' for a, b in zip(sizes, sizes[1:], strict=False))} = {weights}; "
        f"biases: {' + '.join(map(str, sizes[1:]))} = {biases}.",
    )


def _sigma(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def _forward_neuron(seed: int):
    rng = rng_for("m3-nn-forward-neuron", seed)
    w, b = nonzero(rng, -3, 3), nonzero(rng, -2, 2)
    a0 = rng.choice([sp.Rational(1, 2), sp.Integer(1), sp.Integer(-1), sp.Rational(3, 2)])
    act = rng.choice(["sigma", "tanh"])
    fn = _sigma if act == "sigma" else math.tanh
    other = math.tanh if act == "sigma" else _sigma
    z = float(w * a0 + b)
    answer = round(fn(z), 4)
    name = "\\sigma" if act == "sigma" else "\\tanh"
    return question(
        "number",
        f"A neuron computes $a^{{(1)}} = {name}(w\\,a^{{(0)}} + b)$"
        + (r" with the logistic $\sigma(z) = 1/(1 + e^{-z})$" if act == "sigma" else "")
        + f". With $w = {w}$, $b = {b}$ and $a^{{(0)}} = {tex(a0)}$, find $a^{{(1)}}$ to within ±0.001.",
        sp.Float(answer),
        answer_text=f"{answer}",
        tolerance=0.001,
        buggy=distinct_numbers(answer, [
            mistake("activation_forgotten", z, "That is z = wa + b; apply the activation function to it."),
            mistake("bias_forgotten", round(fn(float(w * a0)), 4), "Add the bias b before applying the activation."),
            mistake("wrong_activation", round(other(z), 4), "You used the other activation function."),
        ], places=3, tolerance=0.001),
        hints=[
            "First the weighted input, then the activation.",
            f"$z = w a^{{(0)}} + b = {w}\\cdot {paren(a0)} + {paren(b)}$.",
            f"$z = {tex(w * a0 + b)}$; now compute ${name}(z)$.",
        ],
        solution=f"$z = {tex(w * a0 + b)}$ and $a^{{(1)}} = {name}({tex(w * a0 + b)}) \\approx {answer}$.",
    )


def _layer_z(seed: int):
    rng = rng_for("m3-nn-layer-weighted-input", seed)
    n_out, n_in = rng.choice([(2, 2), (2, 3), (3, 2)])
    W = sp.ImmutableMatrix(n_out, n_in, lambda i, j: nonzero(rng, -3, 3))
    a0 = sp.ImmutableMatrix(n_in, 1, lambda i, j: rng.randint(-2, 2))
    b = sp.ImmutableMatrix(n_out, 1, lambda i, j: nonzero(rng, -2, 2))
    z = sp.ImmutableMatrix(W * a0 + b)
    wrong = [mistake("bias_forgotten", sp.ImmutableMatrix(W * a0), "Add the bias vector b to Wa.")]
    if n_in == n_out:
        wrong.append(mistake("weights_transposed", sp.ImmutableMatrix(W.T * a0 + b),
                             "You multiplied by Wᵀ: row i of W holds the weights into neuron i."))
    from mvcalc.exercises.bank._common import distinct_mistakes

    return question(
        "vector",
        f"A layer has weights $W = {tex(W)}$ and biases $\\mathbf{{b}} = {tex(b)}$. For the input "
        f"$\\mathbf{{a}}^{{(0)}} = {tex(a0)}$, find the weighted input "
        "$\\mathbf{z}^{(1)} = W\\mathbf{a}^{(0)} + \\mathbf{b}$ as a vector $[z_1, z_2, \\dots]$.",
        z,
        buggy=distinct_mistakes(z, wrong, []),
        hints=[
            "Each entry of Wa is one row of W times the column a.",
            "$z_i = \\sum_j W_{ij} a_j + b_i$.",
            f"$z_1 = {' + '.join(f'({W[0, j]})({a0[j]})' for j in range(n_in))} + {paren(b[0])}$.",
        ],
        solution=f"$W\\mathbf{{a}} = {tex(sp.ImmutableMatrix(W * a0))}$, plus $\\mathbf{{b}}$: ${tex(z)}$.",
        input_help="a vector as [z1, z2]",
    )


def _which_a2(seed: int):
    rng = rng_for("m3-nn-which-expression", seed)
    act = rng.choice(["\\sigma", "\\tanh"])
    sizes = [rng.randint(2, 5) for _ in range(3)]

    def a(expr):
        return f"${act}\\left({expr}\\right)$"

    right = a(f"W^{{(2)}}{act}\\left(W^{{(1)}}\\mathbf{{a}}^{{(0)}} + \\mathbf{{b}}^{{(1)}}\\right) + \\mathbf{{b}}^{{(2)}}")
    return choice(
        rng,
        f"A network with layers of sizes {'-'.join(map(str, sizes))} uses the activation ${act}$ in every "
        "layer. Which expression gives its output $\\mathbf{a}^{(2)}$?",
        right,
        [
            (a("W^{(2)}W^{(1)}\\mathbf{a}^{(0)} + \\mathbf{b}^{(2)}"), mistake(
                "hidden_activation_skipped", 0, "The hidden layer applies its activation too: a⁽¹⁾ = σ(W⁽¹⁾a⁽⁰⁾ + b⁽¹⁾) feeds layer 2.")),
            (a(f"W^{{(1)}}{act}\\left(W^{{(2)}}\\mathbf{{a}}^{{(0)}} + \\mathbf{{b}}^{{(2)}}\\right) + \\mathbf{{b}}^{{(1)}}"), mistake(
                "layers_reversed", 0, "The input goes through layer 1 first: W⁽¹⁾ acts on a⁽⁰⁾.")),
            (f"$W^{{(2)}}{act}\\left(W^{{(1)}}\\mathbf{{a}}^{{(0)}} + \\mathbf{{b}}^{{(1)}}\\right) + \\mathbf{{b}}^{{(2)}}$", mistake(
                "output_activation_skipped", 0, "The output layer applies the activation as well.")),
        ],
        hints=[
            "Work layer by layer: first compute $\\mathbf{a}^{(1)}$ from $\\mathbf{a}^{(0)}$.",
            f"Each layer computes $\\mathbf{{a}}^{{(L)}} = {act}(W^{{(L)}}\\mathbf{{a}}^{{(L-1)}} + \\mathbf{{b}}^{{(L)}})$.",
            f"$\\mathbf{{a}}^{{(1)}} = {act}(W^{{(1)}}\\mathbf{{a}}^{{(0)}} + \\mathbf{{b}}^{{(1)}})$; substitute it into layer 2.",
        ],
        solution=f"$\\mathbf{{a}}^{{(2)}} = {right[1:-1]}$.",
    )


GENERATORS = [
    Generator(Meta("m3-nn-not-gate", "A one-neuron NOT gate", 3, SET, ("neural-networks",), 1, "choice"), _not_gate),
    Generator(Meta("m3-nn-forward-neuron", "One neuron's output", 3, SET, ("neural-networks",), 1, "number"), _forward_neuron),
    Generator(Meta("m3-nn-count-parameters", "Counting weights and biases", 3, SET, ("neural-networks",), 1, "number"), _count),
    Generator(Meta("m3-nn-layer-weighted-input", "A layer's weighted input Wa + b", 3, SET,
                   ("neural-networks", "matrix-products"), 2, "vector"), _layer_z),
    Generator(Meta("m3-nn-which-expression", "The expression for a network's output", 3, SET,
                   ("neural-networks",), 2, "choice"), _which_a2),
]
