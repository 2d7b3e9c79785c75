"""Set m3-s2 "Simple artificial neural networks": NOT with one neuron, forward passes, counting.

Wrong numbers come from named slips (forgetting the bias or the activation,
counting biases of the input layer, multiplying by Wᵀ, …), computed in code.
"""

from __future__ import annotations

import math

import sympy as sp

from mvcalc.exercises.bank._choices import choice
from mvcalc.exercises.bank._common import distinct_numbers, mistake, nonzero, question, rng_for, tex
from mvcalc.exercises.model import Meta
from mvcalc.exercises.registry import Generator

SET = "m3-s2-neural-networks"


def _not_gate(seed: int):
    rng = rng_for("m3-nn-not-gate", seed)
    big = rng.randint(3, 9)
    act = rng.choice(["\\tanh", "\\sigma"])
    low = "-1" if act == "\\tanh" else "0"
    return choice(
        rng,
        f"A one-neuron network $a^{{(1)}} = {act}(w\\,a^{{(0)}} + b)$ should act as NOT: input $0$ gives "
        f"output close to $1$, input $1$ gives output close to {'$0$' if act == chr(92) + 'tanh' else '$0$'}. "
        "Which weight and bias do that?",
        f"$w = {-2 * big if act == chr(92) + 'sigma' else -big}$, $b = {big}$",
        [
            (f"$w = {big}$, $b = {-big}$", mistake(
                "not_signs_swapped", 0, "With these signs input 0 gives a low output and input 1 a high one: that copies the input.")),
            (f"$w = {-big}$, $b = 0$", mistake(
                "not_no_bias", 0, f"Input $0$ gives ${act}(0)$, not close to 1: the bias must push the output up when the input is 0.")),
            (f"$w = 0$, $b = {big}$", mistake(
                "not_constant", 0, "With w = 0 the output does not depend on the input: always close to 1.")),
        ],
        hints=[
            "Try each input: what is $wa^{(0)} + b$ for $a^{(0)} = 0$ and for $a^{(0)} = 1$?",
            f"${act}(z)$ is close to 1 for large positive z and close to {low} for large negative z"
            + (" (and exactly 0 at z = 0)." if act == "\\tanh" else "."),
            f"For input 0 the output is ${act}(b)$, so b must be large and positive.",
        ],
        solution=(
            f"Input 0: $z = b$, large, so the output is near 1. Input 1: $z = w + b$, which must be "
            f"{'0 for tanh' if act == chr(92) + 'tanh' else 'large and negative for σ'}."
        ),
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
            f"$z = w a^{{(0)}} + b = {w}\\cdot {tex(a0)} + ({b})$.",
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
            f"$z_1 = {' + '.join(f'({W[0, j]})({a0[j]})' for j in range(n_in))} + ({b[0]})$.",
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
