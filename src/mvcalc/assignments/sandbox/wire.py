"""The wire format between the checker and its sandboxed child: length-prefixed JSON frames.

Only plain values cross: numbers, strings, lists, string-keyed dicts, and NumPy arrays as
{"__array__": {"dtype", "shape", "data" (base64)}} with a whitelist of numeric dtypes, so
nothing the child sends can make the parent run code (no pickle). Every frame is checked
for size, nesting depth and number of values before it is decoded; anything else is a
`WireError`, whatever the bytes. This module uses only the standard library (NumPy when an
array is met): the child runs it inside the sandbox without mvcalc.
"""

from __future__ import annotations

import base64
import json
import os
import struct
import sys

HEADER = struct.Struct(">Q")
MAX_FRAME = 16 * 1024 * 1024  # bytes of one frame's body
MAX_DEPTH = 32  # nesting of lists and dicts in one frame
MAX_VALUES = 1_000_000  # JSON values (numbers, strings, containers) in one frame
EXIT_CPU = 152  # the child's exit status when its CPU-time limit is reached
DTYPES = frozenset({"float64", "float32", "int64", "int32", "int16", "int8", "uint8", "bool", "complex128"})


class WireError(ValueError):
    """A frame that is malformed, too large, too deep, or holds something other than plain data."""


class Unencodable:
    """Marks a value the child could not send (a function, an object, ...), by its type name."""

    def __init__(self, type_name: str) -> None:
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<{self.type_name}>"


def _numpy():
    """NumPy if it is loaded (the child loads it only when the learner or an array needs it)."""
    return sys.modules.get("numpy")


def encode(value, depth: int = 0):
    """Plain data (numbers, strings, lists, dicts, NumPy arrays) as JSON-ready objects."""
    if depth > MAX_DEPTH - 4:
        return {"__unencodable__": "value nested too deeply"}
    if value is None or isinstance(value, (bool, int, float, str)):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**63:
            return float(value) if abs(value) < 1e308 else {"__unencodable__": "int too large"}
        return value
    np = _numpy()
    if np is not None and isinstance(value, (np.ndarray, np.generic)):
        arr = np.asarray(value)
        if arr.dtype == object:
            return {"__unencodable__": "array of Python objects"}
        if arr.dtype.name not in DTYPES:
            if arr.dtype.kind not in "fiu":
                return {"__unencodable__": f"array of {arr.dtype}"}
            arr = arr.astype(np.float64)
        arr = np.asarray(arr, order="C")  # (not ascontiguousarray: it turns a scalar into shape (1,))
        return {"__array__": {"dtype": arr.dtype.name, "shape": list(arr.shape),
                              "data": base64.b64encode(arr.tobytes()).decode("ascii")}}
    if isinstance(value, complex):
        import numpy

        return encode(numpy.asarray(value), depth)
    if isinstance(value, (list, tuple)):
        return [encode(v, depth + 1) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"__dict__": {k: encode(v, depth + 2) for k, v in value.items()}}
    return {"__unencodable__": type(value).__name__}


def check_shape(obj) -> None:
    """Refuse a parsed frame nested deeper than MAX_DEPTH or holding more than MAX_VALUES values."""
    stack, count = [(obj, 0)], 0
    while stack:
        item, depth = stack.pop()
        count += 1
        if count > MAX_VALUES:
            raise WireError(f"more than {MAX_VALUES} values in one frame")
        if isinstance(item, (list, dict)):
            if depth >= MAX_DEPTH:
                raise WireError(f"nested deeper than {MAX_DEPTH} levels")
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)


def _array(spec):
    import numpy as np

    if not isinstance(spec, dict):
        raise WireError("bad array header")
    dtype, shape, data = spec.get("dtype"), spec.get("shape"), spec.get("data")
    if (dtype not in DTYPES or not isinstance(shape, list) or len(shape) > 32 or not isinstance(data, str)
            or not all(type(n) is int and 0 <= n <= MAX_FRAME for n in shape)):
        raise WireError("bad array header")
    try:
        raw = base64.b64decode(data, validate=True)
        return np.frombuffer(raw, dtype=np.dtype(dtype)).reshape(shape).copy()
    except (ValueError, TypeError) as exc:
        raise WireError(f"bad array: {exc}") from None


def decode(obj):
    """Inverse of `encode`, validating every array header (dtype whitelist, shape, size).

    Call it on frames that passed `check_shape` (its recursion is bounded by their depth).
    """
    if isinstance(obj, list):
        return [decode(v) for v in obj]
    if isinstance(obj, dict):
        if "__array__" in obj:
            return _array(obj["__array__"])
        if "__dict__" in obj:
            inner = obj["__dict__"]
            if not isinstance(inner, dict):
                raise WireError("bad dict")
            return {str(k): decode(v) for k, v in inner.items()}
        if "__unencodable__" in obj:
            return Unencodable(str(obj["__unencodable__"])[:200])
        return {str(k): decode(v) for k, v in obj.items()}
    return obj


def dumps(message: dict) -> bytes:
    """One frame: 8-byte big-endian length, then UTF-8 JSON."""
    body = json.dumps(message, separators=(",", ":")).encode("utf-8")
    return HEADER.pack(len(body)) + body


def write_frame(fd: int, message: dict) -> None:
    data = memoryview(dumps(message))
    while data:
        data = data[os.write(fd, data):]


def parse_body(body: bytes) -> dict:
    """The JSON object of one frame's body; WireError for any other byte sequence."""
    if len(body) > MAX_FRAME:
        raise WireError("frame too large")
    try:
        message = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError, MemoryError) as exc:
        raise WireError(f"not a JSON frame ({type(exc).__name__})") from None
    if not isinstance(message, dict):
        raise WireError("a frame must hold a JSON object")
    check_shape(message)
    return message


def read_exact(fd: int, n: int) -> bytes:
    """Blocking read of exactly n bytes (used by the child); EOFError if the pipe closes."""
    chunks, left = [], n
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_frame(fd: int) -> dict:
    (length,) = HEADER.unpack(read_exact(fd, HEADER.size))
    if length > MAX_FRAME:
        raise WireError("frame too large")
    return parse_body(read_exact(fd, length))
