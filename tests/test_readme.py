"""README.md documents every command, every option and every setting (datasette's rule)."""

import re
from pathlib import Path

import pytest
import typer.main

from mvcalc.cli import app

README = (Path(__file__).parents[1] / "README.md").read_text()
SRC = Path(__file__).parents[1] / "src" / "mvcalc"


def _commands(command, prefix):
    if hasattr(command, "list_commands"):  # a group (the root loads its areas on demand)
        ctx = command.context_class(command)
        for name in command.list_commands(ctx):
            yield from _commands(command.get_command(ctx, name), (*prefix, name))
    else:
        yield prefix, command


COMMANDS = list(_commands(typer.main.get_command(app), ("mvcalc",)))


def test_readme_starts_with_the_two_commands():
    first_block = README.split("```")[1].strip().splitlines()
    assert first_block == ["make serve", "make test"]


@pytest.mark.parametrize("path,command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_and_option_is_documented(path, command):
    assert f"`{' '.join(path)}" in README, f"{' '.join(path)} is not in README.md"
    for param in command.params:
        for opt in param.opts:
            if opt.startswith("--") and opt != "--help":
                assert opt in README, f"{' '.join(path)} {opt} is not in README.md"


def test_every_setting_is_documented():
    names = set()
    for path in SRC.rglob("*.py"):
        names |= set(re.findall(r"MVCALC_[A-Z_]+", path.read_text()))
    assert names, "no settings found"
    for name in names:
        assert name in README, f"{name} is not in README.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


SHELL_EXAMPLES = [line[2:] for block in _blocks("") for line in block.splitlines() if line.startswith("$ mvcalc ")]


@pytest.mark.parametrize("line", SHELL_EXAMPLES)
def test_every_shell_example_in_the_readme_runs(line, tmp_path):
    import shlex

    from typer.testing import CliRunner

    args = shlex.split(line)[1:]
    if args[0] == "practice":  # interactive: answer one question wrongly, then quit
        args += ["--db", f"sqlite:///{tmp_path / 'p.sqlite3'}", "--count", "1"]
        result = CliRunner().invoke(app, args, input="x\n")
    else:
        result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output


def test_the_python_api_block_of_the_readme_runs():
    (block,) = _blocks("python")
    namespace = {"xs": [1.0, 2.0, 3.0, 4.0, 5.0], "ys": [210.0, 330.0, 400.0, 440.0, 470.0],
                 "a": "2x sin x + x^2 cos x", "b": "x^2 sin x"}
    exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own documentation, not learner text
