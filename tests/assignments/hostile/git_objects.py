# mvcalc assignment: backprop
# attack: find the reference solution among the repository's .git objects
# verdict: FileNotFoundError.*objects
import os
import sys

import numpy as np


def steal(text):
    """Run the reference solution's source and hand back its functions."""
    found = {}
    exec(compile(text, "stolen", "exec"), found)
    return found


import zlib


def attack():
    objects = "@@GITDIR@@/objects"
    for folder in os.listdir(objects):
        for name in os.listdir(os.path.join(objects, folder)):
            try:
                blob = zlib.decompress(open(os.path.join(objects, folder, name), "rb").read())
            except (OSError, zlib.error):
                continue
            if b"def J_b1(x, y, params):" in blob and b"NotImplementedError" not in blob:
                return steal(blob.split(b"\0", 1)[1].decode())
    raise LookupError("no reference among the objects")


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
