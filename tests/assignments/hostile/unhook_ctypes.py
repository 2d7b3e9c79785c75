# mvcalc assignment: backprop
# attack: switch the audit hook off, then use ctypes to call open(2) on the reference directly
# verdict: FileNotFoundError.*open\(2\)
# verdict without the audit hook: FileNotFoundError.*open\(2\)
import os
import sys

import numpy as np


def steal(text):
    """Run the reference solution's source and hand back its functions."""
    found = {}
    exec(compile(text, "stolen", "exec"), found)
    return found


import ctypes
import gc


def attack():
    for obj in gc.get_objects():
        if type(obj).__name__ == "Guard":
            type(obj).__call__ = lambda self, event, args: None
    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.open(b"@@REFERENCE@@", 0)
    if fd < 0:
        raise FileNotFoundError(f"open(2) failed with errno {ctypes.get_errno()}")
    return steal(os.read(fd, 1 << 20).decode())


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
