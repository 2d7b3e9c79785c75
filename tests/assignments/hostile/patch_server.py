# mvcalc assignment: backprop
# attack: patch the child's own server to answer every call with zeros
# verdict: differ|shape|wrong
import os
import sys

import numpy as np


import gc


def attack():
    for obj in gc.get_objects():
        if type(obj).__name__ == "Server":
            type(obj).call = lambda self, name, args: {"ok": True, "value": [[0.0], [0.0]]}
    return {name: (lambda *args: np.zeros((2, 1))) for name in ("J_b3", "J_b2", "J_W1", "J_b1")}


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
