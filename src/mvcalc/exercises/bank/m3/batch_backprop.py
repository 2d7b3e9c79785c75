"""Set m3-s4 "Backpropagation over a batch": the averaged Jacobians of the backprop assignment.

Examples are the columns of a batch (as in `mvcalc assignment start backprop`): for a
layer z = W a + b over m examples with cost C = (1/m) Σ_k C_k, the matrix Δ whose
column k is ∂C_k/∂z gives ∂C/∂W = Δ Aᵀ / m and ∂C/∂b = Δ 1 / m. Answers are exact
(SymPy matrices of rationals); the tests recompute them with NumPy, one example at a time.
"""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._choices import choice
from mvcalc.exercises.bank._common import (
    distinct_mistakes,
    mistake,
    question,
    rng_for,
    tex,
)
from mvcalc.exercises.bank._decimals import decimal_matrix as dec_matrix
from mvcalc.exercises.model import Meta
from mvcalc.exercises.registry import Generator

SET = "m3-s4-batch-backpropagation"
ACTIVATIONS = [sp.Rational(v) for v in ("0.2", "0.4", "0.5", "0.6", "0.8")]
INPUTS = [sp.Rational(v) for v in ("0", "0.5", "1", "2", "-1", "1.5")]


def _random(rng, rows: int, cols: int, values) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(rows, cols, [rng.choice(values) for _ in range(rows * cols)])


def _batch(rng, n_in_choices=(1, 2, 3)):
    n_out, n_in, m = rng.choice([1, 2, 3]), rng.choice(n_in_choices), rng.choice([2, 3, 4])
    deltas = _random(rng, n_out, m, [v for v in range(-4, 5) if v])
    inputs = _random(rng, n_in, m, INPUTS)
    return n_out, n_in, m, deltas, inputs


SETUP = (
    "A layer computes $\\mathbf{{z}} = W\\mathbf{{a}} + \\mathbf{{b}}$ for each of $m = {m}$ examples, and the cost is the "
    "average $C = \\frac{{1}}{{m}}\\sum_k C_k$ of the examples' costs. The columns of $A$ are the layer's inputs "
    "$\\mathbf{{a}}_k$, and the columns of $\\Delta$ are $\\partial C_k/\\partial \\mathbf{{z}}_k$, example by example:\n\n"
    "$$A = {A}, \\qquad \\Delta = {D}.$$"
)


def _weights(seed: int):
    rng = rng_for("m3-batch-dC-dW", seed)
    while True:
        n_out, n_in, m, deltas, inputs = _batch(rng)
        if n_out * n_in > 1 and any(inputs):
            break
    total = deltas * inputs.T
    answer = sp.ImmutableMatrix(total / m)
    first = sp.ImmutableMatrix(deltas[:, 0] * inputs[:, 0].T)
    wrong = [
        mistake("batch_not_averaged", sp.ImmutableMatrix(total),
                f"That is the sum over the examples; the cost is their average, so divide by $m = {m}$."),
        mistake("batch_first_example_only", first,
                "That is the first example's contribution only: add every example's $\\delta_k \\mathbf{a}_k^T$, then average."),
    ]
    if n_out > 1 and n_in > 1:  # with a single row or column the reversed product is the same vector
        wrong.append(mistake(
            "batch_product_reversed", sp.ImmutableMatrix(inputs * deltas.T / m),
            "$\\partial C/\\partial W$ has the shape of $W$ (one row per neuron): it is $\\Delta A^T / m$, not $A \\Delta^T / m$."))
    return question(
        "matrix",
        SETUP.format(m=m, A=dec_matrix(inputs), D=dec_matrix(deltas))
        + f"\n\nFind $\\dfrac{{\\partial C}}{{\\partial W}}$ (a ${n_out} \\times {n_in}$ matrix, the shape of $W$).",
        answer,
        buggy=distinct_mistakes(answer, wrong, []),
        hints=[
            "For one example, $\\partial C_k/\\partial W = \\delta_k\\, \\mathbf{a}_k^T$: row $i$, column $j$ is "
            "$\\delta_{k,i}\\, a_{k,j}$, since $\\partial z_i/\\partial W_{ij} = a_j$.",
            "Average over the examples: $\\dfrac{\\partial C}{\\partial W} = \\dfrac{1}{m}\\sum_k \\delta_k \\mathbf{a}_k^T "
            "= \\dfrac{1}{m}\\Delta A^T$.",
            f"$\\Delta A^T = {tex(total)}$.",
        ],
        solution=f"$\\dfrac{{\\partial C}}{{\\partial W}} = \\dfrac{{1}}{{{m}}}\\Delta A^T = \\dfrac{{1}}{{{m}}}{tex(total)} "
        f"= {tex(answer)}$. In NumPy: `J = Delta @ A.T / m`.",
        data={"deltas": [[str(v) for v in deltas.row(i)] for i in range(n_out)],
              "inputs": [[str(v) for v in inputs.row(i)] for i in range(n_in)]},
        input_help="a matrix row by row: [[a, b], [c, d]]",
    )


def _biases(seed: int):
    rng = rng_for("m3-batch-dC-db", seed)
    while True:
        n_out, n_in, m = rng.choice([2, 3]), rng.choice([1, 1, 2]), rng.choice([2, 3, 4])
        deltas = _random(rng, n_out, m, [v for v in range(-4, 5) if v])
        inputs = _random(rng, n_in, m, INPUTS)
        if any(inputs):
            break
    ones = sp.ImmutableMatrix([1] * m)
    total = deltas * ones
    answer = sp.ImmutableMatrix(total / m)
    wrong = [
        mistake("batch_not_averaged", sp.ImmutableMatrix(total),
                f"That is the sum over the examples; the cost is their average, so divide by $m = {m}$."),
        mistake("batch_first_example_only", sp.ImmutableMatrix(deltas[:, 0]),
                "That is the first example's $\\delta_1$ only: average the columns of $\\Delta$."),
    ]
    if n_in == 1:
        wrong.append(mistake("bias_times_input", sp.ImmutableMatrix(deltas * inputs.T / m),
                             "$\\partial z/\\partial b = 1$, not the input: the bias is added, so average $\\Delta$'s columns "
                             "without multiplying by $A$."))
    if m != n_out:
        wrong.append(mistake("batch_wrong_axis", sp.ImmutableMatrix(sp.ones(1, n_out) * deltas / m),
                             "That sums each column (over the neurons); sum each row (over the examples), then divide by $m$: "
                             "`np.sum(Delta, axis=1, keepdims=True) / m`."))
    return question(
        "vector",
        SETUP.format(m=m, A=dec_matrix(inputs), D=dec_matrix(deltas))
        + f"\n\nFind $\\dfrac{{\\partial C}}{{\\partial \\mathbf{{b}}}}$, a column of ${n_out}$ entries (the shape of $\\mathbf{{b}}$).",
        answer,
        buggy=distinct_mistakes(answer, wrong, []),
        hints=[
            "Compare with $\\partial C/\\partial W$: which factor of the chain rule changes for the bias?",
            "$\\partial \\mathbf{z}/\\partial \\mathbf{b} = 1$, so for one example $\\partial C_k/\\partial \\mathbf{b} = \\delta_k$.",
            "Average over the examples: $\\dfrac{1}{m}\\sum_k \\delta_k$, the mean of $\\Delta$'s columns.",
        ],
        solution=f"$\\dfrac{{\\partial C}}{{\\partial \\mathbf{{b}}}} = \\dfrac{{1}}{{{m}}}\\sum_k \\delta_k = "
        f"\\dfrac{{1}}{{{m}}}{tex(total)} = {tex(answer)}$; $A$ is not needed. "
        "In NumPy: `np.sum(Delta, axis=1, keepdims=True) / m`.",
        data={"deltas": [[str(v) for v in deltas.row(i)] for i in range(n_out)],
              "inputs": [[str(v) for v in inputs.row(i)] for i in range(n_in)]},
        input_help="a column as [a, b] or [[a], [b]]",
    )


def _deltas(seed: int):
    rng = rng_for("m3-batch-delta", seed)
    n_out, m = rng.choice([1, 2, 2, 3]), rng.choice([2, 3])
    if n_out * m == 2:
        m = 3
    outputs = _random(rng, n_out, m, ACTIVATIONS)
    targets = _random(rng, n_out, m, [0, 1])
    slope = outputs.applyfunc(lambda a: a * (1 - a))
    error = 2 * (outputs - targets)
    answer = sp.ImmutableMatrix(error.multiply_elementwise(slope))
    wrong = [
        mistake("delta_no_two", sp.ImmutableMatrix((outputs - targets).multiply_elementwise(slope)),
                "$\\partial C_k/\\partial \\mathbf{a} = 2(\\mathbf{a} - \\mathbf{y})$: keep the 2 from differentiating the square."),
        mistake("delta_sign", sp.ImmutableMatrix(-answer),
                "Differentiate $(a - y)^2$ in $a$: $2(a - y)$, not $2(y - a)$."),
        mistake("activation_derivative_missing", sp.ImmutableMatrix(error),
                "The chain passes through the activation: multiply by $\\sigma'(z) = a(1 - a)$, entry by entry."),
        mistake("delta_averaged_early", sp.ImmutableMatrix(answer / m),
                "$\\Delta$ holds each example's own derivative; the average over the batch comes later, in $\\partial C/\\partial W$."),
    ]
    return question(
        "matrix",
        f"The output layer of a network uses the logistic function, $\\mathbf{{a}} = \\sigma(\\mathbf{{z}})$, so "
        f"$\\sigma'(z) = a(1 - a)$. Over a batch of $m = {m}$ examples (the columns) its outputs and targets are\n\n"
        f"$$A = {dec_matrix(outputs)}, \\qquad Y = {dec_matrix(targets)},$$\n\nand example $k$ costs "
        "$C_k = |\\mathbf{a}_k - \\mathbf{y}_k|^2$. Find $\\Delta$, the matrix whose column $k$ is "
        f"$\\partial C_k/\\partial \\mathbf{{z}}_k$ (${n_out} \\times {m}$).",
        answer,
        buggy=distinct_mistakes(answer, wrong, []),
        hints=[
            "Chain rule, example by example: $\\dfrac{\\partial C_k}{\\partial \\mathbf{z}} = "
            "\\dfrac{\\partial C_k}{\\partial \\mathbf{a}} \\odot \\sigma'(\\mathbf{z})$.",
            "$\\partial C_k/\\partial \\mathbf{a} = 2(\\mathbf{a} - \\mathbf{y})$ and $\\sigma'(z) = a(1 - a)$.",
            "Work entry by entry: $\\Delta_{ik} = 2(a_{ik} - y_{ik})\\, a_{ik}(1 - a_{ik})$ (a product of entries, not a matrix product).",
        ],
        solution=f"$2(A - Y) = {dec_matrix(error)}$ and $A \\odot (1 - A) = {dec_matrix(slope)}$; multiplying entry by "
        f"entry, $\\Delta = {dec_matrix(answer)}$. In NumPy: `Delta = 2 * (A - Y) * A * (1 - A)`.",
        data={"outputs": [[str(v) for v in outputs.row(i)] for i in range(n_out)],
              "targets": [[str(v) for v in targets.row(i)] for i in range(n_out)]},
        input_help="a matrix row by row: [[a, b], [c, d]]",
    )


OBJECTS = {
    "dW": "$\\partial C/\\partial W$, averaged over the batch",
    "db": "$\\partial C/\\partial \\mathbf{b}$, averaged over the batch",
    "delta": "$\\Delta$, whose column $k$ is $\\partial C_k/\\partial \\mathbf{z}_k$",
    "A": "$A$, whose column $k$ is the input $\\mathbf{a}_k$ that example $k$ feeds to this layer",
}


def _shape(r: int, c: int) -> str:
    return f"${r} \\times {c}$"


def _shapes(seed: int):
    rng = rng_for("m3-batch-shapes", seed)
    n_in, n_out = rng.sample(range(2, 10), 2)
    m = rng.choice([16, 20, 32, 50, 64, 100, 128])
    what = rng.choice(list(OBJECTS))
    if what == "dW":
        right = _shape(n_out, n_in)
        wrong = [
            (_shape(n_in, n_out), mistake("shape_transposed", 0, "Row $i$ of $W$ feeds neuron $i$: $W$, and so $\\partial C/\\partial W$, has one row per neuron.")),
            (_shape(n_out, m), mistake("batch_shape_examples_kept", 0, "The average over the examples removes the batch dimension: $\\Delta A^T/m$ has the shape of $W$.")),
            (f"${n_out} \\times {n_in} \\times {m}$", mistake("batch_shape_not_averaged", 0, "Each example gives a matrix of $W$'s shape; averaging them gives one.")),
        ]
    elif what == "db":
        right = _shape(n_out, 1)
        wrong = [
            (_shape(n_out, m), mistake("batch_shape_examples_kept", 0, "Averaging over the examples leaves one column, the shape of $\\mathbf{b}$.")),
            (_shape(n_out, n_in), mistake("bias_shape_as_weight", 0, "There is one bias per neuron, not one per connection: $\\partial C/\\partial \\mathbf{b}$ has the shape of $\\mathbf{b}$.")),
            (_shape(1, n_out), mistake("shape_transposed", 0, "$\\mathbf{b}$ is a column with one entry per neuron, and so is its derivative here.")),
        ]
    elif what == "delta":
        right = _shape(n_out, m)
        wrong = [
            (_shape(m, n_out), mistake("shape_transposed", 0, "Examples are the columns: one row per neuron, one column per example.")),
            (_shape(n_out, 1), mistake("batch_shape_averaged_too_soon", 0, "$\\Delta$ keeps one column per example; the average comes later.")),
            (_shape(n_out, n_in), mistake("delta_as_weight", 0, "$\\Delta$ is a derivative with respect to $\\mathbf{z}$ (one entry per neuron), for each example; it is not $\\partial C/\\partial W$.")),
        ]
    else:
        right = _shape(n_in, m)
        wrong = [
            (_shape(m, n_in), mistake("shape_transposed", 0, "Examples are the columns: one row per input, one column per example.")),
            (_shape(n_out, m), mistake("shape_wrong_layer", 0, f"These are the layer's inputs ({n_in} of them per example), not its outputs.")),
            (_shape(n_in, 1), mistake("batch_shape_averaged_too_soon", 0, "The batch keeps every example: one column each.")),
        ]
    return choice(
        rng,
        f"A layer takes {n_in} inputs and has {n_out} neurons, so $W$ is ${n_out} \\times {n_in}$ and $\\mathbf{{b}}$ is "
        f"${n_out} \\times 1$. It is trained on batches of $m = {m}$ examples, stored as columns. What is the shape of "
        f"{OBJECTS[what]}?",
        right,
        wrong,
        hints=[
            "Examples are columns: anything per example has $m$ columns.",
            "A derivative of the (scalar) cost with respect to a parameter has that parameter's shape.",
            "$\\partial C/\\partial W = \\Delta A^T/m$: the product sums over the examples.",
        ],
        solution=f"{OBJECTS[what][0].upper()}{OBJECTS[what][1:]} is {right}: $W$ is ${n_out} \\times {n_in}$, "
        f"$\\mathbf{{b}}$ and each $\\delta_k$ are ${n_out} \\times 1$, each input is ${n_in} \\times 1$; "
        f"$\\Delta$ is ${n_out} \\times {m}$, $A$ is ${n_in} \\times {m}$, and $\\Delta A^T / m$ is ${n_out} \\times {n_in}$.",
        data={"n_in": n_in, "n_out": n_out, "m": m, "object": what},
    )


def _meta(id_, title, skills, difficulty, kind):
    return Meta(id_, title, 3, SET, tuple(skills), difficulty, kind)


GENERATORS = [
    Generator(_meta("m3-batch-shapes", "Shapes over a batch", ["backpropagation", "batches"], 1, "choice"), _shapes),
    Generator(_meta("m3-batch-delta", "Δ for a batch", ["backpropagation", "batches"], 2, "matrix"), _deltas),
    Generator(_meta("m3-batch-dC-dW", "∂C/∂W averaged over a batch", ["backpropagation", "batches"], 2, "matrix"),
              _weights),
    Generator(_meta("m3-batch-dC-db", "∂C/∂b averaged over a batch", ["backpropagation", "batches"], 2, "vector"),
              _biases),
]
