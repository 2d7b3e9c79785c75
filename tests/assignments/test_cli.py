"""`mvcalc assignment`: list, start, check, hint; bad input gives one line and status 2."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from typer.testing import CliRunner

from mvcalc.assignments import all_assignments, get
from mvcalc.cli import app
from mvcalc.store.api import default_store

RUNNER = CliRunner()
REFERENCE = resources.files("mvcalc.assignments.backprop").joinpath("reference.py")


@pytest.fixture(autouse=True)
def private_store(tmp_path, monkeypatch):
    monkeypatch.setenv("MVCALC_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite3'}")


def run(*args):
    return RUNNER.invoke(app, ["assignment", *args])


def test_list_json():
    result = run("list", "--json")
    assert result.exit_code == 0
    names = [a["name"] for a in json.loads(result.stdout)]
    assert "backprop" in names


def test_start_then_check_the_starter(tmp_path):
    result = run("start", "backprop", str(tmp_path))
    assert result.exit_code == 0 and "backprop.py" in result.stdout
    again = run("start", "backprop", str(tmp_path))
    assert again.exit_code == 2 and "already exists" in again.output
    checked = run("check", str(tmp_path / "backprop.py"), "--no-record", "--json")
    assert checked.exit_code == 1
    report = json.loads(checked.stdout)
    assert [f["passed"] for f in report["functions"]] == [False] * 4
    assert "not written yet" in report["functions"][0]["message"]


@pytest.mark.slow
def test_check_the_reference_with_a_plot_and_record(tmp_path):
    png = tmp_path / "heart.png"
    result = run("check", str(REFERENCE), "--seed", "3", "--plot", str(png))
    assert result.exit_code == 0, result.output
    assert "✓ J_W1" in result.stdout and "All functions pass." in result.stdout
    assert "stochastic steepest descent" in result.stdout
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    (row,) = default_store().assignments()
    assert row["name"] == "backprop" and row["passed"] is True
    assert row["details"]["functions"]["J_W1"]["passed"] is True


def test_hint_levels_and_json():
    result = run("hint", "backprop", "J_W1", "--level", "1", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["function"] == "J_W1" and len(data["hints"]) == 1
    assert run("hint", "backprop").exit_code == 0


@pytest.mark.parametrize("args, words", [
    (("start", "nope"), "no assignment called 'nope'"),
    (("check", "/nonexistent/file.py"), "is not a file"),
    (("check", str(REFERENCE), "--plot", "out.jpg"), "--plot takes a .png"),
    (("check", str(REFERENCE), "--assignment", "nope"), "no assignment called"),
    (("hint", "backprop", "J_W9"), "has no function 'J_W9'"),
    (("hint", "backprop", "--level", "0"), "--level must be 1 or more"),
])
def test_bad_input_is_one_line_and_status_2(args, words):
    result = run(*args)
    assert result.exit_code == 2
    assert words in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", sorted(all_assignments()))
def test_every_assignment_reference_passes_and_starter_fails_through_the_cli(name, tmp_path):
    """Through `mvcalc assignment check`, in the sandbox: the solved file passes, the starter fails with
    a message per function that says what to do."""
    spec = get(name)
    package = spec.package
    solved = tmp_path / "solved" / spec.file
    solved.parent.mkdir()
    solved.write_text(resources.files(package).joinpath("reference.py").read_text())
    result = run("check", str(solved), "--seed", "2", "--no-record", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["passed"] and report["containment"]["isolated"] is True
    assert run("start", name, str(tmp_path)).exit_code == 0
    result = run("check", str(tmp_path / spec.file), "--seed", "2", "--no-record", "--json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert not any(f["passed"] for f in report["functions"])
    for function in report["functions"]:
        assert function["details"] == {"kind": "todo"}, function
        assert function["message"].startswith(
            f"{function['name']} is not written yet: replace the `raise NotImplementedError` line"), function


def test_a_sandbox_that_cannot_start_is_one_line_and_status_2(monkeypatch):
    monkeypatch.setenv("MVCALC_SANDBOX", "docker")
    result = run("check", str(REFERENCE), "--no-record")
    assert result.exit_code == 2
    assert "sandbox could not run your file" in result.output and "Traceback" not in result.output
