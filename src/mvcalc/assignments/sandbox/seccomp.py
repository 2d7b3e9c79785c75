"""The seccomp filter of the sandbox: the system calls the learner's code may never make.

bubblewrap loads a compiled BPF program (`bwrap --seccomp FD`). libseccomp compiles it from
the table below; its Python bindings are Debian's `python3-seccomp`, which belong to Debian's
own interpreter, so the program is built by running `/usr/bin/python3` once per process
(whatever Python mvcalc runs on) and kept.
"""

from __future__ import annotations

import errno
import json
import shutil
import subprocess
from functools import cache

# Refused with EPERM: leaving or rebuilding the sandbox (mounts, namespaces, chroot), looking
# into other processes (ptrace and friends), the kernel's larger attack surfaces (keyrings,
# BPF, perf, userfaultfd, io_uring, modules) and changing the machine (clock, reboot, swap).
REFUSED = (
    "mount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree", "fsopen", "fsconfig", "fsmount",
    "fspick", "mount_setattr", "unshare", "setns", "ptrace", "process_vm_readv", "process_vm_writev",
    "kcmp", "pidfd_getfd", "keyctl", "add_key", "request_key", "bpf", "perf_event_open", "userfaultfd",
    "io_uring_setup", "io_uring_enter", "io_uring_register", "kexec_load", "kexec_file_load",
    "init_module", "finit_module", "delete_module", "reboot", "swapon", "swapoff", "acct", "quotactl",
    "syslog", "open_by_handle_at", "name_to_handle_at", "iopl", "ioperm", "settimeofday", "clock_settime",
    "clock_adjtime", "adjtimex", "fanotify_init", "lookup_dcookie", "sethostname", "setdomainname",
    "vhangup", "personality",
)
# clone() with any of these flags would make a new namespace: refused like unshare().
NAMESPACE_FLAGS = (0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000, 0x80)

_BUILD = """
import json, sys, seccomp
table = json.loads(sys.argv[1])
f = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
for name in table["refused"]:
    try:
        f.add_rule(seccomp.ERRNO(table["eperm"]), name)
    except (RuntimeError, ValueError):
        pass  # a call this architecture does not have
for flag in table["flags"]:
    f.add_rule(seccomp.ERRNO(table["eperm"]), "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
f.add_rule(seccomp.ERRNO(table["enosys"]), "clone3")  # its flags are in memory: glibc falls back to clone
f.export_bpf(sys.stdout)
"""


class SeccompUnavailable(RuntimeError):
    """libseccomp's Python bindings (Debian's python3-seccomp) are not installed."""


@cache
def program() -> bytes:
    """The compiled BPF program (for this machine's architecture), built once per process."""
    python = shutil.which("python3", path="/usr/bin:/bin")
    if python is None:
        raise SeccompUnavailable("no /usr/bin/python3 to run libseccomp's bindings (apt-get install python3-seccomp)")
    table = json.dumps({"refused": REFUSED, "flags": NAMESPACE_FLAGS, "eperm": errno.EPERM, "enosys": errno.ENOSYS})
    done = subprocess.run([python, "-I", "-c", _BUILD, table], capture_output=True, timeout=30, check=False)
    if done.returncode != 0 or not done.stdout:
        raise SeccompUnavailable("libseccomp's Python bindings did not build the filter "
                                 f"(apt-get install python3-seccomp): {done.stderr.decode(errors='replace')[-300:]}")
    return done.stdout
