"""Naming the mistake in a wrong answer.

`buggy_derivatives(expr, wrt)` swaps one correct rule for its buggy twin at each node
where it applies (and, where cheap, two at once, or one misconception everywhere) and
returns the distinct wrong answers, each with a message that names the mistake, where
it happened and how to fix it. `diagnose(question, answer)` matches a learner's answer
against those answers (numerically, precomputed once per question); Jacobian, Hessian
and Taylor questions go to the buggy rules of `multivariate` and `taylor`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
import sympy as sp

from mvcalc.math.calculus.buggy_rules import BUGGY_BY_ID, TWINS
from mvcalc.math.calculus.derivation_view import explain
from mvcalc.math.calculus.derive import as_symbol, derivative, derive_steps, rebuild, tidy
from mvcalc.math.calculus.misconception import Misconception
from mvcalc.math.calculus.rules import Rule
from mvcalc.math.check.answer_samples import Samples, close_rows, same_values
from mvcalc.math.check.compare import equivalent, same_answer
from mvcalc.math.display import Displayed
from mvcalc.math.input.printer import text
from mvcalc.math.input.reader import parse
from mvcalc.math.multivariate.buggy import buggy_hessians, buggy_jacobians
from mvcalc.math.series.buggy import buggy_series

MAX_PAIRS = 60  # two-swap answers tried per question ("where cheap")


@dataclass(frozen=True)
class Diagnosis(Displayed):
    """What a wrong answer tells us: `status` ("incorrect" or "invalid"), the matching
    misconception (None for invalid input) and the message for the learner."""

    status: str
    misconception: Misconception | None
    message: str
    alternatives: tuple[Misconception, ...] = field(default=())

    @property
    def rule(self) -> str | None:
        return self.misconception.rule if self.misconception is not None else None

    def to_dict(self) -> dict:
        return {
            "status": self.status,
            "rule": self.rule,
            "message": self.message,
            "misconception": self.misconception.to_dict() if self.misconception else None,
            "alternatives": [m.to_dict() for m in self.alternatives],
        }


# ---------------------------------------------------------------- buggy derivatives


def _sites(root) -> list[tuple[object, Rule]]:
    """Every (step, buggy rule) pair where a buggy twin can replace the step's rule."""
    out = []
    for step in root.walk():
        for bug in TWINS.get(step.rule, ()):
            if bug.applies(step.expr, step.ctx):
                out.append((step, bug))
    return out


def _message(step, bug: Rule) -> str:
    """The buggy rule's message for this node: words and `$…$` LaTeX, never the node's right result."""
    wrong = rebuild(step, {step.site: bug})
    return explain(step, bug, {"wrong": sp.latex(wrong)}, latex="raw", actual=True)


ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")


def ordinal(k: int) -> str:
    """1 → "first", 2 → "second", …; past the table, "7th"."""
    return ORDINALS[k - 1] if 1 <= k <= len(ORDINALS) else f"{k}th"


def prime_latex(k: int) -> str:
    """The k-th derivative's name in LaTeX: f, f′, f″, f‴, then f^{(k)}."""
    return "f" + "'" * k if k < 4 else f"f^{{({k})}}"


def in_step(message: str, step: int, order: int) -> str:
    """`message` about differentiation number `step` (1-based) of an order-`order` question,
    placed in that step: what the learner differentiated there and which steps look right.

    The relevance rule: a mistake is only ever named in an expression the learner worked
    with, the question's f or one of its (correct) derivatives on the way to the answer.
    """
    if order == 1:
        return message
    source = prime_latex(step - 1)
    if step == order:
        done = "first derivative step looks" if step == 2 else f"first {step - 1} derivative steps look"
        return f"Your {done} right, but the {ordinal(step)} (differentiating ${source}$) differs. {message}"
    later = "the later steps are" if order - step > 1 else "the next step is"
    return (f"The mistake is in the {ordinal(step)} differentiation (of ${source}$); {later} right "
            f"for what it gave. {message}")


def _valid(answer: sp.Expr) -> bool:
    return not answer.has(sp.nan, sp.zoo, sp.oo, -sp.oo)


class _Collector:
    """Keeps the distinct wrong answers: equal values merge their rule names."""

    def __init__(self, correct: sp.Expr, names):
        self.samples = Samples(correct, names)
        self.correct = self.samples.reference
        self.items: list[Misconception] = []
        self.rows: list[np.ndarray] = []

    def add(self, answer: sp.Expr, make, merge: bool = True) -> None:
        if not _valid(answer):
            return
        values = self.samples.values(answer)
        if not np.isfinite(values).any() or same_values(values, self.correct):
            return
        if self.rows:
            hits = np.flatnonzero(close_rows(np.vstack(self.rows), values))
            if hits.size:
                if not merge:
                    return
                first = hits[0]
                m = self.items[first]
                rule = make(None)
                if rule not in m.rules:
                    self.items[first] = replace(m, rules=m.rules + (rule,))
                return
        self.items.append(make(answer))
        self.rows.append(values)


def swapped_answers(expr: sp.Expr, wrt, order: int = 1) -> list[tuple[str, sp.Expr, sp.Expr]]:
    """Every single swap, undeduplicated: (buggy rule id, node it acts on, whole answer)."""
    x = as_symbol(wrt)
    d = derivative(expr, x, order)
    root = derive_steps(d.steps[-1].expr, x, d.steps[-1].ctx.variables)
    return [(bug.id, step.expr, rebuild(root, {step.site: bug})) for step, bug in _sites(root)]


def buggy_derivatives(expr: sp.Expr, wrt, max_swaps: int = 1, order: int = 1) -> list[Misconception]:
    """The distinct wrong derivatives a learner with one misconception would write.

    One buggy rule at one node each; a misconception applied at every node where it
    fits; with `max_swaps=2`, also two mistakes at once (up to MAX_PAIRS). Answers
    equal (numerically) to the right one or to an earlier one are merged: the
    `rules` of a Misconception lists every rule that gives its answer.
    For order n each differentiation k = 1..n is tried: the mistake made in the k-th
    (on the correct derivative k − 1, which the learner worked with), the others done
    right; the message says which step (`in_step`). Order n also has "stopped early"
    (the derivative of order n − 1).
    """
    x = as_symbol(wrt)
    d = derivative(expr, x, order)
    names = [s.name for s in d.steps[0].ctx.variables]
    collect = _Collector(d.result, names)
    if not collect.samples.usable:
        return []
    for k in range(1, order + 1):
        _step_mistakes(collect, d, x, k, order, max_swaps)
    if order > 1:
        collect.add(d.results[-2], _plain(
            "stopped_early",
            f"That is the {ordinal(order - 1)} derivative, ${prime_latex(order - 1)}$: differentiate it once more."))
    return collect.items


def _plain(rule: str, message: str):
    def make(answer):
        return rule if answer is None else Misconception(rule, tidy(answer), message, "", (rule,))
    return make


def _step_mistakes(collect: _Collector, d, x, k: int, order: int, max_swaps: int) -> None:
    """The mistakes of differentiation number k (of `order`): made on the correct derivative
    k − 1, every later differentiation done right."""
    base = d.steps[k - 1].expr
    root = derive_steps(base, x, d.steps[k - 1].ctx.variables)
    sites = _sites(root)
    rest = order - k

    def finish(answer: sp.Expr) -> sp.Expr:
        return derivative(answer, x, rest).result if rest and _valid(answer) else answer

    def add(swaps: dict, rule: str, where, words, merge: bool = True) -> None:
        def make(answer):
            if answer is None:
                return rule
            return Misconception(rule, tidy(answer), in_step(words(), k, order), sp.latex(where), (rule,))
        collect.add(finish(rebuild(root, swaps)), make, merge)

    for step, bug in sites:
        add({step.site: bug}, bug.id, step.expr, lambda step=step, bug=bug: _message(step, bug))
    by_name: dict[str, list] = {}  # one misconception (by name) made everywhere it fits
    for step, bug in sites:
        by_name.setdefault(bug.name, []).append((step, bug))
    for group in by_name.values():
        if len(group) < 2:
            continue
        step, bug = group[0]
        add({s.site: b for s, b in group}, bug.id, step.expr,
            lambda step=step, bug=bug, count=len(group): _message(step, bug)
            + f" You made this mistake at each of the {count} places it could happen.")
    if max_swaps >= 2:
        pairs = [(a, b) for i, a in enumerate(sites) for b in sites[i + 1 :] if a[0].site != b[0].site]
        for (s1, b1), (s2, b2) in pairs[:MAX_PAIRS]:
            add({s1.site: b1, s2.site: b2}, f"{b1.id}+{b2.id}", s1.expr,
                lambda s1=s1, b1=b1, s2=s2, b2=b2: _message(s1, b1) + " Also: " + _message(s2, b2),
                merge=False)


# ---------------------------------------------------------------- diagnose


def _field(question, name: str, default=None):
    if isinstance(question, Mapping):
        return question.get(name, default)
    return getattr(question, name, default)


def _parse(value, variables):
    """Learner or question text through the project's parser; SymPy objects as they are."""
    if isinstance(value, sp.Basic | sp.MatrixBase):
        return value
    if isinstance(value, list | tuple):
        return sp.ImmutableMatrix([[_parse(v, variables) for v in value]]) if value else None
    if isinstance(value, int | float):
        return sp.Integer(value) if isinstance(value, int) else sp.Float(value)

    return parse(str(value), variables)


def _variables(question, expr) -> list[str] | None:
    names = _field(question, "variables") or _field(question, "vars")
    if isinstance(names, str):
        names = [n.strip() for n in names.split(",") if n.strip()]
    if names:
        return list(names)
    if isinstance(expr, sp.Basic):
        return sorted(s.name for s in expr.free_symbols)
    return None


@lru_cache(maxsize=256)
def _derivative_table(expr: sp.Expr, wrt: str, order: int):
    """Per question, once: the right answer, its buggy answers and their values."""
    d = derivative(expr, wrt, order)
    names = sorted({s.name for s in d.steps[0].ctx.variables})
    buggy = buggy_derivatives(expr, wrt, max_swaps=2, order=order)
    samples = Samples(d.result, names)
    table = np.vstack([samples.values(m.answer) for m in buggy]) if buggy else np.zeros((0, 0))
    return d.result, tuple(buggy), samples, table


def _match(buggy, samples: Samples, table: np.ndarray, answer, variables) -> list[Misconception]:
    """The buggy answers equal to `answer`: screened by the precomputed table of values
    (one NumPy call for all of them), each candidate then decided by the checker."""
    if not buggy or not isinstance(answer, sp.Expr):
        return []
    hits = np.flatnonzero(close_rows(table, samples.values(answer)))
    return [buggy[i] for i in hits if same_answer(buggy[i].answer, answer, variables)]


def _diagnosis(found: list[Misconception]) -> Diagnosis | None:
    if not found:
        return None
    first = found[0]
    message = first.message
    others = [m for m in found[1:]]
    names = {r for m in found for r in (m.rules or (m.rule,))} - {first.rule}
    if names:
        message += " (Other mistakes give the same answer: " + "; ".join(sorted(map(rule_name, names))) + ".)"
    return Diagnosis("incorrect", first, message, tuple(others))


def rule_name(rule_id: str) -> str:
    """A short human name for a mistake's id: the buggy rule's name ("forgotten chain factor"),
    two at once joined by "and", any other id (matrices, series, the bank's own) in words."""
    if not rule_id:
        return ""
    if "+" in rule_id:
        return " and ".join(rule_name(part) for part in rule_id.split("+"))
    bug = BUGGY_BY_ID.get(rule_id)
    return bug.name if bug is not None else rule_id.replace("_", " ").replace("-", " ")


def _matrix_values(samples: Samples, m) -> np.ndarray:
    entries = list(m) if isinstance(m, sp.MatrixBase) else [m]
    return np.concatenate([samples.values(e if isinstance(e, sp.Basic) else sp.Float(e)) for e in entries])


def _match_matrix(buggy: list[Misconception], answer, variables) -> list[Misconception]:
    """Jacobian/Hessian/series answers: same shape, same values entry by entry (screened
    at sample points, decided by the checker)."""
    shape = answer.shape if isinstance(answer, sp.MatrixBase) else None
    samples = Samples(sp.S.One, variables or [])
    mine = _matrix_values(samples, answer)
    out = []
    for m in buggy:
        their_shape = m.answer.shape if isinstance(m.answer, sp.MatrixBase) else None
        if their_shape == shape and same_values(_matrix_values(samples, m.answer), mine):
            if same_answer(m.answer, answer, variables or None):
                out.append(m)
    return out


def _question_value(value, variables):
    if isinstance(value, list | tuple):
        return [_parse(v, variables) for v in value]
    return _parse(value, variables)


def _names_in(*values) -> list[str]:
    names: set[str] = set()
    for v in values:
        for item in v if isinstance(v, list) else [v]:
            if isinstance(item, sp.Basic | sp.MatrixBase):
                names |= {s.name for s in item.free_symbols}
    return sorted(names)


def _other_kind(kind: str, question, answer, variables) -> Diagnosis | None:
    """Jacobian, Hessian and Taylor questions, by the buggy rules of their own modules."""
    finder = {"jacobian": buggy_jacobians, "hessian": buggy_hessians, "taylor": buggy_series}[kind]
    functions = _question_value(_field(question, "exprs") or _field(question, "expr"), variables)
    names = variables or _names_in(functions, answer)
    if kind == "taylor":
        buggy = finder(functions, _field(question, "at", 0), _field(question, "order", 2), variables=variables)
    else:
        buggy = finder(functions, variables, at=_field(question, "at"))
    return _diagnosis(_match_matrix(list(buggy), answer, names))


def diagnose(question, answer) -> Diagnosis | None:
    """Which mistake gives `answer` to `question`; None when it is right, undecided or unexplained.

    `question` is a mapping or object with `kind` ("derivative", "partial", "jacobian",
    "hessian", "taylor"), `expr`, `wrt` (derivatives), `order`, `variables`, `at`.
    `answer` is text (read with the project's parser) or SymPy. Unreadable answer text
    gives a Diagnosis with status "invalid" and the parser's message.
    """
    kind = _field(question, "kind", "derivative")
    raw_expr = _field(question, "expr") if kind != "jacobian" else (_field(question, "exprs") or _field(question, "expr"))
    variables = _variables(question, raw_expr if isinstance(raw_expr, sp.Basic) else None)
    try:
        value = _parse(answer, variables)
    except ValueError as exc:
        return Diagnosis("invalid", None, getattr(exc, "message", str(exc)))
    if kind in ("jacobian", "hessian", "taylor"):
        return _other_kind(kind, question, value, variables)
    if kind not in ("derivative", "partial"):
        raise ValueError(f"cannot diagnose a {kind!r} question")
    expr = _parse(raw_expr, variables)
    wrt = _field(question, "wrt") or _only_variable(expr)
    order = int(_field(question, "order", 1) or 1)
    variables = variables or sorted(s.name for s in expr.free_symbols)
    correct, buggy, samples, table = _derivative_table(expr, str(wrt), order)
    if not isinstance(value, sp.Expr):
        return None
    if equivalent(correct, value, variables) is not False:
        return None  # right, or undecided: no mistake is named without a wrong answer
    return _diagnosis(_match(buggy, samples, table, value, variables))


def _only_variable(expr: sp.Expr) -> str:
    names = sorted(s.name for s in expr.free_symbols)
    if len(names) != 1:
        raise ValueError("say which variable to differentiate with respect to (wrt)")
    return names[0]


def check_derivative(expr_text: str, wrt: str, answer_text: str, variables=None) -> dict:
    """Is `answer_text` the derivative of `expr_text` with respect to `wrt`? With a diagnosis.

    Returns a plain dict: status ("correct", "incorrect", "invalid", "undecided"),
    message, expected (text and LaTeX), answer, and diagnosis (or None).
    """

    names = list(variables) if variables else None
    try:
        expr = parse(expr_text, names)
    except ValueError as exc:
        return _verdict("invalid", "The expression to differentiate: " + getattr(exc, "message", str(exc)))
    if names is None:
        names = sorted({s.name for s in expr.free_symbols} | {wrt})
    if wrt not in names:
        return _verdict("invalid", f"{wrt} is not one of the variables ({', '.join(names)})")
    expected = derivative(expr, wrt).result
    try:
        answer = parse(answer_text, names)
    except ValueError as exc:
        return _verdict("invalid", "Your answer: " + getattr(exc, "message", str(exc)), expected)
    right = equivalent(expected, answer, names)
    if right is None:
        return _verdict("undecided", "Could not decide whether the answer is right.", expected, answer)
    if right:
        return _verdict("correct", "Correct.", expected, answer)
    found = diagnose({"kind": "derivative", "expr": expr, "wrt": wrt, "variables": names}, answer)
    message = found.message if found else "Not the derivative, and not a mistake we recognise."
    return _verdict("incorrect", message, expected, answer, found)


def _verdict(status, message, expected=None, answer=None, found: Diagnosis | None = None) -> dict:
    return {
        "status": status,
        "message": message,
        "expected": text(expected) if expected is not None else None,
        "expected_latex": sp.latex(expected) if expected is not None else None,
        "answer": text(answer) if answer is not None else None,
        "answer_latex": sp.latex(answer) if answer is not None else None,
        "diagnosis": found.to_dict() if found else None,
    }
