"""Across every registered generator (new ones included automatically): enough distinct prompts
over 50 seeds, and every wrong option of a choice question explained in its own words."""

from __future__ import annotations

import re

import pytest

from mvcalc.exercises import registry

GENERATORS = registry.all_generators()
IDS = [g.id for g in GENERATORS]
GRADED = {gid for s in registry.sets() if s.graded for gid in s.generators}
SEEDS = 50
PRACTICE_BAR, GRADED_BAR = 20, 30  # distinct prompts in SEEDS seeds
CHOICE_KINDS = ("choice", "multichoice", "graph")


@pytest.mark.parametrize("gen", GENERATORS, ids=IDS)
def test_seeds_give_enough_distinct_prompts(gen):
    prompts = {registry.generate(gen.id, seed).prompt for seed in range(SEEDS)}
    bar = GRADED_BAR if gen.id in GRADED else PRACTICE_BAR
    assert len(prompts) >= bar, f"{gen.id}: {len(prompts)} distinct prompts in {SEEDS} seeds (needs {bar})"


@pytest.mark.parametrize("gen", [g for g in GENERATORS if g.META.kind in CHOICE_KINDS],
                         ids=[g.id for g in GENERATORS if g.META.kind in CHOICE_KINDS])
def test_every_wrong_option_has_its_own_explanation(gen):
    for seed in range(20):
        q = registry.generate(gen.id, seed)
        wrong = [c for c in q.choices if not c.correct]
        assert wrong, (gen.id, seed)
        assert all(c.misconception is not None and c.misconception.message for c in wrong), (gen.id, seed)
        messages = [c.misconception.message for c in wrong]
        assert len(set(messages)) == len(messages), (gen.id, seed, messages)


# Maths in prose must be LaTeX ($…$): the plain-text printer's forms (exp(x), sqrt(2), x**2, pi)
# or SymPy's E must not appear between the $…$ of a prompt, hint, solution, option or mistake.
PLAIN_MATHS = re.compile(r"(?<![\\\w])E(?!\w)|\*\*|\bexp\(|\bsqrt\(|\bpi\b|\bRational\(|\bzoo\b")
# Inside the maths, what an f-string makes of a number it should not have printed as is: a
# positive number bracketed after a sign (`w - (2)`), a bracket inside a bracket for a shift
# (`(x - (2))`), `\cdot -1`, a coefficient 1 or 0 glued to a letter (`1x`, `0w`, `c + 1m`),
# two signs in a row (`+ -3`), SymPy's names for the inverse functions (`\operatorname{atan}`) and
# a variable's plain name where its LaTeX belongs (`u = mu`, `\partial a2` for \mu, a_{2}).
MATHS_SLIPS = re.compile(
    r"[-+]\s*\(\d+(?:\.\d+)?\)(?![\^(])|\(\s*[a-z]\s*[-+]\s*\(|\\cdot\s*-|(?<![\d.\\])\b[01][a-z]\b"
    r"|[-+]\s+[-+]\s*\d|\\operatorname\{a(?:sin|cos|tan)\}"
    r"|(?<![\\\w])(?:alpha|beta|gamma|delta|epsilon|lambda|mu|sigma|theta|tau|phi|omega)(?!\w)"
    r"|(?<![\\\w{_^])[a-z]\d\b"
)
PROSE_SEEDS = 12


def _prose(markdown: str) -> str:
    return re.sub(r"\$\$.*?\$\$|\$[^$]*\$", " ", markdown, flags=re.S)


def _maths(markdown: str) -> str:
    return " ".join(re.findall(r"\$\$.*?\$\$|\$[^$]*\$", markdown, flags=re.S))


def _texts(q) -> list[str]:
    return [q.prompt, q.solution, *q.hints, *(c.text for c in q.choices),
            *(m.message for m in q.buggy), *(c.misconception.message for c in q.choices if c.misconception)]


@pytest.mark.parametrize("gen", GENERATORS, ids=IDS)
def test_no_plain_text_maths_in_prose(gen):
    for seed in range(PROSE_SEEDS):
        for text in _texts(registry.generate(gen.id, seed)):
            found = PLAIN_MATHS.search(_prose(text))
            assert found is None, (gen.id, seed, _prose(text)[max(0, found.start() - 60):found.end() + 30])
            found = MATHS_SLIPS.search(_maths(text))
            assert found is None, (gen.id, seed, _maths(text)[max(0, found.start() - 60):found.end() + 30])


@pytest.mark.parametrize("slip", ["C(w, b) = (w - (2))^2", "(x - (2))", "3 - (15)", "2\\cdot -1", "z = 1x + b",
                                  "z = 0w + b", "c + 1m", "x + -3", "\\operatorname{atan}{\\left(x \\right)}",
                                  "u = mu", "\\frac{\\partial}{\\partial a2}"])
def test_the_maths_slips_pattern_catches_each_slip(slip):
    assert MATHS_SLIPS.search(_maths(f"so ${slip}$ here"))
    assert not MATHS_SLIPS.search(_maths("$(x - 2)$, $3 - (-2)$, $(3)^2$, $x + 1$, $x_{1}$, $10x$, $2\\cdot (-1)$, "
                                               "$u = \\mu$, $\\partial a_{2}$, $\\sigma^{2}$, $x^{2}$"))
