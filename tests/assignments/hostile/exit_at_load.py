# mvcalc assignment: backprop
# attack: end the process as soon as the file loads
# verdict: exit status 7
import os
import sys

import numpy as np


os._exit(7)


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
