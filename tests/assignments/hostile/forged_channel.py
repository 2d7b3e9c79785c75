# mvcalc assignment: backprop
# attack: write forged 'ok' replies straight onto the result channel (its fd is in sys.argv)
# verdict: garbled|differ|shape
import os
import sys

import numpy as np


import json
import struct


def attack():
    fd = json.loads(sys.argv[1])["response_fd"]
    for request_id in range(1, 40):
        body = json.dumps({"id": request_id, "ok": True, "violations": [], "value": [0.0]}).encode()
        os.write(fd, struct.pack(">Q", len(body)) + body)
    return {name: (lambda *args: np.zeros((2, 1))) for name in ("J_b3", "J_b2", "J_W1", "J_b1")}


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
