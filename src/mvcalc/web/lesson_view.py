"""A lesson's blocks as the page shows them: worked examples computed by the engine, figure data, practice.

Lesson pages and the figures page are the same for every learner: `pages(course)`
lists them with what their templates need, for `page_cache` to render once and keep.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from mvcalc.course import figures
from mvcalc.course.examples import ExampleError, work
from mvcalc.course.model import Example, Figure, Html, Lesson, Practice
from mvcalc.web import questions


def _example(example: Example) -> dict[str, Any]:
    try:
        worked = work(example, verify=False)
    except ExampleError as exc:
        return {"type": "example", "title": example.title, "error": str(exc)}
    return {
        "type": "example",
        "title": example.title,
        "question": worked.question_latex,
        "result": worked.value_latex,
        "steps": worked.steps,
        "agrees": worked.agrees,
        "error": None,
    }


def _figure(figure: Figure) -> dict[str, Any]:
    kind = figures.get(figure.name)
    try:
        data = figures.figure_data(figure.name, figure.params)
        error = None
    except figures.FigureError as exc:
        data, error = None, str(exc)
    return {
        "type": "figure",
        "name": figure.name,
        "script": kind.script if kind else figures.DEFAULT_SCRIPT,
        "data": data,
        "caption": figure.caption,
        "error": error,
    }


def practice_variants(lesson_id: str, practice: Practice) -> list[tuple[str, int]]:
    """The block's variants (generator, seed): the set's generators in turn, with seeds fixed by the
    lesson (a stable page, the same for every learner)."""
    from mvcalc.exercises import registry as bank

    info = bank.get_set(practice.set)
    ids = info.generators
    return [(ids[i % len(ids)], seed) for i, seed in enumerate(practice.seeds(lesson_id))] if ids else []


def practice_questions(lesson_id: str, practice: Practice) -> list:
    """The block's questions (see `practice_variants`)."""
    return [questions.generate(g, seed) for g, seed in practice_variants(lesson_id, practice)]


def is_lesson_variant(course, generator_id: str, seed: int) -> bool:
    """Whether (generator, seed) is a question some lesson's practice block shows: the lesson, not the
    learner, chose it, so answers to it count like an issued question's (see routes/practice.py)."""
    for module in course.modules:
        for lesson in module.lessons:
            for practice in lesson.practices:
                try:
                    if (generator_id, seed) in practice_variants(lesson.id, practice):
                        return True
                except KeyError:  # a block naming an unknown set shows its error, no question
                    continue
    return False


def _practice(lesson: Lesson, practice: Practice) -> dict[str, Any]:
    from mvcalc.exercises import registry as bank

    try:
        info = bank.get_set(practice.set)
    except KeyError:
        return {"type": "practice", "set": practice.set, "title": practice.set, "questions": [], "error": f"unknown practice set {practice.set}"}
    return {
        "type": "practice",
        "set": info.id,
        "title": info.title,
        "questions": [questions.view(q) for q in practice_questions(lesson.id, practice)],
        "error": None,
    }


_STATIC: dict[tuple[str, str], tuple[dict[str, Any], ...]] = {}


def _static_blocks(lesson: Lesson) -> tuple[dict[str, Any], ...]:
    """Everything but practice depends only on the content, so it is computed once per process."""
    key = (lesson.id, str(lesson.path))
    if key in _STATIC:
        return _STATIC[key]
    out = []
    for block in lesson.blocks:
        if isinstance(block, Html):
            out.append({"type": "html", "html": Markup(block.html)})
        elif isinstance(block, Example):
            out.append(_example(block))
        elif isinstance(block, Figure):
            out.append(_figure(block))
        else:
            out.append({"type": "practice-slot", "block": block})
    _STATIC[key] = tuple(out)
    return _STATIC[key]


def blocks(lesson: Lesson) -> list[dict[str, Any]]:
    """The page's blocks in reading order."""
    return [
        _practice(lesson, b["block"]) if b["type"] == "practice-slot" else b for b in _static_blocks(lesson)
    ]


def scripts(lesson: Lesson) -> list[str]:
    """The figure modules this lesson needs (for modulepreload)."""
    found = []
    for figure in lesson.figures:
        kind = figures.get(figure.name)
        if kind and kind.script not in found:
            found.append(kind.script)
    return found


def needs_plot(blocks: list[dict[str, Any]]) -> bool:
    """Whether the page draws anything (so JSXGraph, the heaviest asset, loads only where needed)."""
    for block in blocks:
        if block["type"] == "figure" and block.get("data"):
            return True
        if block["type"] == "practice":
            for q in block["questions"]:
                if q["figures"] or any(c["figure"] for c in q["choices"]):
                    return True
    return False


def page_blocks(page) -> list[dict[str, Any]]:
    """A content page's blocks: Markdown only (the loader keeps directives out of pages)."""
    return [{"type": "html", "html": Markup(b.html)} for b in page.blocks]


# The interactive figures of issue 8, all on one page (lessons embed them by name with ```{figure}```).
FIGURE_GALLERY = ("secant-to-tangent", "newton-explorer", "gradient-contours", "taylor-orders", "line-fit",
                  "partial-slices", "lagrange-parallel", "derivative-pair", "tangent-plane", "taylor-2d-orders",
                  "network-backprop", "gaussian-fit")
FIGURES_PAGE = ("figures",)


def lesson_key(lesson: Lesson) -> tuple:
    return ("lesson", lesson.id, str(lesson.path))


def lesson_page(course, module, lesson: Lesson) -> tuple[str, dict[str, Any]]:
    """The lesson page's template and context: nothing in it depends on the learner."""
    index = module.lessons.index(lesson)
    page_blocks = blocks(lesson)
    return "lesson.html", {
        "module": module,
        "lesson": lesson,
        "blocks": page_blocks,
        "needs_plot": needs_plot(page_blocks),
        "scripts": scripts(lesson),
        "previous": module.lessons[index - 1] if index else None,
        "next": module.lessons[index + 1] if index + 1 < len(module.lessons) else None,
        "prerequisites": [course.lesson_by_id(p) for p in lesson.prerequisites],
    }


def figures_page() -> tuple[str, dict[str, Any]]:
    """Every interactive figure with its engine-computed data (about 670 KB: built once)."""
    gallery = []
    for name in FIGURE_GALLERY:
        kind = figures.get(name)
        gallery.append({"name": name, "script": kind.script, "data": figures.figure_data(name, {}),
                        "title": kind.description, "caption": f"figure name: {name}"})
    return "sandpit_figures.html", {"blocks": gallery, "needs_plot": True}


def pages(course) -> list[tuple[tuple, Callable[[], tuple[str, dict[str, Any]]]]]:
    """(key, build) of every learner-independent page, lessons in course order, then the figures page."""
    out = []
    for module in course.modules:
        for lesson in module.lessons:
            out.append((lesson_key(lesson), lambda m=module, le=lesson: lesson_page(course, m, le)))
    return out + [(FIGURES_PAGE, figures_page)]
