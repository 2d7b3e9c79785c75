"""mvcalc in a real Jupyter kernel (nbclient runs a notebook): displays and the magics."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

CELLS = [
    "%load_ext mvcalc",
    '%mvcheck "2x sin x + x^2 cos x" "2x cos x"',
    '%mvcheck "x + x" "2x"',
    'import mvcalc\nmvcalc.derivative("x^2 sin x")',
    'mvcalc.newton("x^2 - 2", 1)',
    "%mvpractice m1-s4-product-rule",
    "%mvpractice hint",
    "q = _mvcalc_session.question\nget_ipython().run_cell_magic('mvpractice', '', str(q.buggy[0].answer) if q.buggy else 'x')",
    "get_ipython().run_cell_magic('mvpractice', '', q.answer_text)",
    "%%mvpractice\n__import__('os').system('touch /tmp/pwned-by-mvpractice')",
]


@pytest.fixture(scope="module")
def outputs():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    NotebookClient(nb, timeout=180, kernel_name="python3").execute()
    return [cell.outputs for cell in nb.cells]


def _all(outputs, mime: str) -> str:
    return " ".join(o.get("data", {}).get(mime, "") for o in outputs)


def test_mvcheck_shows_the_verdict(outputs):
    assert "incorrect" in _all(outputs[1], "text/html")
    assert "correct" in _all(outputs[2], "text/html") and "incorrect" not in _all(outputs[2], "text/html")


def test_results_display_as_maths_and_tables(outputs):
    assert "\\cos" in _all(outputs[3], "text/latex")
    assert "converged" in _all(outputs[4], "text/html")


def test_a_question_then_hint_then_wrong_then_right(outputs):
    assert _all(outputs[5], "text/markdown").strip()
    assert "Hint 1" in _all(outputs[6], "text/markdown")
    assert "incorrect" in _all(outputs[7], "text/html")
    assert "correct" in _all(outputs[8], "text/html") and "incorrect" not in _all(outputs[8], "text/html")


def test_an_answer_cell_is_never_run_as_python(outputs, tmp_path):
    import os

    assert not os.path.exists("/tmp/pwned-by-mvpractice")
    assert "No question is waiting" in _all(outputs[9], "text/html")
