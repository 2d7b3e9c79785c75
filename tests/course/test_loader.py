"""The lesson loader: every lesson in content/ loads; bad lessons fail with file, line and fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from mvcalc.course.loader import load_course, load_lesson
from mvcalc.course.model import Example, Figure, Html, LessonError, Practice

COURSE_MODULES = {1: 8, 2: 8, 3: 3, 4: 7, 5: 3, 6: 3}


def test_every_lesson_of_every_module_loads_in_order():
    course = load_course()
    assert [m.number for m in course.modules] == [1, 2, 3, 4, 5, 6]
    for module in course.modules:
        assert len(module.lessons) == COURSE_MODULES[module.number], module.title
        assert [lesson.order for lesson in module.lessons] == list(range(1, len(module.lessons) + 1))
        for lesson in module.lessons:
            assert lesson.id == f"m{module.number}-{lesson.slug}"
            assert lesson.objectives, lesson.path
            assert lesson.practices, f"{lesson.path} has no practice block"


def test_welcome_is_a_full_lesson_with_every_directive():
    welcome = load_course().module(1).lesson("welcome")
    kinds = {type(b) for b in welcome.blocks}
    assert {Html, Example, Figure, Practice} <= kinds
    html = "".join(b.html for b in welcome.blocks if isinstance(b, Html))
    assert '<span class="math inline">f(x) = x^2</span>' in html
    assert len(html) > 2000


def _lesson(tmp_path: Path, body: str, front: str | None = None, name: str = "01-test.md") -> Path:
    folder = tmp_path / "m1"
    folder.mkdir(exist_ok=True)
    front = front or "id: m1-test\ntitle: Test\nmodule: 1\norder: 1\nobjectives: [a]\nprerequisites: []\n"
    path = folder / name
    path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
    return path


def test_directives_become_blocks_with_their_line(tmp_path):
    path = _lesson(
        tmp_path,
        "Text $x$.\n\n```{example}\nkind: derivative\nexpr: x^3\nwrt: x\nresult: 3x^2\n```\n\n"
        "```{practice}\nset: m1-s4-product-rule\ncount: 2\n```\n\n```python\nprint(1)\n```\n",
    )
    lesson = load_lesson(path)
    example, practice = lesson.examples[0], lesson.practices[0]
    assert (example.kind, example.expr, example.wrt, example.result) == ("derivative", "x^3", ("x",), "3x^2")
    assert example.line == 12
    assert (practice.set, practice.count) == ("m1-s4-product-rule", 2)
    assert "<code class=\"language-python\">" in lesson.blocks[-1].html


def test_raw_html_in_lesson_text_is_escaped(tmp_path):
    lesson = load_lesson(_lesson(tmp_path, "<script>alert(1)</script>\n\nHi <b>x</b>\n"))
    html = lesson.blocks[0].html
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize(
    ("body", "front", "name", "message"),
    [
        ("```{exampel}\nkind: value\n```\n", None, "01-test.md", "unknown directive {exampel}"),
        ("```{example}\nkind: integral\nexpr: x\nresult: x\n```\n", None, "01-test.md", "`kind` must be one of"),
        ("```{example}\nkind: derivative\nexpr: x\n```\n", None, "01-test.md", "needs `result`"),
        ("```{example}\nkind: derivative\nexpr: x\nresult: 1\n```\n", None, "01-test.md", "needs one variable in `wrt`"),
        ("```{example}\nkind: value\nexpr: x\nresult: 1\n```\n", None, "01-test.md", "needs `at`"),
        ("```{example}\nkind: derivative\nexpr: x\nwrt: x\nresult: 1\ncolour: red\n```\n", None, "01-test.md", "unknown keys: colour"),
        ("```{figure}\nname: no-such-figure\n```\n", None, "01-test.md", "unknown figure `no-such-figure`"),
        ("```{practice}\ncount: 2\n```\n", None, "01-test.md", "practice needs `set`"),
        ("```{practice}\nset: s\ncount: 99\n```\n", None, "01-test.md", "from 1 to 10"),
        ("```{practice}\nset: [unclosed\n```\n", None, "01-test.md", "invalid YAML"),
        ("- item\n\n  ```{practice}\n  set: s\n  ```\n", None, "01-test.md", "must not be nested"),
        ("text", "id: x\ntitle: T\n", "01-test.md", "front matter lacks module, order, objectives, prerequisites"),
        ("text", "id: x\ntitle: T\nmodule: 1\norder: 2\nobjectives: []\nprerequisites: []\n", "01-test.md", "differs from order 2"),
        ("text", None, "1-Test.md", "named <NN>-<slug>.md"),
        ("text", "id: x\ntitle: T\nmodule: 1\norder: 1\nobjectives: a\nprerequisites: []\n", "01-test.md", "`objectives` must be a list"),
    ],
)
def test_bad_lessons_fail_with_a_clear_message(tmp_path, body, front, name, message):
    with pytest.raises(LessonError) as info:
        load_lesson(_lesson(tmp_path, body, front, name))
    assert message in str(info.value)
    assert str(tmp_path) in str(info.value)


def test_missing_front_matter_and_unknown_prerequisite(tmp_path):
    folder = tmp_path / "lessons" / "m1"
    folder.mkdir(parents=True)
    (folder / "01-a.md").write_text("no front matter\n")
    with pytest.raises(LessonError, match="starts with YAML front matter"):
        load_lesson(folder / "01-a.md")
    (folder / "01-a.md").write_text(
        "---\nid: m1-a\ntitle: A\nmodule: 1\norder: 1\nobjectives: [o]\nprerequisites: [m0-nothing]\n---\ntext\n"
    )
    (tmp_path / "lessons" / "modules.yaml").write_text("- {number: 1, title: One}\n")
    with pytest.raises(LessonError, match="prerequisite `m0-nothing` is not a lesson id"):
        load_course(tmp_path)


def test_pages_load_and_keep_directives_out(tmp_path):
    from mvcalc.course.loader import load_page

    (tmp_path / "glossary.md").write_text("---\ntitle: Glossary\nsummary: Words.\n---\n**Gradient.** $\\nabla f$\n")
    page = load_page(tmp_path / "glossary.md")
    assert (page.slug, page.title, page.url) == ("glossary", "Glossary", "/pages/glossary")
    assert '<span class="math inline">\\nabla f</span>' in page.blocks[0].html
    (tmp_path / "bad.md").write_text("---\ntitle: Bad\n---\n```{practice}\nset: s\n```\n")
    with pytest.raises(LessonError, match="belong in lessons"):
        load_page(tmp_path / "bad.md")
    (tmp_path / "untitled.md").write_text("no front matter\n")
    with pytest.raises(LessonError, match="holding its `title`"):
        load_page(tmp_path / "untitled.md")


def test_the_course_has_its_pages():
    course = load_course()
    assert all(p.title for p in course.pages)
