"""mvcalc in Jupyter: `%load_ext mvcalc` gives `%mvcheck` and `%mvpractice` / `%%mvpractice`.

    %mvcheck "2x cos x" "2 cos(x) x"          # is the answer (second) equal to the expected (first)?
    %mvpractice m1-s4-product-rule             # shows a question from the set
    %mvpractice hint                           # the next hint of the waiting question
    %%mvpractice                               # the next cell: its body is your answer, graded

The answer text is read by the input language and never run as Python. Feedback is
the practice engine's (the named mistake; hints on request).
"""

from __future__ import annotations

import random
import shlex
from dataclasses import dataclass, field
from html import escape
from typing import Any

USAGE_CHECK = 'usage: %mvcheck EXPECTED ANSWER [--vars x,y]  (quote expressions with spaces: %mvcheck "2x" "x + x")'


@dataclass
class Session:
    """The question waiting for an answer in this kernel, and what has been shown of it."""

    question: Any = None
    hints_shown: int = 0
    history: list[str] = field(default_factory=list)


def _display_html(html: str) -> None:
    from IPython.display import HTML, display

    display(HTML(html))


def _display_markdown(text: str) -> None:
    from IPython.display import Markdown, display

    display(Markdown(text))


def mvcheck(line: str):
    """`%mvcheck EXPECTED ANSWER [--vars x,y]`: the checker's verdict (displayed as a table)."""
    from mvcalc.math.check import check

    try:
        words = shlex.split(line)
    except ValueError as exc:
        _display_html(f"<p>{escape(USAGE_CHECK)} ({escape(str(exc))})</p>")
        return None
    variables = None
    if "--vars" in words:
        at = words.index("--vars")
        if at + 1 >= len(words):
            _display_html(f"<p>{escape(USAGE_CHECK)}</p>")
            return None
        variables = [v for v in words[at + 1].split(",") if v]
        words = words[:at] + words[at + 2 :]
    if len(words) != 2:
        _display_html(f"<p>{escape(USAGE_CHECK)}</p>")
        return None
    return check(words[0], words[1], variables)


def _pick(set_id: str, session: Session):
    from mvcalc.exercises import registry

    info = registry.get_set(set_id)
    generator = registry.get(random.choice(info.generators))
    return generator.generate(random.randrange(1_000_000))


def mvpractice(line: str, cell: str | None, session: Session) -> None:
    """`%mvpractice SET` asks a question; the body of a `%%mvpractice` cell is the answer to the waiting one."""
    from mvcalc.exercises import grade
    from mvcalc.exercises.registry import UnknownQuestion

    words = line.split()
    answer = (cell or "").strip()
    if words[:1] == ["hint"]:
        q = session.question
        if q is None or not q.hints:
            _display_html("<p>No question is waiting for a hint: start one with <code>%mvpractice SET</code>.</p>")
        elif session.hints_shown >= len(q.hints):
            _display_html("<p>That was the last hint.</p>")
        else:
            session.hints_shown += 1
            _display_markdown(f"**Hint {session.hints_shown}.** " + q.hints[session.hints_shown - 1])
        return
    if not answer:
        if not words:
            _display_html("<p>Name a practice set, e.g. <code>%mvpractice m1-s4-product-rule</code> "
                          "(<code>mvcalc questions list</code> lists them).</p>")
            return
        try:
            session.question = _pick(words[0], session)
        except (UnknownQuestion, KeyError) as exc:
            _display_html(f"<p>{escape(getattr(exc, 'message', None) or str(exc))}</p>")
            return
        session.hints_shown = 0
        q = session.question
        options = "".join(f"\n- **{chr(65 + i)}.** {c.text}" for i, c in enumerate(q.choices))
        _display_markdown(f"{q.prompt}{options}\n\n*Answer in a cell that starts with* `%%mvpractice`*, the answer below it.*")
        return
    if session.question is None:
        _display_html("<p>No question is waiting: start one with <code>%mvpractice SET</code>.</p>")
        return
    result = grade(session.question, answer)
    session.history.append(result.status)
    message = escape(result.message)
    _display_html(f"<div class='mvcalc-verdict {escape(result.status)}'><strong>{escape(result.status)}</strong>: "
                  f"{message}</div>")
    if result.status == "correct":
        session.question = None


def load_ipython_extension(ipython) -> None:
    """Registers the magics on `%load_ext mvcalc`."""
    session = Session()
    ipython.register_magic_function(mvcheck, magic_kind="line", magic_name="mvcheck")
    ipython.register_magic_function(
        lambda line, cell=None: mvpractice(line, cell, session), magic_kind="line_cell", magic_name="mvpractice"
    )
    ipython.user_ns.setdefault("_mvcalc_session", session)
