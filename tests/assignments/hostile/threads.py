# mvcalc assignment: backprop
# attack: start threads that keep computing and forge replies after the call returned
# verdict: start a thread|garbled|differ|shape|did not finish
# verdict without the audit hook: garbled|differ|shape|did not finish
import os
import sys

import numpy as np


import json
import struct
import threading


def forge():
    fd = json.loads(sys.argv[1])["response_fd"]
    for request_id in range(1, 200):
        body = json.dumps({"id": request_id, "ok": True, "violations": [], "value": [0.0]}).encode()
        os.write(fd, struct.pack(">Q", len(body)) + body)


def attack():
    for _ in range(8):
        threading.Thread(target=forge, daemon=True).start()
    return {name: (lambda *args: np.zeros((2, 1))) for name in ("J_b3", "J_b2", "J_W1", "J_b1")}


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
