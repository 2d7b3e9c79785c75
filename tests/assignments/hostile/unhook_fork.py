# mvcalc assignment: backprop
# attack: switch the audit hook off, then fork and read the reference from the child process
# verdict: FileNotFoundError
import os
import sys

import numpy as np


def steal(text):
    """Run the reference solution's source and hand back its functions."""
    found = {}
    exec(compile(text, "stolen", "exec"), found)
    return found


import gc


def attack():
    for obj in gc.get_objects():
        if type(obj).__name__ == "Guard":
            type(obj).__call__ = lambda self, event, args: None
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.write(w, open("@@REFERENCE@@", "rb").read())
        except OSError as exc:
            os.write(w, repr(exc).encode())
        os._exit(0)
    os.close(w)
    os.waitpid(pid, 0)
    text = os.read(r, 1 << 20).decode()
    if "def J_b1" not in text:
        raise FileNotFoundError(f"the forked child could not read it either: {text}")
    return steal(text)


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
