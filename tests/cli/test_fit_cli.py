"""`mvcalc fit` on CSV files and NIST StRD files: results, JSON, and clear errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mvcalc.cli import app

runner = CliRunner()




@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "decay.csv"
    rows = ["t,count,err"] + [f"{t},{10 * 2.718281828 ** (-0.5 * t) + 1:.6f},0.1" for t in range(10)]
    path.write_text("\n".join(rows) + "\n")
    return path


def run(*args):
    return runner.invoke(app, ["fit", *map(str, args)])


def test_fit_csv(csv_file):
    out = run("A exp(-k t) + c", "--data", csv_file, "--y", "count", "--start", "A=5,k=1,c=0")
    assert out.exit_code == 0, out.output
    assert "converged" in out.output and "RSS" in out.output


def test_fit_csv_json_with_sigma(csv_file):
    out = run("A exp(-k t) + c", "--data", csv_file, "--y", "count", "--start", "A=5,k=1,c=0",
              "--sigma", "err", "--json")
    data = json.loads(out.output)
    assert data["weighted"] and data["converged"]
    assert data["parameters"]["k"] == pytest.approx(0.5, rel=1e-5)
    assert data["parameters"]["A"] == pytest.approx(10, rel=1e-5)


@pytest.mark.parametrize("method", ["lm", "gauss-newton"])
def test_fit_methods(csv_file, method):
    out = run("A exp(-k t) + c", "--data", csv_file, "--y", "count", "--start", "A=5,k=1,c=0",
              "--method", method, "--json")
    assert json.loads(out.output)["method"] == method


def test_fit_nist_file_uses_its_model_and_shows_digits():
    out = run("--nist", "MGH09", "--start", "1", "--json")
    data = json.loads(out.output)
    assert data["converged"] and min(data["digits"].values()) >= 6
    text = run("--nist", "misra1a", "--start", "2").output
    assert "certified" in text and "digits" in text


def test_fit_nist_file_with_own_model_and_start():
    out = run("b1*(1-exp(-b2*x))", "--nist", "BoxBOD", "--start", "b1=1,b2=1", "--json")
    data = json.loads(out.output)
    assert data["parameters"]["b1"] == pytest.approx(213.80940889, rel=1e-6)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["a t", "--y", "count", "--start", "a=1"], None),
        (["a t", "--y", "nope", "--start", "a=1"], "no column 'nope'"),
        (["a t +", "--y", "count", "--start", "a=1"], "cannot read the model"),
        (["a t", "--y", "count", "--start", "a"], "name=value"),
        (["a t", "--y", "count", "--start", "a=x"], "is not a number"),
        (["a t", "--y", "count"], "--start is needed"),
        (["a t", "--y", "count", "--start", "a=1", "--method", "bfgs"], "--method"),
        (["a t", "--y", "count", "--start", "a=1", "--sigma", "zz"], "no column 'zz'"),
        (["a t", "--y", "count", "--start", "t=1"], "both a column and a parameter"),
        (["a t", "--start", "a=1"], "--y is needed"),
        (["a t", "--y", "count", "--start", "a=1", "--aggression", "5"], "--aggression"),
    ],
)
def test_errors(csv_file, args, words):
    out = run(args[0], "--data", csv_file, *args[1:])
    if words is None:
        assert out.exit_code == 0, out.output
        return
    assert out.exit_code == 2, out.output
    assert words in out.output and "Traceback" not in out.output


def test_bad_files(tmp_path):
    missing = run("a x", "--data", tmp_path / "none.csv", "--y", "y", "--start", "a=1")
    assert missing.exit_code == 2 and "no such file" in missing.output
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("x,y\n1,2\n3\n")
    out = run("a x", "--data", ragged, "--y", "y", "--start", "a=1")
    assert out.exit_code == 2 and "line 3" in out.output
    words = tmp_path / "words.csv"
    words.write_text("x,y\n1,two\n")
    out = run("a x", "--data", words, "--y", "y", "--start", "a=1")
    assert out.exit_code == 2 and "'two'" in out.output
    broken = tmp_path / "broken.dat"
    broken.write_text("NIST/ITL StRD\nDataset Name: Broken\n")
    out = run("--data", broken)
    assert out.exit_code == 2 and "broken.dat" in out.output


def test_json_is_plain_even_for_a_degenerate_model(csv_file):
    # a and b always appear as a + b: the covariance is infinite, written as null
    out = run("(a + b) t", "--data", csv_file, "--y", "count", "--start", "a=1,b=1", "--json")
    assert out.exit_code == 0, out.output
    assert "Infinity" not in out.output and "NaN" not in out.output
    data = json.loads(out.output)
    # the columns of a and b are equal: a direction J cannot see, so (JᵀJ)⁻¹ is infinite everywhere
    assert data["stderr"] == {"a": None, "b": None}
    assert data["covariance"] == [[None, None], [None, None]]


def test_a_shipped_nist_file_is_fitted_the_same_through_data_and_nist(tmp_path):
    from mvcalc import datasets

    path = tmp_path / "Misra1a.dat"
    path.write_text(datasets.nist_text("Misra1a"))
    by_file = json.loads(run("--data", path, "--start", "1", "--json").output)
    by_name = json.loads(run("--nist", "Misra1a", "--start", "1", "--json").output)
    assert by_file["parameters"] == by_name["parameters"]


def test_an_unknown_nist_name_lists_the_shipped_ones():
    result = run("--nist", "Misra9z", "--start", "1")
    assert result.exit_code == 2
    assert "no NIST dataset called 'Misra9z'" in result.output and "Misra1a" in result.output


def test_data_and_nist_are_one_or_the_other():
    assert "one of them" in run("--start", "1").output
