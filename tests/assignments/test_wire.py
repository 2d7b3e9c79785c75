"""The sandbox protocol in-process: frames through a real pipe, every limit at its boundary.

These tests need no jail (the child's side of the protocol is the same module), so
mutation testing can run them against each mutant of wire.py (`make mutation`).
"""

from __future__ import annotations

import base64
import json
import os
import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mvcalc.assignments.sandbox import wire
from mvcalc.assignments.sandbox.wire import Unencodable, WireError

plain = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**62), 2**62) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=30,
)


def _through_pipe(message: dict) -> dict:
    """Write one frame into a real pipe from another thread and read it back."""
    r, w = os.pipe()
    try:
        writer = threading.Thread(target=wire.write_frame, args=(w, message))
        writer.start()
        got = wire.read_frame(r)
        writer.join()
        return got
    finally:
        os.close(r)
        os.close(w)


@settings(max_examples=150, deadline=None)
@given(plain)
def test_plain_values_round_trip_exactly(value):
    sent = wire.encode(value)
    assert wire.decode(wire.parse_body(json.dumps({"v": sent}).encode())["v"]) == value


@settings(max_examples=40, deadline=None)
@given(plain)
def test_frames_cross_a_pipe_unchanged(value):
    message = {"result": wire.encode(value)}
    assert _through_pipe(message) == message


@pytest.mark.parametrize("dtype", sorted(wire.DTYPES))
def test_arrays_of_every_allowed_dtype_round_trip(dtype):
    arr = (np.arange(6) % 2 if dtype == "bool" else np.arange(6)).astype(dtype).reshape(2, 3)
    back = wire.decode(wire.encode(arr))
    assert back.dtype == arr.dtype and back.shape == (2, 3) and np.array_equal(back, arr)
    assert back.flags.writeable  # a copy, not a view of the frame's bytes


def test_numpy_scalars_complex_and_other_numeric_dtypes():
    scalar = wire.decode(wire.encode(np.float64(2.5)))
    assert scalar.shape == () and scalar == 2.5  # a scalar stays a scalar (shape (), not (1,))
    z = wire.decode(wire.encode(1 + 2j))
    assert z.dtype == np.complex128 and z.shape == () and complex(z) == 1 + 2j
    fortran = np.asfortranarray(np.arange(6.0).reshape(2, 3))
    assert np.array_equal(wire.decode(wire.encode(fortran)), fortran)  # sent in C order
    half = wire.decode(wire.encode(np.array([1.5, 2.5], dtype=np.float16)))  # not on the list: sent as float64
    assert half.dtype == np.float64 and half.tolist() == [1.5, 2.5]
    unsigned = wire.decode(wire.encode(np.array([1, 2], dtype=np.uint32)))
    assert unsigned.dtype == np.float64 and unsigned.tolist() == [1.0, 2.0]
    text = wire.decode(wire.encode(np.array(["a"])))
    assert isinstance(text, Unencodable) and "<U1" in text.type_name


def test_what_cannot_be_sent_is_named_not_run():
    assert wire.decode(wire.encode(len)).type_name == "builtin_function_or_method"
    assert wire.decode(wire.encode({1: "a"})).type_name == "dict"  # only string keys
    assert wire.decode(wire.encode(np.array([object()]))).type_name == "array of Python objects"
    assert repr(Unencodable("set")) == "<set>"
    assert wire.decode({"__unencodable__": "x" * 500}).type_name == "x" * 200


def test_integers_beyond_64_bits():
    assert wire.encode(2**63 - 1) == 2**63 - 1
    assert wire.encode(2**63) == float(2**63) and wire.encode(-(2**63)) == -float(2**63)
    assert wire.encode(True) is True  # a bool is not an int here
    assert wire.encode(10**400) == {"__unencodable__": "int too large"}


def test_encoding_stops_at_its_depth_limit():
    value: list = []
    node = value
    for _ in range(wire.MAX_DEPTH):
        node.append([])
        node = node[0]
    encoded = wire.encode(value)
    depth, node = 0, encoded
    while isinstance(node, list) and node:
        node, depth = node[0], depth + 1
    assert node == {"__unencodable__": "value nested too deeply"}
    assert depth == wire.MAX_DEPTH - 3  # encode(depth) refuses once depth > MAX_DEPTH - 4
    wire.check_shape(encoded)  # and what it sends passes the reader's own limit


def test_check_shape_limits_depth_and_count_at_the_boundary():
    def nested(n):
        value: list = []
        for _ in range(n):
            value = [value]
        return value

    wire.check_shape(nested(wire.MAX_DEPTH - 1))  # the innermost list at depth 31
    with pytest.raises(WireError, match="nested deeper than 32"):
        wire.check_shape(nested(wire.MAX_DEPTH))
    wire.check_shape({"a": {"b": nested(wire.MAX_DEPTH - 3)}})  # dicts count as levels too
    with pytest.raises(WireError, match="nested deeper"):
        wire.check_shape({"a": {"b": nested(wire.MAX_DEPTH - 2)}})
    wire.check_shape([0] * (wire.MAX_VALUES - 1))  # the list itself is one value
    with pytest.raises(WireError, match="more than 1000000 values"):
        wire.check_shape([0] * wire.MAX_VALUES)


@pytest.mark.parametrize("header", [
    "not a dict",
    {"dtype": "object", "shape": [1], "data": ""},
    {"dtype": "float64", "shape": "1", "data": ""},
    {"dtype": "float64", "shape": "", "data": ""},  # not a list, though every one of its items is fine
    {"dtype": "float64", "shape": {}, "data": ""},
    {"dtype": "float64", "shape": [1] * 33, "data": ""},
    {"dtype": "float64", "shape": [-1], "data": ""},
    {"dtype": "float64", "shape": [1.0], "data": ""},
    {"dtype": "float64", "shape": [True], "data": ""},
    {"dtype": "float64", "shape": [wire.MAX_FRAME + 1], "data": ""},
    {"dtype": "float64", "shape": [1], "data": 5},
])
def test_bad_array_headers_are_refused_before_any_data_is_read(header):
    with pytest.raises(WireError, match=r"^bad array header$"):
        wire.decode({"__array__": header})


@pytest.mark.parametrize("header", [
    {"dtype": "float64", "shape": [2], "data": base64.b64encode(b"\0" * 8).decode()},  # too few bytes
    {"dtype": "float64", "shape": [1], "data": "not base64!"},
])
def test_bad_array_data_is_refused_with_the_reason(header):
    with pytest.raises(WireError, match=r"^bad array: "):
        wire.decode({"__array__": header})


def test_the_largest_allowed_shape_header_is_read():
    empty = wire.decode({"__array__": {"dtype": "int8", "shape": [0, wire.MAX_FRAME], "data": ""}})
    assert empty.shape == (0, wire.MAX_FRAME)
    many = wire.decode({"__array__": {"dtype": "int8", "shape": [1] * 32, "data": base64.b64encode(b"\1").decode()}})
    assert many.ndim == 32


def test_decode_of_dict_forms():
    assert wire.decode({"__dict__": {"a": [1, {"__dict__": {}}]}}) == {"a": [1, {}]}
    assert wire.decode({"plain": 1}) == {"plain": 1}
    with pytest.raises(WireError, match="bad dict"):
        wire.decode({"__dict__": [1, 2]})


def test_frames_are_length_prefixed_compact_json():
    frame = wire.dumps({"a": [1, 2]})
    assert frame == wire.HEADER.pack(len(b'{"a":[1,2]}')) + b'{"a":[1,2]}'
    assert wire.HEADER.size == 8 and frame[:8] == (11).to_bytes(8, "big")


@pytest.mark.parametrize(("body", "message"), [
    (b"\xff\xfe", "not a JSON frame"),
    (b"{", "not a JSON frame"),
    (b"[1, 2]", "must hold a JSON object"),
    (b"[" * 100_000 + b"]" * 100_000, "not a JSON frame|nested deeper"),
])
def test_bad_bodies_are_refused(body, message):
    with pytest.raises(WireError, match=message):
        wire.parse_body(body)


def test_frame_size_limits_on_both_paths():
    with pytest.raises(WireError, match="frame too large"):
        wire.parse_body(b" " * (wire.MAX_FRAME + 1))
    r, w = os.pipe()
    try:
        os.write(w, wire.HEADER.pack(wire.MAX_FRAME + 1))
        with pytest.raises(WireError, match="frame too large"):
            wire.read_frame(r)
    finally:
        os.close(r)
        os.close(w)
    padded = b'{"a":1}' + b" " * (wire.MAX_FRAME - 7)  # exactly MAX_FRAME bytes: allowed
    assert wire.parse_body(padded) == {"a": 1}


def test_a_closed_pipe_mid_frame_is_eof():
    r, w = os.pipe()
    os.write(w, wire.HEADER.pack(10) + b'{"a"')
    os.close(w)
    try:
        with pytest.raises(EOFError):
            wire.read_frame(r)
    finally:
        os.close(r)


def test_large_frames_cross_in_pieces():
    big = {"data": "x" * (3 << 20)}  # larger than one os.read of 1 MiB and than a pipe's buffer
    assert _through_pipe(big) == big


def test_nested_dicts_count_towards_the_encoding_depth():
    value: dict = {}
    node = value
    for _ in range(wire.MAX_DEPTH):
        node["k"] = {}
        node = node["k"]
    encoded = wire.encode(value)
    wire.check_shape(encoded)  # each dict is two levels on the wire ({"__dict__": {...}}): still within the limit
    depth, node = 0, encoded
    while "__dict__" in node:
        node, depth = node["__dict__"]["k"], depth + 1
    assert node == {"__unencodable__": "value nested too deeply"} and depth == (wire.MAX_DEPTH - 4) // 2 + 1


def test_a_bad_body_names_what_was_wrong():
    with pytest.raises(WireError, match=r"\(UnicodeDecodeError\)"):
        wire.parse_body(b"\xff")
    with pytest.raises(WireError, match=r"\(JSONDecodeError\)"):
        wire.parse_body(b"{")
