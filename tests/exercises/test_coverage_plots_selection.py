"""Coverage of the terminal plot, the author's coverage table and the choice of the next question,
each checked against hand-computed positions, counts and picks."""

from __future__ import annotations

import random

import pytest

from mvcalc.exercises import report, selection
from mvcalc.exercises.mastery import DEFAULT, MASTERED
from mvcalc.exercises.model import Curve, Figure, Meta, Question
from mvcalc.exercises.registry import Generator
from mvcalc.exercises.textplot import text_plot


def _grid(plot: str) -> list[str]:
    return plot.splitlines()[:-1]


def test_line_through_the_origin_is_drawn_on_the_diagonal() -> None:
    plot = text_plot(Figure(curves=(Curve("x", -1, 1),)), width=5, height=5)
    grid = _grid(plot)
    # y = x from -1 to 1 on a 5 by 5 grid: the marks sit on the anti-diagonal (top row = y max)
    assert [row.index("*") for row in grid] == [4, 3, 2, 1, 0]
    assert grid[2] == "--*--"  # the x axis through y = 0, crossed by the curve at x = 0
    assert [row[2] for row in grid] == ["|", "|", "*", "|", "|"]  # the y axis
    assert plot.splitlines()[-1] == "x from -1 to 1, y from -1 to 1"


def test_curves_get_their_own_marks_points_and_ylim() -> None:
    figure = Figure(
        curves=(Curve("1", 2, 4), Curve("3", 2, 4)),
        points=((3.0, 2.0),),
        ylim=(0.0, 4.0),
    )
    grid = _grid(text_plot(figure, width=3, height=5))
    # rows from y = 4 down to y = 0 (step 1); no axis at x = 0 (x from 2 to 4)
    assert grid == ["   ", "+++", " o ", "***", "---"]


def test_constant_and_degenerate_ranges_are_widened() -> None:
    plot = text_plot(Figure(curves=(), points=((2.0, 5.0),)), width=3, height=3)
    # a single point: x and y ranges of width 0 become [1, 3] and [4, 6]
    assert _grid(plot) == ["   ", " o ", "   "]
    assert plot.splitlines()[-1] == "x from 1 to 3, y from 4 to 6"


def test_unreadable_or_undefined_curves_give_no_plot() -> None:
    assert text_plot(Figure(curves=(Curve("x +* 1", 0, 1), Curve("gamma(x)", 0, 1)))) == "(no plot)"
    assert text_plot(Figure(curves=(Curve("log(x)", -2, -1),))) == "(no plot)"  # NaN everywhere
    # a curve that is undefined in part of its range is drawn where it is defined
    grid = _grid(text_plot(Figure(curves=(Curve("sqrt(x)", -1, 1),)), width=5, height=3))
    assert "*" not in "".join(row[:2] for row in grid)
    assert "*" in "".join(row[2:] for row in grid)


def _question(gen_id: str, seed: int, variant: int, rule: str | None = None):
    from mvcalc.exercises.model import Misconception

    q = Question(id=gen_id, seed=seed, prompt=f"p{variant}", kind="expression", answer=1, answer_text="1")
    if rule:
        q.buggy = [Misconception(rule=rule, answer=2, message="e")]
    return q


def test_markdown_table_of_the_coverage_rows() -> None:
    rows = [
        {"set": "s1", "title": "S", "graded": True, "kinds": ["choice", "expression"], "generators": 2,
         "variants": {"a": 3, "b": 5}, "min_variants": 3, "diagnoses": ["r1", "r2"]},
        {"set": "s2", "title": "T", "graded": False, "kinds": ["number"], "generators": 1,
         "variants": {"c": 1}, "min_variants": 1, "diagnoses": []},
    ]
    lines = report.markdown(rows, seeds=7).splitlines()
    assert "per 7 seeds" in lines[0]
    assert lines[2] == "| `s1` (graded) | choice, expression | 2 | 3 / 8 | 2: r1, r2 |"
    assert lines[3] == "| `s2` | number | 1 | 1 / 1 | 0:  |"


def test_coverage_counts_distinct_variants_and_rules(monkeypatch) -> None:
    from mvcalc.exercises import registry

    meta = Meta(id="g", title="G", module=1, set="s", skills=("k",))
    gen = Generator(meta, lambda seed: _question("g", seed, seed % 3, rule=f"r{seed % 2}"))

    class Info:
        id, title, graded, generators = "s", "Set", False, ("g",)

    monkeypatch.setattr(registry, "sets", lambda: [Info()])
    monkeypatch.setattr(registry, "get", lambda gid: gen)
    seen: list[str] = []
    rows = report.coverage(seeds=6, progress=seen.append)
    assert seen == ["g"]
    assert rows == [{"set": "s", "title": "Set", "graded": False, "kinds": ["expression"], "generators": 1,
                     "variants": {"g": 3}, "min_variants": 3, "diagnoses": ["r0", "r1"]}]


def _gen(gid: str, skills: tuple[str, ...], difficulty: int = 1) -> Generator:
    meta = Meta(id=gid, title=gid, module=1, set="s", skills=skills, difficulty=difficulty)
    return Generator(meta, lambda seed: _question(gid, seed, 0))


def test_need_and_mastered() -> None:
    g = _gen("a", ("k1", "k2"))
    assert selection.need(g, {"k1": 0.5, "k2": 0.9}) == pytest.approx(1 - 0.7)
    assert selection.need(g, {}) == pytest.approx(1 - DEFAULT.p_init)
    assert selection.need(_gen("b", ()), {"general": 0.25}) == pytest.approx(0.75)
    assert selection.mastered(g, {"k1": MASTERED, "k2": 1.0})
    assert not selection.mastered(g, {"k1": MASTERED})


def test_next_generator_rules() -> None:
    weak, strong, hard = _gen("weak", ("k1",)), _gen("strong", ("k2",)), _gen("hard", ("k3",), difficulty=3)
    mastery = {"k1": 0.2, "k2": 0.99, "k3": 0.2}
    rng = random.Random(0)
    with pytest.raises(ValueError, match="no generators"):
        selection.next_generator([], mastery)
    # ties within 0.05 of need go to the easier generator
    assert selection.next_generator([hard, weak, strong], mastery, rng=rng) is weak
    # the last question is not repeated straight away
    assert selection.next_generator([hard, weak, strong], mastery, recent=["weak"], rng=rng) is hard
    # a skill due for review comes first, mastered or not
    assert selection.next_generator([hard, weak, strong], mastery, rng=rng, due=("k2",)) is strong
    # everything mastered: any of them, still not the last one
    all_known = {"k1": 1.0, "k2": 1.0, "k3": 1.0}
    assert selection.next_generator([weak, strong], all_known, recent=["weak"], rng=rng) is strong
    # only one to choose from: repeated even if it was the last
    assert selection.next_generator([weak], mastery, recent=["weak"], rng=rng) is weak


def test_fresh_seed_avoids_seen_variants() -> None:
    g = _gen("a", ("k",))
    rng = random.Random(5)
    first = random.Random(5).randrange(selection.SEEDS)
    seed = selection.fresh_seed(g, {("a", first)}, rng)
    assert seed != first and 0 <= seed < selection.SEEDS
    assert selection.fresh_seed(g, {("other", first)}, random.Random(5)) == first


def test_review_picks_prefer_met_generators_and_skip_unpractised_skills() -> None:
    met, unmet, other = _gen("met", ("k1",)), _gen("unmet", ("k1",)), _gen("other", ("k2",))
    picks = selection.review_picks(
        ["k1", "nobody", "k2"], [unmet, met, other], {}, seen={("met", 11)}, rng=random.Random(1)
    )
    assert [(skill, gen.id) for skill, gen, _ in picks] == [("k1", "met"), ("k2", "other")]
    assert all(("met", seed) != ("met", 11) for _, _, seed in picks)
    assert selection.review_picks(["k1"], [unmet], {}, rng=random.Random(2))[0][1] is unmet


def test_coverage_without_a_progress_callback(monkeypatch) -> None:
    from mvcalc.exercises import registry

    meta = Meta(id="g", title="G", module=1, set="s", skills=("k",))
    gen = Generator(meta, lambda seed: _question("g", seed, seed % 2))

    class Info:
        id, title, graded, generators = "s", "Set", True, ("g",)

    monkeypatch.setattr(registry, "sets", lambda: [Info()])
    monkeypatch.setattr(registry, "get", lambda gid: gen)
    (row,) = report.coverage(seeds=5)
    assert (row["variants"], row["diagnoses"], row["graded"]) == ({"g": 2}, [], True)
