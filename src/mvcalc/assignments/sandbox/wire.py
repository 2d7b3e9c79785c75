"""The wire format between the checker and its sandboxed child: length-prefixed JSON frames.

Arrays travel as {"__array__": {"dtype", "shape", "data" (base64)}} with a whitelist of
numeric dtypes, so nothing the child sends can make the parent run code (no pickle).
This module uses only the standard library and NumPy: the child runs it without mvcalc.
"""

from __future__ import annotations

import base64
import json
import os
import struct

import numpy as np

HEADER = struct.Struct(">Q")
MAX_FRAME = 64 * 1024 * 1024
EXIT_CPU = 152  # the child's exit status when its CPU-time limit is reached
DTYPES = frozenset({"float64", "float32", "int64", "int32", "int16", "int8", "uint8", "bool", "complex128"})
_NAMES = {np.dtype(name): name for name in DTYPES}  # dtype -> name without NumPy's slow .name


class WireError(ValueError):
    """A frame that is malformed, too large, or holds something other than plain data."""


class Unencodable:
    """Marks a value the child could not send (a function, an object, ...), by its type name."""

    def __init__(self, type_name: str) -> None:
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<{self.type_name}>"


def encode(value):
    """Turn plain data (numbers, strings, lists, dicts, NumPy arrays) into JSON-ready objects."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (np.ndarray, np.generic)):
        arr = np.asarray(value)
        name = _NAMES.get(arr.dtype)
        if name is None:
            if arr.dtype == object:
                return {"__unencodable__": "array of Python objects"}
            if arr.dtype.kind not in "fiu":
                return {"__unencodable__": f"array of {arr.dtype}"}
            arr, name = arr.astype(np.float64), "float64"
        arr = np.ascontiguousarray(arr)
        return {"__array__": {"dtype": name, "shape": list(arr.shape),
                              "data": base64.b64encode(arr.tobytes()).decode("ascii")}}
    if isinstance(value, complex):
        return encode(np.asarray(value))
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"__dict__": {k: encode(v) for k, v in value.items()}}
    return {"__unencodable__": type(value).__name__}


def decode(obj):
    """Inverse of `encode`, validating every array header (dtype whitelist, size)."""
    if isinstance(obj, list):
        return [decode(v) for v in obj]
    if isinstance(obj, dict):
        if "__array__" in obj:
            spec = obj["__array__"]
            try:
                dtype, shape, data = spec["dtype"], spec["shape"], spec["data"]
                if dtype not in DTYPES or not all(isinstance(n, int) and n >= 0 for n in shape):
                    raise WireError("bad array header")
                raw = base64.b64decode(data, validate=True)
                arr = np.frombuffer(raw, dtype=np.dtype(dtype))
                return arr.reshape(shape).copy()
            except (KeyError, TypeError, ValueError) as exc:
                raise WireError(f"bad array: {exc}") from None
        if "__dict__" in obj:
            return {str(k): decode(v) for k, v in obj["__dict__"].items()}
        if "__unencodable__" in obj:
            return Unencodable(str(obj["__unencodable__"]))
        return {str(k): decode(v) for k, v in obj.items()}
    return obj


def dumps(message: dict) -> bytes:
    """One frame: 8-byte big-endian length, then UTF-8 JSON."""
    body = json.dumps(message, separators=(",", ":")).encode("utf-8")
    return HEADER.pack(len(body)) + body


def write_frame(fd: int, message: dict) -> None:
    data = memoryview(dumps(message))
    while data:
        written = os.write(fd, data)
        data = data[written:]


def parse_body(body: bytes) -> dict:
    try:
        message = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise WireError(f"not JSON: {exc}") from None
    if not isinstance(message, dict):
        raise WireError("a frame must hold a JSON object")
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
