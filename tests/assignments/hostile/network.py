# mvcalc assignment: backprop
# attack: connect to the host's PostgreSQL and to the internet
# verdict: open a network connection|Network is unreachable
# verdict without the audit hook: Network is unreachable|Connection refused
import os
import sys

import numpy as np


import socket


def attack():
    socket.create_connection(("127.0.0.1", 5432), timeout=2)
    socket.create_connection(("1.1.1.1", 53), timeout=2)


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
