# mvcalc assignment: backprop
# attack: list and read /root
# verdict: FileNotFoundError.*'/root'
import os
import sys

import numpy as np


def attack():
    raise FileNotFoundError(str(os.listdir("/root")))


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
