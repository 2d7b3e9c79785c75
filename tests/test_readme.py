"""README.md documents every command, every option and every setting (datasette's rule)."""

import re
from pathlib import Path

import pytest
import typer.main

from mvcalc.cli import app

README = (Path(__file__).parents[1] / "README.md").read_text()
SRC = Path(__file__).parents[1] / "src" / "mvcalc"


def _commands(command, prefix):
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            yield from _commands(sub, (*prefix, name))
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
