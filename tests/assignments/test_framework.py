"""The assignment framework: every assignment is consistent; starters, identification, feedback words."""

from __future__ import annotations

import ast

import numpy as np
import pytest

from mvcalc.assignments import (
    StarterExists,
    SubmissionError,
    UnknownAssignment,
    all_assignments,
    check_file,
    get,
    identify,
    write_starter,
)
from mvcalc.assignments.feedback import Mistake, compare, first_failure, ok
from mvcalc.assignments.registry import MARKER
from mvcalc.assignments.sandbox import Unencodable

from .helpers import reference_text

NAMES = sorted(all_assignments())


def test_backprop_is_registered():
    assert "backprop" in NAMES
    assert get("backprop").module == 3


@pytest.mark.parametrize("name", NAMES)
def test_assignment_files_agree(name):
    a = get(name)
    checks = a.checks
    assert list(checks.CHECKS) == [f.name for f in a.functions]
    starter = a.starter_text()
    assert starter.startswith(f"{MARKER} {a.name}\n")
    ast.parse(starter)
    defined = {n.name for n in ast.parse(starter).body if isinstance(n, ast.FunctionDef)}
    assert {f.name for f in a.functions} <= defined
    reference = reference_text(a.package.rsplit(".", 1)[1])
    assert not any(line.strip().startswith("raise NotImplementedError") for line in reference.splitlines())
    for f in a.functions:
        assert f.hints, f"{name}.{f.name} has no hints"
        assert f.signature.startswith(f.name + "(")


@pytest.mark.parametrize("name", NAMES)
def test_reference_is_not_importable_from_a_starter_or_shown(name, tmp_path):
    a = get(name)
    path = write_starter(a, tmp_path)
    assert path.name == a.file
    assert reference_text(a.package.rsplit(".", 1)[1]) != path.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == [a.file]


def test_write_starter_refuses_to_overwrite(tmp_path):
    a = get("backprop")
    path = write_starter(a, tmp_path)
    path.write_text("# my work\n")
    with pytest.raises(StarterExists, match="--force"):
        write_starter(a, tmp_path)
    assert path.read_text() == "# my work\n"
    write_starter(a, tmp_path, overwrite=True)
    assert path.read_text().startswith(MARKER)


def test_identify_by_marker_then_file_name():
    assert identify(f"{MARKER} backprop\nimport numpy").name == "backprop"
    assert identify("import numpy", "backprop.py").name == "backprop"
    assert identify("import numpy", "mine.py") is None
    with pytest.raises(UnknownAssignment, match="known: "):
        get("nope")


def test_check_file_refuses_bad_submissions(tmp_path):
    with pytest.raises(SubmissionError, match="is not a file"):
        check_file(tmp_path / "missing.py")
    other = tmp_path / "mine.py"
    other.write_text("x = 1\n")
    with pytest.raises(SubmissionError, match="cannot tell which assignment"):
        check_file(other)
    binary = tmp_path / "b.py"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(SubmissionError, match="UTF-8"):
        check_file(binary, "backprop")


def test_missing_function_and_load_errors_are_explained(tmp_path):
    path = tmp_path / "backprop.py"
    path.write_text(f"{MARKER} backprop\nimport numpy as np\n\ndef J_b3(x, y, params):\n    return 0\n")
    report = check_file(path, seed=1)
    messages = {f.name: f.message for f in report.functions}
    assert messages["J_W1"] == "J_W1 is not defined in your file: write `def J_W1(x, y, params):`"
    assert "J_b3" in messages["J_b3"] and "single number" in messages["J_b3"]
    path.write_text(f"{MARKER} backprop\ndef J_b3(x, y, params)\n    return 0\n")
    report = check_file(path)
    assert report.load_error and "SyntaxError" in report.load_error and "line 2" in report.load_error
    assert all(not f.passed and "could not be loaded" in f.message for f in report.functions)


def test_compare_names_shapes_mistakes_and_factors():
    expected = np.arange(1.0, 7.0).reshape(6, 1)
    assert compare("J", expected.copy(), expected).passed
    msg = compare("J", expected * 1.1, expected, against="the true Jacobian",
                  mistakes=[Mistake(expected * 1.1, "a missing σ′(z1) factor")]).message
    assert msg.startswith("J has shape (6, 1), expected (6, 1); entries differ from the true Jacobian by up to 0.6")
    assert msg.endswith("the pattern matches a missing σ′(z1) factor")
    assert "wrong sign" in compare("J", -expected, expected).message
    assert "3 times the right value" in compare("J", 3 * expected, expected).message
    assert "transposed" in compare("J", expected.T, expected).message
    assert "returned None" in compare("J", None, expected).message
    assert "returned a function" in compare("J", Unencodable("function"), expected).message
    assert "nan or inf" in compare("J", np.full((6, 1), np.inf), expected).message
    assert "single number" in compare("J", 4.0, expected).message


def test_first_failure_stops_early():
    seen = []

    def outcomes():
        for i in range(5):
            seen.append(i)
            yield ok() if i < 2 else compare("J", np.zeros(2), np.ones(2))

    assert not first_failure(outcomes()).passed and seen == [0, 1, 2]
    assert first_failure(iter([ok(), ok()])).message == "passed on 2 cases"
