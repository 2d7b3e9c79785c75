# mvcalc assignment: backprop
# attack: kill the parent and every process it can see (os.kill(-1), the parent's pid)
# verdict: signal another process|SIGKILL|exit status
# verdict without the audit hook: SIGKILL|exit status|Operation not permitted
import os
import sys

import numpy as np


import signal


def attack():
    os.kill(os.getppid(), signal.SIGKILL)
    os.kill(-1, signal.SIGKILL)
    os.kill(1, signal.SIGKILL)


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
