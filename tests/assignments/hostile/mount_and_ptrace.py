# mvcalc assignment: backprop
# attack: remount, chroot and ptrace through raw system calls
# verdict: call C code|Operation not permitted
# verdict without the audit hook: Operation not permitted
import os
import sys

import numpy as np


import ctypes


def attack():
    libc = ctypes.CDLL(None, use_errno=True)
    results = []
    results.append(libc.mount(b"none", b"/work", b"tmpfs", 0, None))
    results.append(libc.mount(None, b"/", None, 32 | 4096, None))
    results.append(libc.ptrace(16, 1, None, None))  # PTRACE_ATTACH to pid 1
    results.append(libc.syscall(250, 0, 0, 0, 0, 0))  # keyctl
    results.append(libc.syscall(321, 0, 0, 0))  # bpf
    if any(r == 0 for r in results):
        raise RuntimeError(f"a system call worked: {results}")
    raise PermissionError(f"{results}: {os.strerror(ctypes.get_errno())}")


def J_b3(x, y, params):
    return attack()["J_b3"](x, y, params)


def J_b2(x, y, params):
    return attack()["J_b2"](x, y, params)


def J_W1(x, y, params):
    return attack()["J_W1"](x, y, params)


def J_b1(x, y, params):
    return attack()["J_b1"](x, y, params)
