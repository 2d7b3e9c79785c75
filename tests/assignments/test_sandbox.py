"""The sandbox contains what a learner's file may do wrong, and says so in words a learner can act on."""

from __future__ import annotations

import json
import os
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mvcalc
from mvcalc.assignments.sandbox import (
    LearnerCrashed,
    LearnerError,
    LearnerMissing,
    LearnerRaised,
    LearnerTimeout,
    Limits,
    SandboxedModule,
    SandboxUnavailable,
    Unencodable,
    wire,
)
from mvcalc.assignments.sandbox.process import reply_problem

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


def test_the_package_is_not_in_the_sandbox(learner):
    with pytest.raises(LearnerRaised, match="FileNotFoundError.*sees only your file"):
        learner.call("peek")
    assert learner.call("peek_quietly") == "nothing"
    with pytest.raises(LearnerRaised, match="FileNotFoundError"):
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
    with pytest.raises(LearnerRaised, match="No module named 'mvcalc'"):
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
    assert report["audit_hook"] is True and report["isolated"] is True and report["seccomp"] is True
    assert report["no_capabilities"] is True and report["uid"] != 0
    assert {"RLIMIT_CPU", "RLIMIT_AS", "RLIMIT_FSIZE", "RLIMIT_NPROC"} <= set(report["rlimits"])
    assert {"user", "pid", "network", "mount", "ipc", "uts"} <= set(report["namespaces"])


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


def _frames():
    """Byte strings a hostile child might write: raw bytes, and headers with JSON-like bodies of any shape."""
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
            st.sampled_from(["id", "ok", "value", "error", "violations", "failed_call", "__array__", "__dict__",
                             "dtype", "shape", "data", "type", "message", "line"]), inner, max_size=5),
        max_leaves=30)
    bodies = json_values.map(lambda v: json.dumps(v).encode())
    framed = st.tuples(st.one_of(bodies, st.binary(max_size=300)), st.integers(-3, 3)).map(
        lambda b: wire.HEADER.pack(max(0, len(b[0]) + b[1])) + b[0])
    deep = st.integers(1, 5000).map(lambda n: (lambda body: wire.HEADER.pack(len(body)) + body)(b"[" * n + b"]" * n))
    return st.one_of(st.binary(max_size=2000), framed, deep)


@settings(max_examples=300, deadline=None)
@given(_frames())
def test_the_parent_survives_any_bytes_on_the_result_channel(data):
    """Whatever the child writes, the parent gets a well-formed reply or a LearnerError, never its own crash."""
    module = SandboxedModule("hostile.py", Limits(call_seconds=1.0))
    resp_r, resp_w = os.pipe()
    out_r, out_w = os.pipe()
    os.write(resp_w, data)
    os.close(resp_w)
    os.close(out_w)
    module._resp, module._out, module._fds = resp_r, out_r, [resp_r, out_r]
    module._deadline = time.monotonic() + 5
    try:
        reply = module._receive(1.0, "a call", 1)
        assert reply_problem(reply, 1) is None
        module._decode(reply.get("value"), "a call")
    except LearnerError as exc:
        assert exc.message
    finally:
        os.close(resp_r)
        os.close(out_r)


def test_without_bubblewrap_a_plain_process_runs_the_file_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("MVCALC_SANDBOX", "process")
    path = tmp_path / "plain.py"
    path.write_text("def f(x):\n    return x + 1\n")
    with SandboxedModule(path) as module:
        assert module.call("f", 1) == 2
        assert module.containment.isolated is False and module.containment.seccomp is False


def test_an_unknown_sandbox_mode_is_an_infrastructure_error(tmp_path, monkeypatch):
    monkeypatch.setenv("MVCALC_SANDBOX", "docker")
    with pytest.raises(SandboxUnavailable, match="auto, bwrap or process"):
        SandboxedModule(tmp_path / "x.py").start()


def test_auto_falls_back_to_a_plain_process_when_bubblewrap_cannot_start(tmp_path, monkeypatch):
    from mvcalc.assignments.sandbox import jail, process

    monkeypatch.setenv("MVCALC_SANDBOX", "auto")
    monkeypatch.setattr(jail, "bwrap", lambda: "/bin/false")
    monkeypatch.setattr(process, "_bwrap_failed", [])
    path = tmp_path / "plain.py"
    path.write_text("def f(x):\n    return x * 3\n")
    with SandboxedModule(path) as module:
        assert module.call("f", 2) == 6
        assert module.containment.isolated is False and "did not start" in module.containment.note
    monkeypatch.setenv("MVCALC_SANDBOX", "bwrap")
    with pytest.raises(SandboxUnavailable, match="did not start"):
        SandboxedModule(path).start()


def test_leftovers_of_a_killed_checker_are_swept(tmp_path):
    """A checker killed mid-run leaves an empty staging folder (and, as root, cgroups); the next
    process that starts a sandbox removes those of processes that no longer exist."""
    from mvcalc.assignments.sandbox import cgroups, process

    dead = 2**22 + 7  # above the largest pid Linux hands out
    stage = Path(tempfile.gettempdir()) / f"{process.STAGE_PREFIX}{dead}-test"
    (stage / "0").mkdir(parents=True)
    made = []
    if os.geteuid() == 0 and (cgroups.ROOT / "pids" / "cgroup.procs").exists():
        made.append(cgroups.ROOT / "pids" / f"{cgroups.PREFIX}{dead}-test")
        made[0].mkdir()
    process.sweep_once.cache_clear()
    process.sweep_once()
    assert not stage.exists() and not any(p.exists() for p in made)
