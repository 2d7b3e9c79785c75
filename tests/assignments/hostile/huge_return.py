# mvcalc assignment: backprop
# attack: return a value larger than the channel accepts (14 MB of floats, 18 MB as text)
# verdict: larger than 16 MiB
import os
import sys

import numpy as np


def attack():
    return {name: (lambda *args: np.zeros(1_700_000)) for name in ("J_b3", "J_b2", "J_W1", "J_b1")}


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
