# mvcalc assignment: backprop
# attack: make a new user namespace (unshare) to become root again
# verdict: call C code|Operation not permitted
# verdict without the audit hook: Operation not permitted
import os
import sys

import numpy as np


import ctypes


def attack():
    libc = ctypes.CDLL(None, use_errno=True)
    for flags in (0x10000000, 0x10000000 | 0x00020000, 0x20000000, 0x40000000):
        if libc.unshare(flags) == 0:
            raise RuntimeError("unshare worked")
    raise PermissionError(f"unshare: {os.strerror(ctypes.get_errno())}")


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
