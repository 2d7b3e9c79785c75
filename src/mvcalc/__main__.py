"""`python -m mvcalc` runs the command-line interface."""

from mvcalc.cli import main

main()
