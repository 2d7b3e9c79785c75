"""`mvcalc --help` is written from a table so that it imports no area: the table must tell the truth."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from mvcalc.cli import COMMANDS, app, area_commands


def test_the_table_names_every_command_of_every_area_with_its_own_help():
    areas = {area for area, _ in COMMANDS.values()}
    registered = {name: (area, cmd) for area in areas for name, cmd in area_commands(area).items()}
    assert set(registered) == set(COMMANDS)
    for name, (area, cmd) in registered.items():
        assert COMMANDS[name][0] == area
        assert COMMANDS[name][1] == (cmd.help or "").strip().splitlines()[0], name


def test_help_lists_every_command_without_importing_sympy():
    code = ("import sys\nfrom mvcalc.cli import app\nfrom typer.testing import CliRunner\n"
            "out = CliRunner().invoke(app, ['--help']).output\n"
            f"print('sympy' in sys.modules, all(n in out for n in {list(COMMANDS)!r}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["False", "True"], done.stderr


def test_version():
    from mvcalc import __version__

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"mvcalc {__version__}"
