"""Load lessons from `content/lessons/m<N>/<NN>-<slug>.md`: YAML front matter, Markdown, directives.

Directives are fenced blocks whose info string is `{example}`, `{figure}` or
`{practice}` and whose body is YAML. Everything is validated on load, so a bad
lesson fails with its file and line instead of rendering half a page.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from mvcalc.course import markdown
from mvcalc.course.model import (
    EXAMPLE_KINDS,
    Block,
    Course,
    Example,
    Figure,
    Html,
    Lesson,
    LessonError,
    Module,
    Page,
    Practice,
)

FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
FILE_NAME = re.compile(r"^(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
REQUIRED = ("id", "title", "module", "order", "objectives", "prerequisites")
DIRECTIVES = ("example", "figure", "practice")


def content_root() -> Path:
    """The content folder: `$MVCALC_CONTENT`, else the copy inside an installed wheel
    (`mvcalc/content/`), else `content/` at the root of the checkout (editable installs)."""
    env = os.environ.get("MVCALC_CONTENT")
    if env:
        return Path(env)
    installed = Path(__file__).resolve().parents[1] / "content"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[3] / "content"


def _yaml(path: Path, text: str, line: int) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = line + (mark.line if mark else 0)
        raise LessonError(path, f"invalid YAML: {getattr(exc, 'problem', exc)}", at) from None


def _strings(path: Path, meta: dict, key: str) -> tuple[str, ...]:
    value = meta.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LessonError(path, f"front matter `{key}` must be a list of strings", 1)
    return tuple(value)


def _example(path: Path, body: dict, line: int) -> Example:
    kind = body.get("kind")
    if kind not in EXAMPLE_KINDS:
        raise LessonError(path, f"example `kind` must be one of {', '.join(EXAMPLE_KINDS)}", line)
    for key in ("expr", "result"):
        if not isinstance(body.get(key), str | int | float):
            raise LessonError(path, f"example needs `{key}` (text of a formula)", line)
    wrt = body.get("wrt", [])
    wrt = [wrt] if isinstance(wrt, str) else wrt
    if not isinstance(wrt, list) or not all(isinstance(w, str) for w in wrt):
        raise LessonError(path, "example `wrt` must be a variable name or a list of them", line)
    if kind in ("derivative", "partial", "taylor") and len(wrt) != 1:
        raise LessonError(path, f"a {kind} example needs one variable in `wrt`", line)
    if kind in ("gradient", "jacobian", "hessian") and not wrt:
        raise LessonError(path, f"a {kind} example needs the list of variables in `wrt`", line)
    variables = body.get("variables")
    if variables is not None and not (
        isinstance(variables, list) and all(isinstance(v, str) for v in variables)
    ):
        raise LessonError(path, "example `variables` must be a list of names", line)
    at = body.get("at") or {}
    if not isinstance(at, dict):
        raise LessonError(path, "example `at` must map variable names to values, e.g. {x: 2}", line)
    if kind in ("value", "taylor") and not at:
        raise LessonError(path, f"a {kind} example needs `at` (the point)", line)
    order = body.get("order", 1)
    if not isinstance(order, int) or not 0 <= order <= 12:
        raise LessonError(path, "example `order` must be a whole number from 0 to 12", line)
    unknown = set(body) - {"kind", "expr", "result", "wrt", "variables", "at", "order", "title"}
    if unknown:
        raise LessonError(path, f"example has unknown keys: {', '.join(sorted(unknown))}", line)
    return Example(
        kind=kind,
        expr=str(body["expr"]),
        result=str(body["result"]),
        wrt=tuple(wrt),
        variables=tuple(variables) if variables is not None else None,
        at={str(k): str(v) for k, v in at.items()},
        order=order,
        title=str(body.get("title", "")),
        line=line,
    )


def _figure(path: Path, body: dict, line: int) -> Figure:
    from mvcalc.course import figures as registry

    name = body.get("name")
    if not isinstance(name, str) or not name:
        raise LessonError(path, "figure needs `name` (a figure in the figure registry)", line)
    if registry.get(name) is None:
        known = ", ".join(registry.names())
        raise LessonError(path, f"unknown figure `{name}`; known figures: {known}", line)
    params = {k: v for k, v in body.items() if k not in ("name", "caption")}
    return Figure(name=name, params=params, caption=str(body.get("caption", "")), line=line)


def _practice(path: Path, body: dict, line: int) -> Practice:
    practice_set = body.get("set")
    if not isinstance(practice_set, str) or not practice_set:
        raise LessonError(path, "practice needs `set` (a practice set id, e.g. m1-s4-product-rule)", line)
    count = body.get("count", 3)
    if not isinstance(count, int) or not 1 <= count <= 10:
        raise LessonError(path, "practice `count` must be a whole number from 1 to 10", line)
    return Practice(set=practice_set, count=count, line=line)


def _directive(path: Path, name: str, source: str, line: int) -> Block:
    body = _yaml(path, source, line + 1)
    if not isinstance(body, dict):
        raise LessonError(path, f"the body of a {{{name}}} directive must be YAML key: value lines", line)
    return {"example": _example, "figure": _figure, "practice": _practice}[name](path, body, line)


def _blocks(path: Path, text: str, offset: int) -> tuple[Block, ...]:
    blocks: list[Block] = []
    run: list = []
    for token in markdown.parse(text):
        info = token.info.strip() if token.type == "fence" else ""
        if not (info.startswith("{") and info.endswith("}")):
            run.append(token)
            continue
        name = info[1:-1].strip()
        line = offset + (token.map[0] + 1 if token.map else 0)
        if name not in DIRECTIVES:
            raise LessonError(path, f"unknown directive {info}; use one of {{example}}, {{figure}}, {{practice}}", line)
        if token.level != 0:
            raise LessonError(path, f"directive {info} must not be nested in a list or quote", line)
        if run:
            blocks.append(Html(markdown.render_tokens(run)))
            run = []
        blocks.append(_directive(path, name, token.content, line))
    if run:
        blocks.append(Html(markdown.render_tokens(run)))
    return tuple(blocks)


def load_lesson(path: Path) -> Lesson:
    """Read and validate one lesson file."""
    path = Path(path)
    match = FILE_NAME.match(path.name)
    if not match:
        raise LessonError(path, "lesson files are named <NN>-<slug>.md, e.g. 03-rise-over-run.md")
    text = path.read_text(encoding="utf-8")
    front = FRONT_MATTER.match(text)
    if not front:
        raise LessonError(path, "a lesson starts with YAML front matter between two `---` lines", 1)
    meta = _yaml(path, front.group(1), 2)
    if not isinstance(meta, dict):
        raise LessonError(path, "front matter must be YAML key: value lines", 2)
    missing = [k for k in REQUIRED if k not in meta]
    if missing:
        raise LessonError(path, f"front matter lacks {', '.join(missing)}", 1)
    for key in ("module", "order"):
        if not isinstance(meta[key], int):
            raise LessonError(path, f"front matter `{key}` must be a whole number", 1)
    if int(match.group(1)) != meta["order"]:
        raise LessonError(path, f"file number {match.group(1)} differs from order {meta['order']}", 1)
    if path.parent.name != f"m{meta['module']}":
        raise LessonError(path, f"module {meta['module']} lesson must live in folder m{meta['module']}", 1)
    offset = text[: front.end()].count("\n")
    return Lesson(
        id=str(meta["id"]),
        title=str(meta["title"]),
        module=meta["module"],
        order=meta["order"],
        slug=match.group(2),
        objectives=_strings(path, meta, "objectives"),
        prerequisites=_strings(path, meta, "prerequisites"),
        blocks=_blocks(path, text[front.end() :], offset),
        path=path,
        summary=str(meta.get("summary", "")),
    )


def load_course(root: Path | None = None) -> Course:
    """Every module listed in `lessons/modules.yaml`, with its lessons in order; checks the links."""
    root = Path(root) if root else content_root()
    lessons_dir = root / "lessons"
    index_path = lessons_dir / "modules.yaml"
    index = _yaml(index_path, index_path.read_text(encoding="utf-8"), 1)
    if not isinstance(index, list):
        raise LessonError(index_path, "modules.yaml is a list of {number, title, summary}")
    modules = []
    for entry in index:
        number = entry["number"]
        folder = lessons_dir / f"m{number}"
        lessons = sorted(
            (load_lesson(p) for p in folder.glob("*.md")) if folder.is_dir() else [],
            key=lambda lesson: lesson.order,
        )
        modules.append(Module(number, str(entry["title"]), str(entry.get("summary", "")), tuple(lessons)))
    pages_dir = root / "pages"
    pages = tuple(load_page(p) for p in sorted(pages_dir.glob("*.md"))) if pages_dir.is_dir() else ()
    course = Course(tuple(modules), pages)
    _check_links(course)
    return course


def load_page(path: Path) -> Page:
    """A page that is not a lesson: front matter with `title` (and `summary`), then Markdown."""
    path = Path(path)
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*\.md", path.name):
        raise LessonError(path, "page files are named <slug>.md, e.g. glossary.md")
    text = path.read_text(encoding="utf-8")
    front = FRONT_MATTER.match(text)
    meta = _yaml(path, front.group(1), 2) if front else None
    if not isinstance(meta, dict) or not isinstance(meta.get("title"), str):
        raise LessonError(path, "a page starts with YAML front matter holding its `title`", 1)
    offset = text[: front.end()].count("\n")
    blocks = _blocks(path, text[front.end() :], offset)
    if any(not isinstance(b, Html) for b in blocks):
        raise LessonError(path, "directives ({example}, {figure}, {practice}) belong in lessons, not pages", 1)
    return Page(path.stem, meta["title"], str(meta.get("summary", "")), blocks, path)


def _check_links(course: Course) -> None:
    seen: dict[str, Lesson] = {}
    for lesson in course.lessons:
        if lesson.id in seen:
            raise LessonError(lesson.path, f"lesson id `{lesson.id}` is also used by {seen[lesson.id].path}", 1)
        seen[lesson.id] = lesson
    for lesson in course.lessons:
        for prerequisite in lesson.prerequisites:
            if prerequisite not in seen:
                raise LessonError(lesson.path, f"prerequisite `{prerequisite}` is not a lesson id", 1)


@lru_cache(maxsize=4)
def cached_course(root: str | None = None) -> Course:
    """The course loaded once per process (the web app's view of `content/`)."""
    return load_course(Path(root) if root else None)
