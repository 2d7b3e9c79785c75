# mvcalc assignment: backprop
# attack: open the reference solution by its path in the installed package
# verdict: FileNotFoundError.*sees only your file
import os
import sys

import numpy as np


def steal(text):
    """Run the reference solution's source and hand back its functions."""
    found = {}
    exec(compile(text, "stolen", "exec"), found)
    return found


def attack():
    return steal(open("@@REFERENCE@@").read())


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
