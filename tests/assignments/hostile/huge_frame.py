# mvcalc assignment: backprop
# attack: announce a frame of 2**62 bytes on the result channel
# verdict: garbled.*larger than
import os
import sys

import numpy as np


import json
import struct


def attack():
    fd = json.loads(sys.argv[1])["response_fd"]
    os.write(fd, struct.pack(">Q", 2**62) + b"{" * 1000)
    import time
    time.sleep(60)


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
