"""Question generators: seeded, each with its answer, buggy answers, hints and solution.

    from mvcalc.exercises import registry, grade
    q = registry.get("m1-product-linear").generate(seed=7)
    g = grade(q, "6x + 3")
"""

from mvcalc.exercises.model import KINDS, Choice, Curve, Figure, Grade, Meta, Question, letter


def grade(question: Question, answer_text: str) -> Grade:
    """Grade the learner's text against a question (see `mvcalc.exercises.grading.grade`)."""
    from mvcalc.exercises.grading import grade as _grade

    return _grade(question, answer_text)


__all__ = ["KINDS", "Choice", "Curve", "Figure", "Grade", "Meta", "Question", "grade", "letter"]
