"""The NOT-neuron warm-up and the neuron-training exercise: references pass, typical mistakes are named."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from mvcalc.assignments import check_file

from .helpers import FAST, edit_function, reference_text

NOT_REF = reference_text("not_neuron")
TRAIN_REF = reference_text("neuron_training")


@pytest.mark.parametrize("package", ["not_neuron", "neuron_training"])
def test_reference_passes(package):
    path = resources.files(f"mvcalc.assignments.{package}").joinpath("reference.py")
    report = check_file(path, seed=2, limits=FAST)
    assert report.passed, [(f.name, f.message) for f in report.functions]
    assert report.extra.lines


NOT_VARIANTS = {
    "logistic": ("a1", "return np.tanh(w * a0 + b)", "return 1 / (1 + np.exp(-(w * a0 + b)))",
                 r"the logistic σ; this neuron uses tanh"),
    "bias_inside": ("a1", "return np.tanh(w * a0 + b)", "return np.tanh(w * (a0 + b))", r"the bias inside"),
    "no_activation": ("a1", "return np.tanh(w * a0 + b)", "return w * a0 + b", r"a missing activation"),
    "small_bias": ("not_weights", "b = 5.0", "b = 0.5", r"input 0 gives 0\.462, but NOT 0 is 1"),
    "w_not_minus_b": ("not_weights", "return -b, b", "return b, b", r"input 1 gives 1\.000, but NOT 1 is 0.*w \+ b = 0"),
    "one_number": ("not_weights", "return -b, b", "return b", r"return two numbers"),
}


@pytest.mark.parametrize("variant", sorted(NOT_VARIANTS))
def test_not_neuron_mistakes(variant, write):
    function, old, new, pattern = NOT_VARIANTS[variant]
    report = check_file(write(edit_function(NOT_REF, function, old, new)), "not-neuron", seed=4, limits=FAST)
    result = {f.name: f for f in report.functions}[function]
    assert not report.passed and not result.passed
    assert re.search(pattern, result.message), result.message


TRAIN_VARIANTS = {
    "missing_dadz": ("return np.sum(dCda * dadz * dzdb)", "return np.sum(dCda * dzdb)", r"missing ∂a1/∂z"),
    "kept_x": ("dzdb = 1", "dzdb = x", r"∂z/∂w = x where ∂z/∂b = 1 belongs"),
    "average": ("return np.sum(dCda * dadz * dzdb)", "return np.mean(dCda * dadz * dzdb)", r"an average"),
    "sign": ("return np.sum(dCda * dadz * dzdb)", "return -np.sum(dCda * dadz * dzdb)", r"wrong sign"),
}


@pytest.mark.parametrize("variant", sorted(TRAIN_VARIANTS))
def test_neuron_training_mistakes(variant, write):
    old, new, pattern = TRAIN_VARIANTS[variant]
    report = check_file(write(edit_function(TRAIN_REF, "dCdb", old, new)), "neuron-training", seed=4, limits=FAST)
    (result,) = report.functions
    assert not report.passed and not result.passed
    assert re.search(pattern, result.message), result.message
