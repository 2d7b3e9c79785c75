"""How a derivation reads: explanations from the rule templates, text, LaTeX, dicts, Rich trees.

Kept apart from the engine so that a derivation computes nothing for display until
someone looks at it.
"""

from __future__ import annotations

import functools

import sympy as sp

from mvcalc.math.calculus.rules import Rule, split_constant, split_fraction
from mvcalc.math.input.printer import latex as remembering_latex
from mvcalc.math.input.printer import text as plain_text

# A derivation prints the same sub-expressions many times (a step's result is its
# parent's du, a factor is both a step and part of a template): print each once.


@functools.lru_cache(maxsize=8192)
def text(expr) -> str:
    return plain_text(expr)


@functools.lru_cache(maxsize=8192)
def _latex(expr) -> str:
    return remembering_latex(expr)


_PLACEHOLDERS = ("u", "v", "w", "s", "t")


def placeholder(step) -> sp.Symbol:
    """The name for the inner expression of a chain rule: u, unless u is already a variable."""
    taken = {s.name for s in step.ctx.variables} if step.ctx is not None else set()
    for name in _PLACEHOLDERS:
        if name not in taken:
            return sp.Symbol(name, real=True)
    return sp.Symbol("u_0", real=True)


def shown(step) -> tuple[sp.Expr, sp.Expr, str]:
    """(expression, result, variable) as a reader sees them: with u for the outer step of a chain."""
    if step.outer:
        u = placeholder(step)
        swap = {step.var: u}
        return step.expr.xreplace(swap), step.result.xreplace(swap), u.name
    return step.expr, step.result, step.var.name if step.var is not None else "x"


class _Fields(dict):
    """The template fields of one step, each computed only if the template asks for it."""

    def __init__(self, step, rule: Rule, extra: dict | None, latex: bool | str, actual: bool):
        super().__init__(extra or {})
        self.step, self.rule, self.latex, self.actual = step, rule, latex, actual
        self.raw = latex == "raw"  # fields as bare LaTeX, for templates that put them inside $…$

    def fmt(self, expr) -> str:
        if isinstance(expr, str):
            return expr
        if self.raw:
            return _latex(expr)
        return f"${_latex(expr)}$" if self.latex else text(expr)

    def __missing__(self, key: str) -> str:
        value = self.compute(key)
        self[key] = value
        return value

    def compute(self, key: str) -> str:  # noqa: C901 - one branch a field
        step, ctx = self.step, self.step.ctx
        expr = step.expr
        if key in ("wrong", "right"):
            return ""
        if key == "d":
            if self.raw:
                return ctx.d(latex=True)
            if step.outer and not self.actual:
                return f"d/d{placeholder(step).name}"
            return ctx.d()
        if key == "dx":
            return f"∂{ctx.wrt.name}" if ctx.partial else f"d{ctx.wrt.name}"
        if key == "x":  # inside the template's own $…$ in raw mode: LaTeX (\mu, a_{2}), not mu, a2
            return _latex(ctx.wrt) if self.raw else ctx.wrt.name
        if key == "p":
            return placeholder(step).name
        if key in ("f", "r"):
            if self.actual:
                return self.fmt(expr if key == "f" else step.result)
            f, r, _ = shown(step)
            return self.fmt(f if key == "f" else r)
        if key == "u":
            return self.fmt(step.substeps[0].var) if step.substeps else "u"
        if key == "du":
            return self.fmt(step.substeps[1].result) if len(step.substeps) > 1 else "du"
        if key in ("c", "rest"):
            c, rest = split_constant(expr, ctx)
            return self.fmt(c if key == "c" else rest)
        if key in ("held", "held_is", "held_note"):
            target = split_constant(expr, ctx)[0] if expr.is_Mul else expr
            names = [f"${_latex(s)}$" if self.raw else s.name for s in ctx.others(target)]
            held = " and ".join(names) if len(names) < 3 else ", ".join(names)
            held_is = f"{held} {'is' if len(names) == 1 else 'are'}"  # the verb agrees: "y is", "y and z are"
            if key == "held":
                return held
            if key == "held_is":
                return held_is
            return f" ({held_is} held constant)" if names else ""
        if key == "n":
            return self.fmt(expr.exp)
        if key == "a":
            return self.fmt(expr.base)
        if key == "b":
            logs = [a for a in expr.args if a.is_Pow and isinstance(a.base, sp.log)]
            return self.fmt(logs[0].base.args[0]) if logs else "b"
        if key in ("num", "den", "den2"):
            num, den = split_fraction(expr, ctx)
            return self.fmt({"num": num, "den": den, "den2": den**2}[key])
        if key == "name":
            return getattr(expr.func, "__name__", str(expr.func))
        raise KeyError(key)


def explain(step, rule: Rule, extra: dict | None = None, latex: bool | str = False,
            actual: bool = False) -> str:
    """Fill `rule`'s one-line template for `step` (`extra` supplies e.g. wrong and right).

    `latex`: False gives fields as input-language text, True as `$…$` LaTeX, "raw" as bare
    LaTeX (the buggy rules' messages, whose templates put the fields inside their own `$…$`)."""
    return rule.explain.format_map(_Fields(step, rule, extra, latex, actual))


# ---------------------------------------------------------------- whole derivations


def _lhs(step, latex: bool = False) -> str:
    f, _, var = shown(step)
    ctx = step.ctx
    if latex:
        op = ctx.d(latex=True) if not step.outer else rf"\frac{{d}}{{d{var}}}"
        return rf"{op}\left({_latex(f)}\right)"
    op = ctx.d() if not step.outer else f"d/d{var}"
    return f"{op} ({text(f)})" if not (f.is_Atom or f.is_Function) else f"{op} {text(f)}"


def _numbered(steps, prefix: str = ""):
    for i, s in enumerate(steps, 1):
        number = f"{prefix}{i}"
        yield number, s
        yield from _numbered(s.substeps, number + ".")


def step_line(step) -> str:
    """`d/dx (x^2) = 2*x` as plain text."""
    _, r, _ = shown(step)
    return f"{_lhs(step)} = {text(r)}"


def derivation_text(d) -> str:
    lines = []
    for k, (root, result) in enumerate(zip(d.steps, d.results, strict=True), 1):
        head = f"{_lhs(root)} = {text(result)}"
        if d.order > 1:
            head = f"order {k}: {head}"
        lines.append(head)
        for number, s in _numbered((root,)):
            depth = number.count(".")
            pad = "   " * depth
            lines.append(f"{pad}{number}. {s.name}: {step_line(s)}")
            lines.append(f"{pad}   {s.explanation}")
        if result != root.result:
            lines.append(f"   tidied: {text(root.result)} = {text(result)}")
    return "\n".join(lines)


def derivation_latex(d) -> str:
    rows = []
    for root, result in zip(d.steps, d.results, strict=True):
        rows.append(rf"{_lhs(root, latex=True)} &= {_latex(result)}")
        for number, s in _numbered((root,)):
            _, r, _ = shown(s)
            indent = r"\quad" * (number.count(".") + 1)
            rows.append(rf"{indent}{_lhs(s, latex=True)} &= {_latex(r)} && \text{{{s.name}}}")
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"


def step_dict(step) -> dict:
    f, r, var = shown(step)
    out = {
        "rule": step.rule,
        "name": step.name,
        "wrt": var,
        "expr": text(f),
        "expr_latex": _latex(f),
        "result": text(r),
        "result_latex": _latex(r),
        "explanation": step.explanation,
        "explanation_latex": explain(step, step.entry, latex=True),
        "substeps": [step_dict(s) for s in step.substeps],
    }
    if step.outer:
        out["u"] = text(step.var)
    return out


def derivation_dict(d) -> dict:
    return {
        "expr": text(d.expr),
        "expr_latex": _latex(d.expr),
        "wrt": d.wrt.name,
        "order": d.order,
        "partial": d.partial,
        "result": text(d.result),
        "result_latex": _latex(d.result),
        "orders": [
            {"order": k, "result": text(res), "result_latex": _latex(res), "steps": [step_dict(root)]}
            for k, (root, res) in enumerate(zip(d.steps, d.results, strict=True), 1)
        ],
    }


def derivation_rich(d):
    from rich.console import Group
    from rich.text import Text
    from rich.tree import Tree

    def add(parent, step):
        label = Text()
        label.append(step.name, style="bold cyan")
        label.append(": " + step_line(step))
        label.append("\n" + step.explanation, style="dim")
        node = parent.add(label)
        for s in step.substeps:
            add(node, s)

    parts = []
    for k, (root, result) in enumerate(zip(d.steps, d.results, strict=True), 1):
        title = Text()
        if d.order > 1:
            title.append(f"order {k}: ", style="bold")
        title.append(f"{_lhs(root)} = ", style="bold")
        title.append(text(result), style="bold green")
        tree = Tree(title)
        add(tree, root)
        parts.append(tree)
    return Group(*parts)
