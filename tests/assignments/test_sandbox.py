"""The sandbox contains what a learner's file may do wrong, and says so in words a learner can act on."""

from __future__ import annotations

import os
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

import mvcalc
from mvcalc.assignments.sandbox import (
    LearnerCrashed,
    LearnerMissing,
    LearnerRaised,
    LearnerTimeout,
    Limits,
    SandboxedModule,
    Unencodable,
    wire,
)

PACKAGE = Path(mvcalc.__file__).resolve().parent
SECRET = PACKAGE / "assignments" / "__init__.py"

LEARNER = textwrap.dedent(f'''
    import os
    import numpy as np
    print("loaded")

    def double(x):
        return np.asarray(x) * 2

    def broken(x):
        return x + undefined_name

    def spin():
        while True:
            pass

    def hog():
        return np.ones((100_000, 100_000))

    def peek():
        return open({str(SECRET)!r}).read()

    def peek_quietly():
        try:
            return open({str(SECRET)!r}).read()
        except Exception:
            return "nothing"

    def listing():
        return os.listdir({str(PACKAGE)!r})

    def fork_bomb():
        while True:
            os.fork()

    def spawn():
        import subprocess
        return subprocess.run(["true"]).returncode

    def network():
        import socket
        socket.create_connection(("93.184.216.34", 80), timeout=1)

    def use_mvcalc():
        import mvcalc.assignments
        return 1

    def gives_function():
        return double

    def crash():
        os._exit(3)

    def write_here():
        with open("notes.txt", "w") as f:
            f.write("ok")
        return open("notes.txt").read()

    def write_elsewhere():
        with open("/tmp/mvcalc-sandbox-escape.txt", "w") as f:
            f.write("escaped")
''')


@pytest.fixture(scope="module")
def learner(tmp_path_factory):
    path = tmp_path_factory.mktemp("learner") / "mine.py"
    path.write_text(LEARNER)
    with SandboxedModule(path, Limits(call_seconds=2.0, cpu_seconds=10)) as module:
        yield module


def test_calls_round_trip_arrays(learner):
    got = learner.call("double", np.arange(6.0).reshape(2, 3))
    assert got.shape == (2, 3) and np.array_equal(got, 2 * np.arange(6.0).reshape(2, 3))
    assert set(learner.functions) >= {"double", "broken", "spin"}
    assert "loaded" in learner.output()


def test_exception_names_the_learners_line(learner):
    with pytest.raises(LearnerRaised) as err:
        learner.call("broken", 1.0)
    assert "NameError" in err.value.message and "undefined_name" in err.value.message
    assert "line 10" in err.value.message and "x + undefined_name" in err.value.message


def test_infinite_loop_is_stopped_and_the_next_call_works(learner):
    with pytest.raises(LearnerTimeout, match="did not finish within 2 s"):
        learner.call("spin")
    assert learner.call("double", 1.0) == 2.0


def test_huge_allocation_is_refused(learner):
    with pytest.raises(LearnerRaised, match="MemoryError.*more memory than the checker allows"):
        learner.call("hog")


def test_reading_the_package_is_refused_and_reported_even_if_caught(learner):
    with pytest.raises(LearnerRaised, match="PermissionError|FileNotFoundError"):
        learner.call("peek")
    assert learner.call("peek_quietly") == "nothing"
    assert any("checker's own files" in v for v in learner.violations)
    with pytest.raises(LearnerRaised):
        learner.call("listing")


def test_fork_bomb_and_subprocess_are_refused(learner):
    with pytest.raises(LearnerRaised, match="start a new process"):
        learner.call("fork_bomb")
    with pytest.raises(LearnerRaised, match="start another program"):
        learner.call("spawn")


def test_network_is_refused(learner):
    with pytest.raises(LearnerRaised, match="network connection"):
        learner.call("network")


def test_mvcalc_is_not_importable(learner):
    with pytest.raises(LearnerRaised, match="cannot import mvcalc"):
        learner.call("use_mvcalc")


def test_non_data_return_is_named(learner):
    got = learner.call("gives_function")
    assert isinstance(got, Unencodable) and got.type_name == "function"


def test_missing_function(learner):
    with pytest.raises(LearnerMissing, match="not_there is not defined"):
        learner.call("not_there")


def test_writes_stay_in_the_working_directory(learner):
    assert learner.call("write_here") == "ok"
    with pytest.raises(LearnerRaised, match="write outside its working directory"):
        learner.call("write_elsewhere")
    assert not Path("/tmp/mvcalc-sandbox-escape.txt").exists()


def test_a_crash_is_reported_and_recovered(learner):
    with pytest.raises(LearnerCrashed, match="exit status 3"):
        learner.call("crash")
    assert learner.call("double", 2.0) == 4.0


def test_containment_is_reported(learner):
    report = learner.containment.to_dict()
    assert report["audit_hook"] is True
    assert {"RLIMIT_CPU", "RLIMIT_AS", "RLIMIT_FSIZE"} <= set(report["rlimits"])
    if report["namespaces"]:
        assert report["package_hidden"] is True


def test_cpu_limit_kills_a_spinning_child(tmp_path):
    path = tmp_path / "spin.py"
    path.write_text("def spin():\n    while True:\n        pass\n")
    with SandboxedModule(path, Limits(cpu_seconds=1, call_seconds=10)) as module:
        with pytest.raises(LearnerCrashed, match="CPU time|SIGKILL|SIGXCPU"):
            module.call("spin")


def test_syntax_error_is_reported_on_load(tmp_path):
    path = tmp_path / "bad.py"
    path.write_text("def f(x):\n    return x +\n")
    with SandboxedModule(path) as module:
        assert module.load_error is not None
        assert "SyntaxError" in module.load_error.message and "line 2" in module.load_error.message


def test_wire_refuses_objects_and_bad_headers():
    assert isinstance(wire.decode(wire.encode(np.array([object()]))), Unencodable)
    bad = {"__array__": {"dtype": "object", "shape": [1], "data": ""}}
    with pytest.raises(wire.WireError):
        wire.decode(bad)
    short = {"__array__": {"dtype": "float64", "shape": [4], "data": "AAAA"}}
    with pytest.raises(wire.WireError):
        wire.decode(short)


def test_descend_runs_steepest_descent_in_the_child(tmp_path):
    path = tmp_path / "quadratic.py"
    path.write_text("import numpy as np\n\ndef grad_w(target, params):\n    return 2 * (params[0] - target)\n")
    with SandboxedModule(path) as module:
        snapshots = module.descend(["grad_w"], [np.zeros(2)], [(np.array([1.0, -2.0]),)] * 20, 0.25, 10)
    assert len(snapshots) == 2
    np.testing.assert_allclose(snapshots[-1][0], np.array([1.0, -2.0]) * (1 - 0.5**20), rtol=1e-12)


def test_descend_reports_the_failing_step(tmp_path):
    path = tmp_path / "flaky.py"
    path.write_text("calls = []\n\ndef grad_w(params):\n    calls.append(1)\n"
                    "    if len(calls) == 7:\n        raise ValueError('tired')\n    return params[0]\n")
    with SandboxedModule(path) as module:
        with pytest.raises(LearnerRaised, match="training step 7 raised ValueError: tired"):
            module.descend(["grad_w"], [np.ones(1)], [()] * 10, 0.1, 5)


BOMB = textwrap.dedent('''
    import os

    def bomb():
        n = 0
        try:
            for _ in range(400):
                if os.fork() == 0:
                    os.execv("/bin/sleep", ["/bin/sleep", "37.25"])
                n += 1
        except OSError as exc:
            return [n, str(exc)]
        return [n, "no limit"]

    def unaudited():
        import _posixsubprocess
        return 1
''')


def _sleepers() -> int:
    count = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                count += b"37.25" in f.read()
        except OSError:
            pass
    return count


def test_the_unaudited_process_spawner_cannot_be_imported(tmp_path):
    path = tmp_path / "bomb.py"
    path.write_text(BOMB)
    with SandboxedModule(path) as module:
        with pytest.raises(LearnerRaised, match="import _posixsubprocess"):
            module.call("unaudited")


def test_os_fences_alone_contain_a_fork_bomb(tmp_path):
    """With the audit hook switched off, the process cap and the PID namespace still hold."""
    path = tmp_path / "bomb.py"
    path.write_text(BOMB)
    with SandboxedModule(path, Limits(processes=32), audit_hook=False) as module:
        fences = module.containment
        if not (fences.pids_cgroup or (os.geteuid() != 0 and "RLIMIT_NPROC" in fences.rlimits)):
            pytest.skip("no process cap binds here (root without a writable pids cgroup)")
        spawned, error = module.call("bomb")
    assert spawned < 32 and "Resource temporarily unavailable" in error
    if fences.namespaces:
        deadline = time.monotonic() + 5
        while _sleepers() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _sleepers() == 0


ESCAPES = textwrap.dedent('''
    import ctypes
    import os

    def write_outside(path):
        with open(path, "w") as f:
            f.write("escaped")

    def leave_cgroup():
        with open("/sys/fs/cgroup/pids/cgroup.procs", "w") as f:
            f.write(str(os.getpid()))

    def remount_writable():
        libc = ctypes.CDLL(None, use_errno=True)
        return [libc.mount(None, b"/", None, 32 | 4096, None), ctypes.get_errno()]

    def write_here():
        with open("notes.txt", "w") as f:
            f.write("fine")
        return open("notes.txt").read()

    def network():
        import socket
        socket.create_connection(("1.1.1.1", 53), timeout=2)
''')


def test_os_fences_alone_keep_the_file_system_read_only(tmp_path):
    """With the audit hook off: a read-only file system outside the working directory, no capabilities,
    no network."""
    path = tmp_path / "escapes.py"
    path.write_text(ESCAPES)
    target = tmp_path / "escaped.txt"
    with SandboxedModule(path, audit_hook=False) as module:
        if not module.containment.read_only_fs:
            pytest.skip("no private mount namespace here")
        with pytest.raises(LearnerRaised, match="Read-only file system"):
            module.call("write_outside", str(target))
        if module.containment.pids_cgroup:
            with pytest.raises(LearnerRaised, match="Read-only file system"):
                module.call("leave_cgroup")
        rc, errno = module.call("remount_writable")
        assert rc == -1 and errno == 1  # EPERM: no CAP_SYS_ADMIN left
        assert module.call("write_here") == "fine"
        if module.containment.namespaces:
            with pytest.raises(LearnerRaised, match="Network is unreachable"):
                module.call("network")
    assert not target.exists()


@pytest.mark.parametrize("top_level, words", [
    ("while True:\n    pass\n", "loading your file did not finish within 2 s"),
    ("import os\nos._exit(4)\n", "loading your file ended the checker's Python process (exit status 4)"),
    ("raise ValueError('no')\n", "loading your file raised ValueError: no (line 1"),
])
def test_a_file_that_does_not_load_is_explained_once(tmp_path, top_level, words):
    path = tmp_path / "bad.py"
    path.write_text(top_level)
    with SandboxedModule(path, Limits(call_seconds=2.0)) as module:
        assert module.load_error is not None and words in module.load_error.message
        with pytest.raises(type(module.load_error)):
            module.call("anything")
        assert module.restarts == 0
