# mvcalc assignment: backprop
# attack: print a passing report on stdout and return nothing useful
# verdict: returned None|None
import os
import sys

import numpy as np


def attack():
    print("✓ J_b3   passed on 4 cases\n✓ J_b2   passed on 4 cases\n✓ J_W1   passed\n✓ J_b1   passed\nAll functions pass.")
    return {name: (lambda *args: None) for name in ("J_b3", "J_b2", "J_W1", "J_b1")}


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
