"""Is this answer right?  `check(expected, answer)` -> a Verdict that is never wrong.

The method (docs/reference/check.md): read both sides with the same parser;
shapes first (`shapes.py`); survey each tree before computing with it
(`survey.py`); compare entries numerically on the common real domain with a
high-precision re-check of near ties (`sampling.py`); fall back to exact
simplification in a killable worker (`exact.py`) only when sampling cannot
decide; if that cannot decide either, say so. Nothing is ever "correct" by default.

Every check is bounded in work, not time (the same verdict on an idle and a busy
machine): a fixed set of sample points, a high-precision budget in evaluated tree
nodes (`sampling.WORK`), and a CPU-time budget for exact simplification
(`exact.CPU_LIMIT`); only a far-off wall-clock safety net (`exact.SAFETY_NET`)
guards against a worker that never answers, and its verdict says so.

Only the documented errors are caught: the parser's `InputError`, numeric.py's
`UnsupportedExpression` and arithmetic errors; anything else is a bug, logged
with its input and raised.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp

from mvcalc.math.check import exact
from mvcalc.math.check import integers as whole_numbers
from mvcalc.math.check.sampling import Budget, Outcome, compare, plainly_differ
from mvcalc.math.check.shapes import Side, align, is_matrix
from mvcalc.math.check.survey import survey
from mvcalc.math.display import Displayed
from mvcalc.math.input.integers import Ranges, ranges
from mvcalc.math.input.printer import text
from mvcalc.math.input.reader import InputError, read
from mvcalc.math.numeric import UnsupportedExpression

STATUSES = ("correct", "incorrect", "invalid", "undecided")
# what decided a verdict, cheapest first ("" when nothing did: undecided)
STAGES = ("parse", "shape", "float", "high-precision", "exact")
# the errors numeric evaluation documents; anything else is a bug
NUMERIC_ERRORS = (UnsupportedExpression, ArithmeticError)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verdict(Displayed):
    """The verdict on one answer.

    `status`: "correct" | "incorrect" | "invalid" (the answer could not be read) |
    "undecided" (mvcalc could not tell; never counted as correct). `message`: for
    the learner. `latex`: how the answer was interpreted. `notes`: the parser's
    non-literal readings. `column`: where an invalid answer went wrong. `value`:
    the answer as SymPy (None if it could not be read; in `to_dict`, as learner text). `stage`: what decided it,
    one of STAGES ("float" sampling, the "high-precision" re-check, "exact"
    simplification, "shape", "parse"), "" when undecided. `reason`: why an
    undecided verdict is undecided. `entries`: for each entry of the expected
    value in row-major order (one for a scalar), True (equal), False (differs) or
    None (not decided); empty when the answer could not be read or its shape differs.
    """

    status: str
    message: str
    latex: str = ""
    notes: tuple[str, ...] = ()
    column: int | None = None
    value: Any = None
    stage: str = ""
    reason: str = ""
    entries: tuple[bool | None, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "message": self.message,
            "latex": self.latex,
            "notes": list(self.notes),
            "column": self.column,
            "value": None if self.value is None else text(self.value),
            "stage": self.stage,
            "reason": self.reason,
            "entries": list(self.entries),
        }


class _Refused(ValueError):
    """A SymPy object that cannot be checked (too large, not an expression)."""


@dataclass(frozen=True)
class _Read:
    side: Side
    notes: tuple[str, ...] = ()
    latex: str | None = None


def _is_flat_text(text: str) -> bool:
    body = text.strip()
    return body.startswith("[") and not body[1:].lstrip().startswith("[")


def _entry(obj: Any) -> sp.Expr:
    if isinstance(obj, bool) or not isinstance(obj, int | float | sp.Basic):
        raise _Refused(f"a {type(obj).__name__} is not an expression that can be checked")
    if isinstance(obj, int):
        return sp.Integer(obj)
    if isinstance(obj, float):
        return sp.Float(obj)
    return obj


@functools.lru_cache(maxsize=512)
def _read_text(
    text: str, variables: tuple[str, ...] | None, whole: tuple[tuple[str, int | None], ...] = ()
) -> _Read:
    """Parsed text, cached: one question's expected answer meets many answers."""
    reading = read(text, variables, dict(whole))
    flat = is_matrix(reading.value) and _is_flat_text(text)
    return _Read(Side(reading.value, flat), reading.notes, None)  # LaTeX made once, at the end


def _read(obj: Any, variables: Iterable[str] | None, whole: Ranges | None = None) -> _Read:
    """Text through the parser; SymPy objects, numbers and lists as they are."""
    if isinstance(obj, str):
        names = (
            None
            if variables is None
            else tuple([variables] if isinstance(variables, str) else variables)
        )
        return _read_text(obj, names, tuple(sorted((whole or {}).items())))
    if isinstance(obj, list | tuple):
        if obj and all(isinstance(row, list | tuple) for row in obj):
            lengths = {len(row) for row in obj}
            if len(lengths) != 1 or not lengths.pop():
                raise _Refused("the rows of the matrix have different lengths")
            rows = [[_entry(v) for v in row] for row in obj]
            return _Read(Side(sp.ImmutableMatrix(rows)))
        if not obj:
            raise _Refused("an empty list is not an answer")
        return _Read(Side(sp.ImmutableMatrix([[_entry(v) for v in obj]]), flat=True))
    if isinstance(obj, sp.MatrixBase):
        if 0 in obj.shape:
            raise _Refused("an empty matrix is not an answer")
        return _Read(Side(sp.ImmutableMatrix(obj)))
    return _Read(Side(_entry(obj)))


def _entries(value: Any) -> list[sp.Basic]:
    return list(value) if is_matrix(value) else [value]


def _surveys(value: Any):
    out = []
    for entry in _entries(value):
        found = survey(entry)
        if found.problem:
            raise _Refused(found.problem)
        out.append(found)
    return out


def _latex(reading: _Read) -> str:
    if reading.latex is not None:
        return reading.latex
    return sp.latex(reading.side.value)


def _number(value: float | None, other: float | None = None) -> str:
    """A value for a message, with enough digits to differ from `other`."""
    if value is None or value != value:
        return "not defined (not a real number)"
    if value in (float("inf"), float("-inf")):
        return "too large to show"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    for digits in range(6, 18):
        shown = f"{value:.{digits}g}"
        if other is None or other != other or shown != f"{other:.{digits}g}":
            return shown
    return shown


def _where(point: dict[str, float]) -> str:
    return ", ".join(f"{name} = {_number(v)}" for name, v in point.items())


def _difference(outcome: Outcome) -> str:
    """'at x = 1.5 your answer is 2.25 but the expected value is 3' (no capital, no stop)."""
    where = f"at {_where(outcome.point)} " if outcome.point else ""
    if outcome.status == "domain":
        return (
            f"{where}your answer is not defined (not a real number), "
            f"but the expected value is {_number(outcome.expected)}"
        )
    if outcome.expected is None:  # decided by exact simplification: no witness point
        return ""
    return (
        f"{where}your answer is {_number(outcome.answer, outcome.expected)} "
        f"but the expected value is {_number(outcome.expected, outcome.answer)}"
    )


def _list_labels(labels: Sequence[str]) -> str:
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _wrong_message(labels: Sequence[str], first: Outcome) -> str:
    detail = _difference(first)
    if not detail:  # decided by exact simplification: no point to show
        detail = "the difference simplifies to a nonzero constant"
    if not labels[0]:  # a scalar
        return f"Not equal: {detail}."
    verb = "is" if len(labels) == 1 else "are"
    head = f"Not equal: {_list_labels(labels)} {verb} not right."
    if len(labels) == 1:
        return f"{head} {detail[:1].upper()}{detail[1:]}."
    return f"{head} In {labels[0]}, {detail}."


@dataclass(frozen=True)
class _Judgement:
    status: str
    message: str
    stage: str = ""
    reason: str = ""
    entries: tuple[bool | None, ...] = ()


# the stage that decides when several entries were decided differently: the costliest
_RANK = {stage: k for k, stage in enumerate(STAGES)}

EXACT_REASONS = {
    "": "exact simplification could not tell",
    "work": "exact simplification used up its work budget",
    "memory": "exact simplification ran out of memory",
    "safety net": f"exact simplification gave no answer within {exact.SAFETY_NET:g} s",
    "no worker": "the exact-simplification worker could not be started",
}


def _numeric(e, a, budget: Budget, whole: Ranges) -> Outcome | None:
    """Sampling's outcome for one pair; None when numeric.py cannot evaluate it.
    Integer variables (`whole`) are sampled at whole numbers (`integers.compare`)."""
    se, sa = survey(e), survey(a)
    if not (se.numeric and sa.numeric):
        return None
    try:
        names, inexact = se.names | sa.names, se.inexact or sa.inexact
        if whole.keys() & names:
            return whole_numbers.compare(e, a, names, whole, budget, inexact)
        return compare(e, a, names, budget, inexact)
    except NUMERIC_ERRORS:
        return None  # numeric.py could not evaluate it: try exact simplification
    except Exception:
        log.exception("numeric comparison failed on %r and %r", e, a)
        raise


def _judge(expected: _Read, answer: _Read, budget: Budget, whole: Ranges) -> _Judgement:
    """The verdict for two readable sides; `whole` are the integer variables."""
    pairs, mismatch = align(expected.side, answer.side)
    if mismatch:
        return _Judgement("incorrect", mismatch, "shape")
    outcomes: list[Outcome | None] = []
    reasons: list[str] = []
    for e, a, _ in pairs:
        outcome = _numeric(e, a, budget, whole)
        if outcome is not None and outcome.status == "undecided":
            reasons.append(outcome.reason)
            outcome = None
        outcomes.append(outcome)
    pending = [k for k, o in enumerate(outcomes) if o is None]
    if pending and all(o is None or o.status == "equal" for o in outcomes):
        decided, why = exact.exact_equal(
            [tuple(whole_numbers.canonical(v, whole) for v in pairs[k][:2]) for k in pending]
        )
        for k, result in zip(pending, decided, strict=True):
            if result is not None:
                outcomes[k] = Outcome("equal" if result else "differ", stage="exact")
        reasons.append(EXACT_REASONS.get(why, why))
    entries = tuple(None if o is None else o.status == "equal" for o in outcomes)
    wrong = [k for k, o in enumerate(outcomes) if o is not None and o.status != "equal"]
    if wrong:
        first = outcomes[wrong[0]]
        message = _wrong_message([pairs[k][2] for k in wrong], first)
        return _Judgement("incorrect", message, first.stage, "", entries)
    unsure = [pairs[k][2] for k, o in enumerate(outcomes) if o is None]
    if unsure:
        where = f" ({_list_labels(unsure)})" if unsure[0] else ""
        reason = "; ".join(dict.fromkeys(r for r in reasons if r))
        return _Judgement(
            "undecided",
            f"mvcalc could not decide whether your answer{where} equals the expected one "
            f"({reason}). It has not been marked right or wrong.",
            "",
            reason,
            entries,
        )
    stage = max((o.stage for o in outcomes if o is not None), key=_RANK.__getitem__)
    return _Judgement("correct", "Correct.", stage, "", entries)


def _verdict_for(
    expected: Any, answer: Any, variables: Iterable[str] | None, integers: Any = None
) -> Verdict:
    budget = Budget()
    exact.start()
    try:
        given = ranges(integers)
        want = _read(expected, variables, given)
        _surveys(want.side.value)
        whole = whole_numbers.declared(want.side.value, sp.S.Zero, given)
    except InputError as err:
        return Verdict(
            "invalid",
            f"The expected answer could not be read: {err}",
            column=err.column,
            stage="parse",
        )
    except _Refused as err:
        return Verdict("invalid", f"The expected answer cannot be checked: {err}.", stage="parse")
    try:
        got = _read(answer, variables, whole)
        _surveys(got.side.value)
    except InputError as err:
        return Verdict("invalid", str(err), column=err.column, stage="parse")
    except _Refused as err:
        return Verdict("invalid", f"Your answer cannot be checked: {err}.", stage="parse")
    judged = _judge(want, got, budget, whole_numbers.declared(sp.S.Zero, got.side.value, whole))
    return Verdict(
        judged.status,
        judged.message,
        _latex(got),
        got.notes,
        None,
        got.side.value,
        judged.stage,
        judged.reason,
        judged.entries,
    )


Integers = Mapping[str, int | None] | Iterable[str] | None


def check(
    expected: Any, answer: Any, variables: Iterable[str] | None = None, integers: Integers = None
) -> Verdict:
    """Check `answer` against `expected` (text, SymPy Expr/Matrix, or a list for a vector).

    `integers` declares integer variables (name -> least value; names alone start at 0),
    sampled at whole numbers; integer symbols in a SymPy `expected` declare themselves."""
    return _verdict_for(expected, answer, variables, integers)


def equivalent(
    a: Any, b: Any, variables: Iterable[str] | None = None, integers: Integers = None
) -> bool | None:
    """Is `b` equal to `a` on their common real domain?  None when that cannot be decided.

    `a` plays the expected value: `b` must be defined wherever `a` is.
    """
    status = check(a, b, variables, integers).status
    return {"correct": True, "incorrect": False}.get(status)


def same_answer(
    a: Any, b: Any, variables: Iterable[str] | None = None, integers: Integers = None
) -> bool:
    """Are `a` and `b` provably equal where both are defined (one's domain holding the
    other's)? How a typed answer is matched with a named mistake, whose simplified
    form may be defined more widely than the learner's unsimplified one.

    SymPy values that plainly differ in floats at the first sample points are not the
    same (a screen that only says no, so that trying many named mistakes stays cheap);
    everything else is decided by `equivalent`.
    """
    # the screen samples every variable on the real line: not for terms in an integer n
    if not (integers or whole_numbers.declared(a, b, None)) and _plainly_differ(a, b):
        return False
    return (
        equivalent(a, b, variables, integers) is True
        or equivalent(b, a, variables, integers) is True
    )


def _plainly_differ(a: Any, b: Any) -> bool:
    if not isinstance(a, sp.Basic) or not isinstance(b, sp.Basic):
        return False
    if is_matrix(a) != is_matrix(b) or (is_matrix(a) and a.shape != b.shape):
        return False  # the shapes are the checker's to judge
    pairs = zip(a, b, strict=True) if is_matrix(a) else [(a, b)]
    return any(plainly_differ(e, f) for e, f in pairs)
