"""`mvcalc check`: one pair, --json, --batch JSONL, --derivative-of, and usage errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from mvcalc.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["check", *args])


def test_correct_answer_prints_verdict_reading_and_notes():
    out = run("2x cos(x^2)", "2 x cos x^2", "--vars", "x")
    assert out.exit_code == 0
    assert "correct: Correct." in out.output
    assert "interpreted as: 2*x*cos(x^2)" in out.output
    assert "note: read `cos x^2` as cos(x^2)" in out.output


def test_incorrect_answer_exits_zero_with_a_witness():
    out = run("2x", "x^2")
    assert out.exit_code == 0
    assert (
        "incorrect: Not equal: at x = 1.5 your answer is 2.25 but the expected value is 3."
        in out.output
    )


def test_json_output():
    out = run("[2x, 2y]", "[2x, y]", "--vars", "x,y", "--json")
    assert out.exit_code == 0
    data = json.loads(out.output)
    assert data["status"] == "incorrect"
    assert "component 2 is not right" in data["message"]
    assert data["latex"] and data["value"]


def test_invalid_answer_is_a_verdict_not_a_usage_error():
    out = run("x", "sin(x", "--json")
    assert out.exit_code == 0
    data = json.loads(out.output)
    assert data["status"] == "invalid" and data["column"] == 4


@pytest.mark.parametrize(
    "args, words",
    [
        (["x"], "give EXPECTED and ANSWER"),
        ([], "give EXPECTED and ANSWER"),
        (["x", "x", "--vars", "1x"], "--vars must be variable names"),
        (["x", "--batch", "f.jsonl"], "--batch reads pairs from the file"),
        (["x", "x", "--wrt", "x"], "--wrt goes with --derivative-of"),
        (["--batch", "/no/such/file.jsonl"], "cannot read"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args, words):
    out = run(*args)
    assert out.exit_code == 2
    assert words in out.output
    assert "Traceback" not in out.output


BATCH = [
    {"expected": "2x", "answer": "x + x", "vars": ["x"]},
    {"expected": "x^2 y", "answer": "x y^2", "vars": ["x", "y"]},
    {"expected": "x", "answer": "sin(x"},
    {"expected": 3, "answer": "1 + 2"},
]


def _batch_file(tmp_path, extra_lines=()):
    path = tmp_path / "pairs.jsonl"
    lines = [json.dumps(r) for r in BATCH] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_batch_json_echoes_each_line_with_verdict_and_time(tmp_path):
    path = _batch_file(tmp_path, ["{not json", '["a list"]', '{"expected": "x"}', ""])
    out = run("--batch", str(path), "--json")
    assert out.exit_code == 0
    records = [json.loads(line) for line in out.output.splitlines()]
    assert [r["status"] for r in records] == [
        "correct", "incorrect", "invalid", "correct", "invalid", "invalid", "invalid",
    ]  # fmt: skip
    assert records[0]["expected"] == "2x" and records[0]["vars"] == ["x"]
    assert records[0]["latex"] == "2 x"
    assert all(isinstance(r["elapsed_ms"], float) for r in records)  # a time: its value is not asserted
    assert "not valid JSON" in records[4]["message"]
    assert '"answer" must be a string' in records[6]["message"]


def test_batch_text_output_has_a_line_per_record(tmp_path):
    out = run("--batch", str(_batch_file(tmp_path)))
    assert out.exit_code == 0
    assert "line 1: correct" in out.output and "line 2: incorrect" in out.output


def test_derivative_of_uses_the_diagnosis_when_present():
    out = run("--derivative-of", "x^2 sin x", "--wrt", "x", "2x sin x + x^2 cos x", "--json")
    assert out.exit_code == 0
    assert json.loads(out.output)["status"] == "correct"
    out = run("--derivative-of", "x^2 sin x", "--wrt", "x", "2x cos x", "--json")
    data = json.loads(out.output)
    assert data["status"] == "incorrect" and data["diagnosis"]
    assert run("--derivative-of", "x^2", "2x").exit_code == 2  # --wrt missing


@pytest.mark.timeout(120)
def test_real_subprocess():
    out = subprocess.run(
        [sys.executable, "-m", "mvcalc", "check", "(x+1)^2", "x^2 + 2x + 1", "--json"],
        capture_output=True,
        text=True,
        timeout=110,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["status"] == "correct"
    bad = subprocess.run(
        [sys.executable, "-m", "mvcalc", "check", "x"], capture_output=True, text=True, timeout=110
    )
    assert bad.returncode == 2
    assert "error:" in bad.stderr and "Traceback" not in bad.stderr


def test_integer_variables_take_factorials_and_are_checked_at_whole_numbers(tmp_path):
    out = run("x^n/n!", "x^n (n+1)/(n+1)!", "--vars", "x,n", "--integers", "n", "--json")
    assert json.loads(out.output)["status"] == "correct"
    out = run("(n+1) x^n", "n x^n", "--integers", "n", "--json")
    data = json.loads(out.output)
    assert data["status"] == "incorrect" and "n = 0" in data["message"]
    out = run("x^n", "x^n/n!", "--json")  # without --integers, n is real: no factorial
    assert json.loads(out.output)["status"] == "invalid"
    batch = tmp_path / "terms.jsonl"
    batch.write_text(json.dumps({"expected": "(-1)^n x^n", "answer": "(-x)^n", "integers": ["n"]}) + "\n"
                     + json.dumps({"expected": "x", "answer": "x", "integers": "n"}) + "\n")
    lines = [json.loads(line) for line in run("--batch", str(batch), "--json").output.splitlines()]
    assert [line["status"] for line in lines] == ["correct", "invalid"]
