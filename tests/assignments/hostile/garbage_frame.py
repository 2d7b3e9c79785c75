# mvcalc assignment: backprop
# attack: send random bytes with a plausible header on the result channel
# verdict: garbled
import os
import sys

import numpy as np


import json
import struct


def attack():
    fd = json.loads(sys.argv[1])["response_fd"]
    junk = os.urandom(5000)
    os.write(fd, struct.pack(">Q", len(junk)) + junk)
    os._exit(0)


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
