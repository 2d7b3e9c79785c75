# mvcalc assignment: backprop
# attack: raw system calls that would rebuild or leave the sandbox: mount, remount, ptrace, keyctl, bpf, unshare, setns, clone(CLONE_NEWUSER), perf_event_open, userfaultfd, io_uring_setup
# verdict: call C code directly
# verdict without the audit hook: PermissionError: every one refused with EPERM
import ctypes
import os

import numpy as np

EPERM = 1
CALLS = {  # x86-64 numbers; name -> (number, arguments)
    "mount": (165, (b"none", b"/work", b"tmpfs", 0, None)),
    "remount /": (165, (None, b"/", None, 32 | 4096, None)),
    "ptrace attach 1": (101, (16, 1, None, None)),
    "keyctl": (250, (0, 0, 0, 0, 0)),
    "bpf": (321, (0, 0, 0)),
    "unshare user": (272, (0x10000000,)),
    "setns": (308, (0, 0)),
    "clone newuser": (56, (0x10000000 | 17, 0, 0, 0, 0)),
    "perf_event_open": (298, (0, 0, -1, -1, 0)),
    "userfaultfd": (323, (0,)),
    "io_uring_setup": (425, (1, 0)),
}


def attack():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    outcomes = {}
    for name, (number, args) in CALLS.items():
        ctypes.set_errno(0)
        result = libc.syscall(number, *args)
        if result == 0 and name == "clone newuser":
            os._exit(0)  # we are the new child: it should never have been made
        outcomes[name] = (result, ctypes.get_errno())
    if all(result == -1 and errno == EPERM for result, errno in outcomes.values()):
        raise PermissionError("every one refused with EPERM")
    raise RuntimeError(f"not all refused: {outcomes}")


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, np.asarray(params))


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
