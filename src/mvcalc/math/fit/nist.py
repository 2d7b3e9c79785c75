"""Reader for NIST's Statistical Reference Datasets (StRD) for non-linear regression.

`parse_strd(text)` turns the text of one `.dat` file into a `StrdDataset`: its
data, both starting points, the certified parameters, standard deviations and
residual sum of squares, and the model translated into mvcalc's input language.
The translation is textual and small (`**` → `^`, `[ ]` → `( )`, `arctan` →
`atan`, `.5` → `0.5`); the result is then read by our own parser, never by
`sympify`. Pure: the caller reads the file.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from mvcalc.errors import MvcalcError


class StrdFormatError(MvcalcError):
    """The text is not a NIST StRD non-linear regression file we can read."""


@dataclass(frozen=True)
class StrdDataset:
    """One StRD problem: the model (our syntax), data, starts and certified values."""

    name: str
    model: str  # right-hand side in mvcalc's input language, e.g. "b1*(1-exp(-b2*x))"
    response: str  # "y" or a transform of it such as "log(y)"
    model_line: str  # the model exactly as the file states it (joined lines)
    parameters: tuple[str, ...]
    predictors: tuple[str, ...]
    x: dict[str, np.ndarray]
    y: np.ndarray
    starts: tuple[dict[str, float], ...]
    certified: dict[str, float]
    certified_sd: dict[str, float]
    certified_rss: float
    difficulty: str
    notes: tuple[str, ...] = field(default=())

    def response_values(self) -> np.ndarray:
        """The values the model is fitted to: y itself, or log(y) for Nelson."""
        if self.response == "y":
            return self.y
        if self.response == "log(y)":
            return np.log(self.y)
        raise StrdFormatError(f"unknown response transform {self.response}")


_PARAM_ROW = re.compile(
    r"^\s*(b\d+)\s*=\s*(\S+)\s+(\S+)\s+([-+0-9.Ee]+)\s+([-+0-9.Ee]+)\s*$"
)
_LINES = re.compile(r"Data\s*\(lines\s+(\d+)\s+to\s+(\d+)\)")


def translate_model(model_line: str) -> tuple[str, str]:
    """(response, right-hand side) in our input language, from the file's model line.

    >>> translate_model("y = b1*(1-exp[-b2*x])  +  e")
    ('y', 'b1*(1-exp(-b2*x))')
    """
    text = model_line.strip()
    if "=" not in text:
        raise StrdFormatError(f"no '=' in the model line {model_line!r}")
    lhs, equation = (part.strip() for part in text.split("=", 1))
    rhs = re.sub(r"\+\s*e\s*$", "", equation).strip()
    if rhs == equation:
        raise StrdFormatError("the model line does not end in '+ e'")

    def normal(part: str) -> str:
        part = part.replace("**", "^").replace("[", "(").replace("]", ")")
        part = re.sub(r"\barctan\b", "atan", part)
        part = re.sub(r"(?<![\w.])\.(\d)", r"0.\1", part)
        return re.sub(r"\s+", "", part)

    return normal(lhs), normal(rhs)


def _model_line(lines: list[str]) -> tuple[str, tuple[str, ...]]:
    """The model equation (possibly spread over lines) and any constants defined before it."""
    try:
        start = next(i for i, line in enumerate(lines) if line.startswith("Model:"))
    except StopIteration:
        raise StrdFormatError("no 'Model:' section") from None
    notes: list[str] = []
    collected: list[str] = []
    for line in lines[start + 2 :]:
        stripped = line.strip()
        if not collected:
            if not stripped:
                continue
            if re.match(r"^[A-Za-z]+\s*=\s*[-+0-9.Ee]+$", stripped):
                notes.append(stripped)  # e.g. "pi = 3.14159...": our parser knows pi
                continue
            if "=" not in stripped:
                raise StrdFormatError(f"unexpected line in the model section: {stripped!r}")
        collected.append(stripped)
        if re.search(r"\+\s*e$", stripped):
            return " ".join(collected), tuple(notes)
    raise StrdFormatError("the model equation does not end in '+ e'")


def parse_strd(text: str, name: str | None = None) -> StrdDataset:
    """Read one StRD non-linear regression file (its whole text)."""
    lines = text.splitlines()
    if not lines or "NIST/ITL StRD" not in lines[0]:
        raise StrdFormatError("not a NIST StRD file (first line is not 'NIST/ITL StRD')")
    if name is None:
        found = re.search(r"Dataset Name:\s*(\S+)", text)
        name = found.group(1) if found else "dataset"
    model_line, notes = _model_line(lines)
    response, model = translate_model(model_line)

    parameters: list[str] = []
    starts: tuple[dict[str, float], dict[str, float]] = ({}, {})
    certified: dict[str, float] = {}
    certified_sd: dict[str, float] = {}
    for line in lines:
        row = _PARAM_ROW.match(line)
        if row:
            b, s1, s2, value, sd = row.groups()
            parameters.append(b)
            starts[0][b], starts[1][b] = float(s1), float(s2)
            certified[b], certified_sd[b] = float(value), float(sd)
    if not parameters:
        raise StrdFormatError("no parameter rows ('b1 = start1 start2 certified sd')")
    rss = re.search(r"Residual Sum of Squares:\s*(\S+)", text)
    if not rss:
        raise StrdFormatError("no certified residual sum of squares")
    level = re.search(r"(Lower|Average|Higher) Level of Difficulty", text)

    span = _LINES.search(text)
    if not span:
        raise StrdFormatError("the header does not say which lines hold the data")
    first, last = int(span.group(1)), int(span.group(2))
    header = lines[first - 2].split()
    if not header or header[0] != "Data:":
        raise StrdFormatError(f"expected the column header on line {first - 1}")
    columns = header[1:]
    try:
        table = np.array([[float(v) for v in lines[i].split()] for i in range(first - 1, last)])
    except (ValueError, IndexError) as exc:
        raise StrdFormatError(f"bad data row: {exc}") from None
    if table.ndim != 2 or table.shape[1] != len(columns):
        raise StrdFormatError("data rows do not match the column header")
    data = {col: table[:, j].copy() for j, col in enumerate(columns)}
    y = data.pop("y")
    return StrdDataset(
        name=name,
        model=model,
        response=response,
        model_line=model_line,
        parameters=tuple(parameters),
        predictors=tuple(data),
        x=data,
        y=y,
        starts=starts,
        certified=certified,
        certified_sd=certified_sd,
        certified_rss=float(rss.group(1)),
        difficulty=level.group(1).lower() if level else "unknown",
        notes=notes,
    )


def digits_of_agreement(value: float, certified: float) -> float:
    """-log10 of the relative error (the "LRE"), capped at 15 for an exact match."""
    if certified == 0:
        err = abs(value)
    else:
        err = abs(value - certified) / abs(certified)
    if not math.isfinite(err):
        return 0.0
    if err == 0:
        return 15.0
    return max(0.0, min(15.0, -math.log10(err)))


def min_digits(params: dict[str, float], certified: dict[str, float]) -> float:
    """The worst digits-of-agreement over the parameters."""
    return min(digits_of_agreement(params[b], c) for b, c in certified.items())
