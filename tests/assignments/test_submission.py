"""Reading an uploaded file: any bytes give text or a one-line SubmissionError, never another exception."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mvcalc.assignments import SubmissionError
from mvcalc.assignments.checker import MAX_FILE_BYTES
from mvcalc.assignments.submission import python_of, read_source

NAMES = st.sampled_from(["backprop.py", "backprop.ipynb", "x.PY", "notes.txt", "", "../../etc/passwd.py"])


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=600), filename=NAMES)
def test_any_bytes_are_read_or_refused_in_one_line(data, filename):
    try:
        text = read_source(data, filename)
        python, assignment = python_of(text, filename, "backprop")
    except SubmissionError as exc:
        assert "\n" not in str(exc) and str(exc)
    else:
        assert isinstance(python, str) and assignment.name == "backprop"


@pytest.mark.parametrize(("data", "words"), [
    (b"a" * (MAX_FILE_BYTES + 1), "larger than"),
    (b"print(1)\x00", "binary"),
    ("é".encode("latin-1"), "not UTF-8"),
    (b"  \n", "empty"),
])
def test_bad_files_are_named(data, words):
    with pytest.raises(SubmissionError, match=words):
        read_source(data, "backprop.py")


def test_a_file_without_marker_is_found_by_name_or_refused():
    assert python_of("x = 1\n", "backprop.py")[1].name == "backprop"
    with pytest.raises(SubmissionError, match="cannot tell which assignment"):
        python_of("x = 1\n", "mine.py")
