"""`make mutation`: sampled mutation testing of the modules whose mistakes would go unseen.

For each module of TARGETS, mutmut makes every mutant (a changed operator, constant,
comparison, argument...), a fixed seeded sample of them is run against the module's
own tests, and the score is killed / (sampled - proven equivalent). A module below
THRESHOLD fails the run. Too slow for CI (about 15 minutes on two cores): run it by
hand after changing one of these modules, and read the survivors it prints.

    .venv/bin/python tests/mutation.py [--sample N] [--seed N] [--only NAME]

Why mutmut and not cosmic-ray: docs/testing.md.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
THRESHOLD = 0.85
SAMPLE = 30  # mutants per module
SEED = 21


@dataclass(frozen=True)
class Target:
    """A module, the functions of it that count (a regex on the function name), its tests."""

    name: str
    path: str
    tests: tuple[str, ...]
    functions: str = ".*"
    skip: str = ""  # why it is not run yet, if it is not


# Every function of store/api.py that writes, or builds what is written: an attempt with its
# mastery update (the prepared INSERT, lock and UPDATE of _add_attempt and _observe), an issued
# question (issue's INSERT ... ON CONFLICT DO NOTHING), an answer to it under its row lock with
# its idempotent request key (answer_issued), hints, solutions seen, quizzes, rounds, lesson reads.
# The prepared statements themselves are module-level constants, which mutmut does not mutate.
STORE_WRITES = (
    r"(_grade_fields|_question_info|_text|_attempt_row|_add|_add_attempt|_observe|_issued_row|_locked_issued"
    r"|_assessment_row|_assignment_row|record_\w+|issue|issue_question|find_or_issue|note_hints|view_solution"
    r"|answer_issued|start_round|play_round|start_assessment|submit_assessment)$"
)

TARGETS = (
    Target("checker", "src/mvcalc/math/check/compare.py",
           ("tests/math/test_check.py", "tests/math/test_check_stages.py")),
    Target("sampling", "src/mvcalc/math/check/sampling.py",
           ("tests/math/test_check.py", "tests/math/test_check_stages.py")),
    # _fn only builds rows of the table, at import time: before mutmut forks, so no mutant of it runs
    Target("rules", "src/mvcalc/math/calculus/rules.py", ("tests/math/test_rules.py",),
           functions=r"(?!_fn$)"),
    Target("grading", "src/mvcalc/exercises/grading.py", ("tests/exercises/test_grading.py",)),
    # its own in-process tests (a real pipe, no jail): the jailed child cannot import a mutant
    Target("sandbox protocol", "src/mvcalc/assignments/sandbox/wire.py", ("tests/assignments/test_wire.py",)),
    Target("store writes", "src/mvcalc/store/api.py", ("tests/store/test_store.py", "tests/store/test_issued.py"),
           functions=STORE_WRITES),
)

# Mutants proven equivalent (the program behaves the same), by mutmut name: see docs/testing.md.
EQUIVALENT: dict[str, str] = {
    "mvcalc.exercises.grading.x__read_points__mutmut_39":
        "`if dim > 1 or True`: one-dimensional groups come from splitting the text at commas, "
        "so splitting each again at commas changes nothing",
    "mvcalc.math.calculus.rules.x_is_quotient__mutmut_15":
        "`len(den) <= len(node.args)`: when every factor is a denominator there are at least "
        "two (a SymPy Mul has two or more arguments), so the second test already holds",
}

EQUIVALENT.update({
    "mvcalc.math.calculus.rules.x__rules_for__mutmut_1":
        "`rules = None`: _BY_HEAD is a memo filled only here, so a miss recomputes the same list from RULES",
    "mvcalc.math.calculus.rules.x__rules_for__mutmut_2":
        "`_BY_HEAD.get(None)`: always a miss of the memo, which recomputes the same list from RULES",
    "mvcalc.math.calculus.rules.xǁContextǁdepends__mutmut_2":
        "`self._depends.get(None)`: always a miss of the memo, which recomputes the same answer",
    "mvcalc.assignments.sandbox.wire.x_encode__mutmut_50":
        '`np.asarray(arr, order=None)`: `tobytes()` writes C order whatever the layout, and the shape '
        "is the same",
    "mvcalc.assignments.sandbox.wire.x_read_exact__mutmut_13":
        "`min(left, 1 << 21)`: only the cap on one read; a pipe gives what it holds and the loop reads "
        "on until the n bytes are in",
    "mvcalc.math.calculus.rules.x_select__mutmut_10":
        "`text(None)` in the message of a raise no node reaches: the rule `other` (no heads, applies "
        "to everything) is in every list, so select always returns first",
    "mvcalc.store.api.xǁStoreǁrecord_read__mutmut_7":
        '`"XXread_atXX": now()`: the unknown key is not a column, so the INSERT leaves read_at to the '
        "column's default, the same `now`, called at the INSERT instead of just before it",
    "mvcalc.store.api.xǁStoreǁstart_assessment__mutmut_3":
        "`secrets.token_urlsafe(17)`: a longer random id, as unique and unguessable; nothing reads its length",
    "mvcalc.assignments.sandbox.wire.x_encode__mutmut_67":
        '`decode("ASCII")`: codec names are case-insensitive',
    "mvcalc.assignments.sandbox.wire.x_encode__mutmut_42":
        '`kind not in "XXfiuXX"`: a dtype kind is one character and NumPy has no kind "X"',
    "mvcalc.assignments.sandbox.wire.x_encode__mutmut_47":
        "`arr.astype(None)`: NumPy reads a dtype of None as float64, the value it replaces",
    "mvcalc.assignments.sandbox.wire.x_parse_body__mutmut_9":
        '`body.decode("UTF-8")`: codec names are case-insensitive',
})

KILLED = {1, 3, 24, -24, 36, 152, 255}  # mutmut's exit codes for killed and timed out
TIMED_OUT = {24, -24, 36, 152, 255}  # counted as killed (the tests hung), but printed apart: under a heavy
# load a slow mutant can time out without hanging, so a timeout is worth a second look


def _module(path: str) -> str:
    return path.removeprefix("src/").removesuffix(".py").replace("/", ".")


def _mangled(name: str) -> str:
    """'mvcalc.x.xǁStoreǁrecord_attempt__mutmut_3' -> 'record_attempt'."""
    return re.sub(r"__mutmut_\d+$", "", name.rsplit(".", 1)[1]).split("ǁ")[-1].removeprefix("x_")


def _workdir(targets: list[Target]) -> Path:
    work = Path(tempfile.mkdtemp(prefix="mvcalc-mutation-"))
    for part in ("src", "tests", "content"):
        if (ROOT / part).exists():
            shutil.copytree(ROOT / part, work / part, ignore=shutil.ignore_patterns("__pycache__"))
    tests = sorted({t for target in targets for t in target.tests if (ROOT / t).exists()})
    config = (ROOT / "pyproject.toml").read_text() + "\n[tool.mutmut]\n" + "\n".join([
        'source_paths = ["src"]',
        f"only_mutate = {json.dumps([t.path for t in targets])}",
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}",
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x", "-m", "not slow"]',
        "use_git_change_detection = false",
    ]) + "\n"
    (work / "pyproject.toml").write_text(config)
    return work


def _mutmut(work: Path, *args: str) -> int:
    """Run mutmut in `work`, its output appended to work/mutmut.log."""
    mutmut = Path(sys.executable).with_name("mutmut")
    with (work / "mutmut.log").open("a") as log:
        return subprocess.run([str(mutmut), *args], cwd=work, stdout=log, stderr=subprocess.STDOUT).returncode


def _tested(work: Path) -> set[str]:
    """The functions (mutmut's mangled names) that at least one selected test calls."""
    stats = json.loads((work / "mutants" / "mutmut-stats.json").read_text())
    return {name for name, tests in stats["tests_by_mangled_function_name"].items() if tests}


def _exit_codes(work: Path, target: Target) -> dict[str, int | None]:
    meta = work / "mutants" / (target.path + ".meta")
    if not meta.exists():
        return {}
    return json.loads(meta.read_text())["exit_code_by_key"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=SAMPLE, help="mutants per module")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--only", action="append", help="a target name (repeatable)")
    parser.add_argument("--workdir", type=Path, help="reuse the mutants of an earlier run")
    args = parser.parse_args(argv)
    targets = [t for t in TARGETS if (ROOT / t.path).exists() and (not args.only or t.name in args.only)]
    for target in [t for t in targets if t.skip]:
        print(f"not run: {target.name} ({target.skip})")
    targets = [t for t in targets if not t.skip]
    work = args.workdir or _workdir(targets)
    print(f"mutants and results in {work}")
    if not args.workdir:
        _mutmut(work, "run", "--max-children", "2", "no-such-mutant*")  # makes every mutant, maps tests
    chosen: dict[str, list[str]] = {}
    made: dict[str, int] = {}
    for target in targets:
        # every mutant of the module's counted functions, drawn from with a generator of its own (the
        # same sample whatever other modules are run)
        names = sorted(n for n in _exit_codes(work, target) if re.match(target.functions, _mangled(n)))
        made[target.name] = len(names)
        rng = random.Random(f"{args.seed}:{target.name}")
        chosen[target.name] = sorted(rng.sample(names, min(args.sample, len(names))))
    tested = _tested(work)
    # a mutant of a function no test calls survives without running (mutmut cannot run it)
    runnable = [n for names in chosen.values() for n in names if re.sub(r"__mutmut_\d+$", "", n) in tested]
    if runnable and _mutmut(work, "run", "--max-children", "2", *runnable) != 0:
        print(f"mutmut failed: see {work / 'mutmut.log'}")
        return 2
    failed = False
    print(f"\nsample: {args.sample} mutants per module (seed {args.seed}); score = killed / (sampled - equivalent)")
    print(f"{'module':<18}{'mutants':>8}{'sampled':>8}{'killed':>8}{'timeout':>8}{'equiv.':>8}{'score':>8}")
    for target in targets:
        codes = _exit_codes(work, target)
        names = chosen[target.name]
        equivalent = [n for n in names if n in EQUIVALENT]
        killed = [n for n in names if codes.get(n) in KILLED]
        counted = len(names) - len(equivalent)
        score = len(killed) / counted if counted else 1.0
        failed |= score < THRESHOLD
        timeouts = [n for n in killed if codes.get(n) in TIMED_OUT]
        print(f"{target.name:<18}{made[target.name]:>8}{len(names):>8}{len(killed):>8}{len(timeouts):>8}"
              f"{len(equivalent):>8}{score:>8.0%}")
        for name in timeouts:
            print(f"    timed out (counted as killed): {name} (exit {codes.get(name)})")
        for name in names:
            if name not in killed and name not in equivalent:
                print(f"    survived: {name} (exit {codes.get(name)}); see: cd {work} && mutmut show '{name}'")
    print(f"\nthreshold {THRESHOLD:.0%} per module: {'FAILED' if failed else 'passed'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
