"""The Backpropagation assignment: the reference passes; each typical mistake fails with its message."""

from __future__ import annotations

import ast
import re
from importlib import resources

import numpy as np
import pytest

from mvcalc.assignments import check_file, get
from mvcalc.assignments.backprop import network
from mvcalc.assignments.backprop.checks import BATCH
from mvcalc.math import autodiff as ad

from .helpers import FAST, edit_function, reference_text

REFERENCE = reference_text("backprop")
REFERENCE_PATH = resources.files("mvcalc.assignments.backprop").joinpath("reference.py")

# name: (function, old text, new text, regex the function's message must match)
VARIANTS = {
    "missing_sigma_prime_z1": ("J_W1", "    J = J * d_sigma(z1)\n    J = J @ a0.T", "    J = J @ a0.T",
                               r"J_W1 .*has shape \(6, 1\), expected \(6, 1\); entries differ from the true "
                               r"Jacobian by up to [0-9.e-]+; the pattern matches a missing σ′\(z1\) factor"),
    "wrong_transpose": ("J_W1", "J = J @ a0.T / x.size", "J = a0 @ J.T / x.size",
                        r"has shape \(1, 6\), expected \(6, 1\); its entries are right but transposed"),
    "forgot_average": ("J_b3", "J = np.sum(J, axis=1, keepdims=True) / x.size",
                       "J = np.sum(J, axis=1, keepdims=True)", r"without dividing by N"),
    "wrong_layer_activation": ("J_W1", "J = J @ a0.T / x.size", "J = J @ a1.T / x.size",
                               r"has shape \(6, 6\), expected \(6, 1\).*a1ᵀ, the output of layer 1"),
    "sigma_not_derivative": ("J_b2", "J = J * d_sigma(z2)", "J = J * sigma(z2)",
                             r"σ\(z2\) where σ′\(z2\) belongs"),
    "weights_factor_in_bias": ("J_b1", "J = np.sum(J, axis=1, keepdims=True) / x.size",
                               "J = J @ a0.T / x.size", r"multiplying by a0ᵀ as in J_W1"),
    "wrong_shape": ("J_b2", "J = np.sum(J, axis=1, keepdims=True) / x.size",
                    "J = np.sum(J, axis=1) / x.size", r"has shape \(7,\), expected \(7, 1\); its entries are "
                                                      r"right but arranged in the wrong shape"),
    "raises": ("J_b1", "    J = W2.T @ J\n", "    J = W2.T @ K\n",
               r"J_b1 raised NameError: name 'K' is not defined \(line \d+: `J = W2.T @ K`\)"),
    "infinite_loop": ("J_b2", "    J = W3.T @ J\n", "    J = W3.T @ J\n    while True:\n        pass\n",
                      r"did not finish within 3 s"),
    "ten_gigabytes": ("J_b3", "    J = 2 * (a3 - y)\n", "    J = 2 * (a3 - y) + np.zeros((40000, 40000))[0, 0]\n",
                      r"MemoryError.*more memory than the checker allows"),
    "fork_bomb": ("J_b1", "    J = 2 * (a3 - y)\n",
                  "    import os\n    while True:\n        os.fork()\n    J = 2 * (a3 - y)\n",
                  r"start a new process"),
    "reads_reference": ("J_W1", "    J = 2 * (a3 - y)\n",
                        f"    open({str(REFERENCE_PATH)!r}).read()\n    J = 2 * (a3 - y)\n",
                        r"FileNotFoundError.*sees only your file"),
    "opens_socket": ("J_b3", "    J = 2 * (a3 - y)\n",
                     "    import socket\n    socket.create_connection(('10.0.0.1', 80), timeout=1)\n"
                     "    J = 2 * (a3 - y)\n", r"network connection"),
    "returns_none": ("J_b3", "    return J\n", "    J\n", r"returned None"),
}


@pytest.fixture(scope="module")
def reference_report():
    return check_file(REFERENCE_PATH, seed=11, limits=FAST)


def test_reference_passes_and_training_lowers_the_cost(reference_report):
    report = reference_report
    assert report.passed, [(f.name, f.message) for f in report.functions]
    assert [f.name for f in report.functions] == ["J_b3", "J_b2", "J_W1", "J_b1"]
    assert report.violations == []
    data = report.extra.data
    assert data["final_cost"] < 0.3 * data["initial_cost"]
    assert any("stochastic steepest descent" in line for line in report.extra.lines)


def test_report_says_what_contained_the_child(reference_report):
    assert reference_report.containment["audit_hook"] is True
    assert reference_report.containment["isolated"] is True and reference_report.containment["seccomp"] is True


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_broken_variant_fails_with_the_right_message(variant, write):
    function, old, new, pattern = VARIANTS[variant]
    path = write(edit_function(REFERENCE, function, old, new))
    report = check_file(path, seed=5, limits=FAST)
    assert not report.passed
    results = {f.name: f for f in report.functions}
    assert not results[function].passed
    assert re.search(pattern, results[function].message), results[function].message
    others = [f for name, f in results.items() if name != function]
    assert all(f.passed for f in others), [(f.name, f.message) for f in others]
    assert "final_cost" not in report.extra.data


def test_the_starter_fails_with_not_written_yet(write):
    starter = get("backprop").starter_text()
    report = check_file(write(starter, "backprop.py"), limits=FAST)
    assert not report.passed
    for result in report.functions:
        assert result.message.startswith(f"{result.name} is not written yet: replace the `raise NotImplementedError`")


def test_given_functions_are_identical_in_starter_and_reference():
    def functions(text):
        tree = ast.parse(text)
        return {n.name: ast.dump(n) for n in tree.body if isinstance(n, ast.FunctionDef)}

    starter, reference = functions(get("backprop").starter_text()), functions(REFERENCE)
    required = {f.name for f in get("backprop").functions}
    assert set(starter) == set(reference)
    for name in set(starter) - required:
        assert starter[name] == reference[name], name
    assert set(get("backprop").given) == set(starter) - required


def test_true_jacobians_match_closed_form_backprop():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, (1, 9))
    y = network.heart(x)
    params = network.init_params(rng)
    L = network.layers(x, y, params)
    J = network.true_jacobians(x, y, params)
    np.testing.assert_allclose(J["W1"], L.d1 @ L.a0.T, rtol=1e-12)
    np.testing.assert_allclose(J["b2"], L.d2.sum(axis=1, keepdims=True), rtol=1e-12)
    np.testing.assert_allclose(J["W3"], L.d3 @ L.a2.T, rtol=1e-12)
    check = ad.check_grads(lambda w: network._cost_node(x, y, (w,) + params[1:]), params[0])
    assert check.ok


def test_heart_is_the_course_curve():
    x = np.array([[0.0, 0.25]])
    want = (np.array([[0.0, 16.0], [13 - 5 - 2 - 1, 0 + 5 - 0 - 1]]) / 20 + 1) / 2
    np.testing.assert_allclose(network.heart(x), want, atol=1e-12)


def test_a_function_that_breaks_during_training_is_reported(write):
    broken = edit_function(REFERENCE, "J_b1", "    W1, b1, W2, b2, W3, b3 = params\n",
                           f"    W1, b1, W2, b2, W3, b3 = params\n    if x.shape[1] == {BATCH}:\n"
                           "        raise RuntimeError('only small batches')\n")
    report = check_file(write(broken), seed=5, limits=FAST)
    assert report.passed  # every check passes; the demonstration reports the failure
    (line,) = report.extra.lines
    assert re.fullmatch(r"The demonstration stopped: training step 1 raised RuntimeError: only small "
                        r"batches \(line \d+: `raise RuntimeError\('only small batches'\)`\)", line), line
