# mvcalc assignment: backprop
# attack: write files outside the working folder (/tmp, /dev/shm, the runtime, /)
# verdict: write outside its working directory|Read-only file system|No such file
# verdict without the audit hook: Read-only file system|No such file
import os
import sys

import numpy as np


def attack():
    errors = []
    for path in ("/tmp/mvcalc-pwned", "/dev/shm/mvcalc-pwned", "/python/mvcalc-pwned", "/mvcalc-pwned",
                 "/site/numpy/mvcalc-pwned"):
        try:
            open(path, "w").write("pwned")
        except OSError as exc:
            errors.append(f"{path}: {exc.strerror}")
    raise PermissionError("; ".join(errors))


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
