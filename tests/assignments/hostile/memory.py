# mvcalc assignment: backprop
# attack: allocate 80 GB
# verdict: MemoryError
import os
import sys

import numpy as np


def attack():
    return {"J_b3": np.ones((100_000, 100_000))}


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
