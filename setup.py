"""Build hook: the wheel carries the whole course, so `pip install mvcalc` then `mvcalc serve` works.

Everything else about the package is declared in pyproject.toml. Building a wheel
(1) makes sure the pinned front-end assets are in `src/mvcalc/web/static/vendor/`
(from package-lock.json: `npm ci`, then `mvcalc/web/assets.py` copies what pages
load, with the licences), and (2) copies the lessons and pages of `content/` into
the package as `mvcalc/content/`. Whoever installs the wheel needs no Node and
nothing from the network. Editable installs read `content/` from the checkout.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
VENDOR = ROOT / "src" / "mvcalc" / "web" / "static" / "vendor"


class BuildWithCourse(build_py):
    """build_py that adds the front-end assets and the content folder to the package."""

    def run(self) -> None:
        editable = getattr(self, "editable_mode", False)
        if not editable and not (VENDOR / "manifest.json").is_file():
            if not (ROOT / "node_modules").is_dir():
                subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=ROOT, check=True)
            subprocess.run([sys.executable, str(ROOT / "src" / "mvcalc" / "web" / "assets.py")], cwd=ROOT, check=True)
        super().run()
        if not editable and (ROOT / "content").is_dir():
            target = Path(self.build_lib) / "mvcalc" / "content"
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(ROOT / "content", target)


setup(cmdclass={"build_py": BuildWithCourse})
