"""`make coverage`: line and branch coverage per package, from coverage.py's JSON report.

Fails when the branch coverage of a package in GATES is below its floor. Run after
`coverage run -m pytest ...` and `coverage combine` (the Makefile does both).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GATES = {"math": 0.90, "exercises": 0.90}  # branch coverage floor per package of src/mvcalc
SHOWN = ("math", "exercises", "assignments", "store", "web", "cli", "course", "games")


def main() -> int:
    out = ROOT / "coverage.json"
    subprocess.run([sys.executable, "-m", "coverage", "json", "-q", "-o", str(out)], cwd=ROOT, check=True)
    files = json.loads(out.read_text())["files"]
    failed = False
    print(f"{'package':<14}{'lines':>8}{'branches':>10}")
    for package in SHOWN:
        prefix = f"src/mvcalc/{package}/"
        parts = [f["summary"] for name, f in files.items() if name.startswith(prefix)]
        if not parts:
            continue
        lines = sum(p["covered_lines"] for p in parts) / max(1, sum(p["num_statements"] for p in parts))
        branches = sum(p["covered_branches"] for p in parts) / max(1, sum(p["num_branches"] for p in parts))
        floor = GATES.get(package)
        mark = "" if floor is None else (" ok" if branches >= floor else f" below {floor:.0%}")
        failed |= floor is not None and branches < floor
        print(f"{package:<14}{lines:>8.1%}{branches:>10.1%}{mark}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
