"""Assignments as notebooks: `start --notebook`, `check FILE.ipynb`, IPython syntax refused by cell."""

from __future__ import annotations

import ast
import json
from importlib import resources

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mvcalc.assignments import all_assignments, get
from mvcalc.assignments.notebook import CHECK_TAG, NotebookError, starter_notebook, to_python
from mvcalc.cli import app

RUNNER = CliRunner()
NAMES = list(all_assignments())


@pytest.fixture(autouse=True)
def private_store(tmp_path, monkeypatch):
    monkeypatch.setenv("MVCALC_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite3'}")


def run(*args):
    return RUNNER.invoke(app, ["assignment", *args])


def solved(nb: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """The notebook with each TODO cell replaced by the reference's function (as a learner would write it)."""
    package = get(name).package
    text = resources.files(package).joinpath("reference.py").read_text(encoding="utf-8")
    functions = {node.name: ast.get_source_segment(text, node) for node in ast.parse(text).body
                 if isinstance(node, ast.FunctionDef)}
    for cell in nb.cells:
        if "mvcalc-todo" in cell.metadata.get("tags", []):
            cell.source = functions[ast.parse(cell.source).body[0].name]
    return nb


def test_the_notebook_has_the_story_one_cell_per_function_and_a_check_cell():
    assignment = get("backprop")
    nb = starter_notebook(assignment)
    nbformat.validate(nb)
    kinds = [c.cell_type for c in nb.cells]
    assert kinds[0] == "markdown" and nb.cells[0].source.startswith("# Backpropagation")
    assert any(c.source.startswith("## The maths") for c in nb.cells if c.cell_type == "markdown")
    todo = [c for c in nb.cells if "mvcalc-todo" in c.metadata.get("tags", [])]
    assert [ast.parse(c.source).body[0].name for c in todo] == [f.name for f in assignment.functions]
    assert all("raise NotImplementedError" in c.source for c in todo)
    assert CHECK_TAG in nb.cells[-1].metadata["tags"] and "check_here('backprop.ipynb')" in nb.cells[-1].source
    assert not any("__main__" in c.source for c in nb.cells)


@pytest.mark.parametrize("name", NAMES)
def test_start_then_check_round_trip(name, tmp_path):
    result = run("start", name, str(tmp_path), "--notebook")
    assert result.exit_code == 0, result.output
    path = tmp_path / get(name).file.replace(".py", ".ipynb")
    starter = run("check", str(path), "--no-record", "--json")
    assert starter.exit_code == 1, starter.output
    report = json.loads(starter.stdout)
    assert not report["passed"] and report["file"] == str(path)
    for function in report["functions"]:
        assert not function["passed"]
        assert function["details"] == {"kind": "todo"}, function
        assert function["message"].startswith(
            f"{function['name']} is not written yet: replace the `raise NotImplementedError` line"), function
    nb = solved(nbformat.read(path, as_version=4), name)
    nbformat.write(nb, path)
    passed = run("check", str(path), "--no-record", "--json")
    assert passed.exit_code == 0, passed.output
    assert json.loads(passed.stdout)["passed"]


def test_starter_messages_name_the_cell_not_the_converted_file(tmp_path):
    run("start", "backprop", str(tmp_path), "--notebook")
    result = run("check", str(tmp_path / "backprop.ipynb"), "--no-record", "--json")
    nb = nbformat.read(tmp_path / "backprop.ipynb", as_version=4)
    cell = next(i for i, c in enumerate(nb.cells, 1) if "def J_b3(" in c.source)
    message = next(f["message"] for f in json.loads(result.stdout)["functions"] if f["name"] == "J_b3")
    line = next(i for i, text in enumerate(nb.cells[cell - 1].source.splitlines(), 1) if "raise NotImplementedError" in text)
    assert f"line {line} of cell {cell}" in message


@pytest.mark.parametrize("line", ["%timeit J_b3(x, y, params)", "!pip install torch", "files = !ls",
                                  "%%time", "  %matplotlib inline"])
def test_magics_and_shell_escapes_are_refused_naming_the_cell(line, tmp_path):
    nb = starter_notebook(get("backprop"))
    nb.cells.insert(3, nbformat.v4.new_code_cell(f"import numpy as np\n{line}\n"))
    path = tmp_path / "backprop.ipynb"
    nbformat.write(nb, path)
    result = run("check", str(path), "--no-record")
    assert result.exit_code == 2
    assert "cell 4" in result.output and "IPython" in result.output and "Traceback" not in result.output


def test_python_that_merely_looks_like_a_magic_is_run(tmp_path):
    nb = solved(starter_notebook(get("backprop")), "backprop")
    nb.cells.insert(3, nbformat.v4.new_code_cell('text = """\n%not a magic\n!nor this\n"""\nratio = 7 % 3\n'))
    path = tmp_path / "backprop.ipynb"
    nbformat.write(nb, path)
    assert run("check", str(path), "--no-record").exit_code == 0


@pytest.mark.parametrize("content", ["{}", "not json", '{"cells": 3}', "[]", '{"nbformat": 4, "cells": [{}]}'])
def test_a_file_that_is_not_a_notebook_gets_one_line(content, tmp_path):
    path = tmp_path / "backprop.ipynb"
    path.write_text(content)
    result = run("check", str(path), "--no-record")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.count("\n") <= 2


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_reading_any_text_either_gives_python_or_a_notebook_error(content):
    try:
        python, _ = to_python(content, "x.ipynb")
    except NotebookError as exc:
        assert "x.ipynb" in str(exc)
    else:
        assert isinstance(python, str)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=5))
def test_any_code_cells_either_convert_or_are_refused_by_cell(sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    try:
        python, _ = to_python(nbformat.writes(nb), "x.ipynb")
    except NotebookError as exc:
        assert "cell " in str(exc)
    else:
        for number, source in enumerate(sources, 1):
            assert f"# cell {number}\n{source}" in python


def test_the_check_cell_prints_the_report_of_the_saved_notebook(tmp_path, monkeypatch, capsys):
    from mvcalc.assignments.notebook import check_here

    nb = solved(starter_notebook(get("linfit")), "linfit")
    nbformat.write(nb, tmp_path / "linfit.ipynb")
    monkeypatch.chdir(tmp_path)  # Jupyter runs a notebook's cells in its folder
    exec(nb.cells[-1].source, {})  # noqa: S102 - the trusted check cell we wrote, as Jupyter would run it
    out = capsys.readouterr().out
    assert "linfit.ipynb" in out and "All functions pass." in out
    assert check_here.__module__ == "mvcalc.assignments.notebook"
