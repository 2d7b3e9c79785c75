# mvcalc assignment: backprop
# attack: spin forever as the file loads
# verdict: did not finish within
import os
import sys

import numpy as np


while True:
    pass


def attack():
    return {}


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
