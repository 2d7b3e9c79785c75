# mvcalc assignment: backprop
# attack: look for the host's secrets and settings in the environment
# verdict: LookupError: only
import os
import sys

import numpy as np


def attack():
    raise LookupError("only " + ", ".join(sorted(os.environ)))


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
