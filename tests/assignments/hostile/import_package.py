# mvcalc assignment: backprop
# attack: import the reference solution from the installed mvcalc package
# verdict: No module named 'mvcalc'
import os
import sys

import numpy as np


def attack():
    import mvcalc.assignments.backprop.reference as reference
    return vars(reference)


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
