# mvcalc assignment: backprop
# attack: fill the disk from the working folder, file after file of 1 MiB
# verdict: No space left on device.*holds a few tens of MiB
import os
import sys

import numpy as np


def attack():
    block = b"x" * (1 << 20)
    for i in range(100_000):
        with open(f"fill-{i}.bin", "wb") as out:
            out.write(block)


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
