"""Assignments as Jupyter notebooks: write a starter notebook, and read a learner's back into Python.

The notebook is made from the same `starter.py.txt` as the `.py` starter: the story and
maths become Markdown cells, the given code and each function to write get code cells
(one per function, with its TODO), and a last cell runs the local check. Reading goes
through `nbformat` only; the check cell (tagged `mvcalc-check`) is left out, and a code
cell with an IPython magic (`%…`) or a shell escape (`!…`) is refused with a message that
names the cell: the grader runs Python, not IPython.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat

from mvcalc.assignments.registry import MARKER, all_assignments
from mvcalc.assignments.spec import Assignment

CHECK_TAG = "mvcalc-check"
SECTION = re.compile(r"^[A-Z][A-Z ]{3,}$")
MAGIC = re.compile(r"^\s*(?:%|!)|^\s*[\w.,\s\[\]]+=\s*(?:%|!)(?!=)")


class NotebookError(ValueError):
    """The file is not a notebook the grader can read (what is wrong, and which cell)."""


def is_notebook(filename: str) -> bool:
    return filename.lower().endswith(".ipynb")


def notebook_name(assignment: Assignment) -> str:
    return Path(assignment.file).with_suffix(".ipynb").name


# ------------------------------------------------------------------ writing


def story_markdown(docstring: str) -> list[str]:
    """The starter's docstring as Markdown cells: the title, then one cell per CAPITALISED section."""
    lines = docstring.strip("\n").splitlines()
    cells = [f"# {lines[0].strip()}"]
    current: list[str] = []
    for line in lines[1:]:
        if SECTION.match(line.strip()):
            if "".join(current).strip():
                cells.append("\n".join(current).strip("\n"))
            current = [f"## {line.strip().capitalize()}", ""]
        else:
            indented, previous = line.startswith("    "), current[-1] if current else ""
            if indented and previous.strip() and not previous.startswith("    "):
                current.append("")  # an indented formula or command is a block, not a wrapped line
            current.append(line)
    if "".join(current).strip():
        cells.append("\n".join(current).strip("\n"))
    return cells


def _segments(code: str, todo: set[str]) -> list[tuple[str, str]]:
    """Top-level code split into (role, text): consecutive given statements together, each TODO apart."""
    tree = ast.parse(code)
    lines = code.splitlines()
    out: list[tuple[str, str]] = []
    start = 0
    for node in tree.body:
        end = node.end_lineno or node.lineno
        text = "\n".join(lines[start:end]).strip("\n")
        start = end
        if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
            continue  # `python file.py` demos; in a notebook the learner runs cells instead
        role = "todo" if isinstance(node, ast.FunctionDef) and node.name in todo else "given"
        if role == "given" and out and out[-1][0] == "given":
            out[-1] = ("given", out[-1][1] + "\n\n\n" + text)
        else:
            out.append((role, text))
    return out


def starter_notebook(assignment: Assignment) -> nbformat.NotebookNode:
    """The starter notebook of an assignment (story, given code, one cell per function to write, a check)."""
    text = assignment.starter_text()
    if text.startswith(MARKER):
        text = text.split("\n", 1)[1]
    module = ast.parse(text)
    docstring = ast.get_docstring(module, clean=False) or assignment.title
    code = "\n".join(text.splitlines()[module.body[0].end_lineno:]) if ast.get_docstring(module) else text
    nb = nbformat.v4.new_notebook()
    nb.metadata["mvcalc"] = {"assignment": assignment.name}
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell(cell) for cell in story_markdown(docstring)]
    todo = {f.name for f in assignment.functions}
    for role, chunk in _segments(code, todo):
        cell = nbformat.v4.new_code_cell(chunk)
        cell.metadata["tags"] = ["mvcalc-todo" if role == "todo" else "mvcalc-given"]
        nb.cells.append(cell)
    name = notebook_name(assignment)
    nb.cells.append(nbformat.v4.new_markdown_cell(
        "## Check your work\n\nSave the notebook, then run the cell below (or "
        f"`mvcalc assignment check {name}` in a terminal). It is left out when your notebook is graded."))
    check = nbformat.v4.new_code_cell(
        f"from mvcalc.assignments.notebook import check_here\n\ncheck_here({name!r})")
    check.metadata["tags"] = [CHECK_TAG]
    nb.cells.append(check)
    return nb


def write_notebook(assignment: Assignment, directory: str | Path = ".", overwrite: bool = False) -> Path:
    """Write `<directory>/<name>.ipynb`; never overwrites a learner's notebook unless asked."""
    from mvcalc.assignments.starter import StarterExists

    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise NotADirectoryError(f"{directory} is not a directory")
    target = directory / notebook_name(assignment)
    if target.exists() and not overwrite:
        raise StarterExists(f"{target} already exists; pass --force to replace it with a fresh copy")
    directory.mkdir(parents=True, exist_ok=True)
    target.write_text(nbformat.writes(starter_notebook(assignment)), encoding="utf-8")
    return target


# ------------------------------------------------------------------ reading


def _magic_line(source: str) -> str | None:
    """The first line of a cell that is IPython, not Python (a magic or a shell escape), if any."""
    try:
        ast.parse(source)
        return None  # plain Python: nothing to refuse
    except SyntaxError:
        pass
    for line in source.splitlines():
        if MAGIC.match(line):
            return line.strip()
    return None


def to_python(text: str, filename: str = "notebook.ipynb") -> tuple[str, str | None]:
    """(Python source, assignment name from the notebook's metadata) of a notebook's code cells.

    Each cell is preceded by a `# cell N` comment so that line numbers can be traced back.
    Raises NotebookError for a file that is not a notebook or a cell that is not Python.
    """
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as exc:  # noqa: BLE001 - nbformat raises JSON, schema and key errors alike
        raise NotebookError(f"{filename} is not a Jupyter notebook nbformat can read "
                            f"({type(exc).__name__}); save it from Jupyter as .ipynb") from None
    meta = nb.get("metadata", {}).get("mvcalc", {})
    name = meta.get("assignment") if isinstance(meta, dict) else None
    name = name if isinstance(name, str) and name in all_assignments() else None
    parts = [f"{MARKER} {name}"] if name else []
    for number, cell in enumerate(nb.get("cells", []), 1):
        if cell.get("cell_type") != "code":
            continue
        if CHECK_TAG in (cell.get("metadata", {}).get("tags") or []):
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        magic = _magic_line(source)
        if magic is not None:
            raise NotebookError(
                f"cell {number} of {filename} uses IPython syntax (`{magic[:60]}`): magics and shell "
                "commands are not run when your notebook is graded; delete that line or move it to "
                "another notebook")
        parts.append(f"# cell {number}\n{source}")
    return "\n\n".join(parts) + "\n", name


CELL_HEADER = re.compile(r"^# cell (\d+)$")
LINE = re.compile(r"\bline (\d+)")


def cell_lines(python: str, message: str) -> str:
    """A checker message about the converted file, with "line N" told as "cell C, line L" of the notebook."""
    lines = python.splitlines()

    def where(match: re.Match) -> str:
        number = int(match.group(1))
        for index in range(min(number, len(lines)) - 1, -1, -1):
            header = CELL_HEADER.match(lines[index])
            if header:
                return f"line {number - index - 1} of cell {header.group(1)}"
        return match.group(0)

    return LINE.sub(where, message)


def check_here(filename: str, **options) -> None:
    """Check a saved notebook from inside Jupyter and print the same report as the CLI."""
    from mvcalc.assignments.submission import check_path

    report = check_path(filename, **options)
    print(f"{report.title} — {Path(report.file).name}")
    if report.load_error:
        print(f"Your file could not be loaded: {report.load_error}")
    for result in report.functions:
        print(f"{'✓' if result.passed else '✗'} {result.name}: {result.message}")
    for line in report.extra.lines:
        print(line)
    print("All functions pass." if report.passed else "Not yet: fix the ✗ lines, save, and check again.")
