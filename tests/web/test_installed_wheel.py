"""The course from a built wheel, installed in a fresh virtual environment outside the checkout.

This is what `pip install mvcalc` gives a learner: no checkout, no Node, no
MVCALC_CONTENT. The wheel is built from this tree, installed with its
dependencies into a new venv in a temporary folder, and its `mvcalc serve` is
driven in chromium: a lesson with typeset maths and a drawn figure, one practice
answer checked, one Sandpit probe. It also fits a shipped NIST problem.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from mvcalc.exercises import registry as bank

from .server import LiveServer
from .test_browser import Watch, _answer, _typeset

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.browser, pytest.mark.timeout(1800)]  # building and installing a wheel takes minutes


def _run(*args: str, cwd: Path) -> str:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """bin/ of a fresh venv holding only the wheel built from this tree (and its dependencies)."""
    work = tmp_path_factory.mktemp("wheel")
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(ROOT), cwd=work)
    (wheel,) = (work / "dist").glob("mvcalc-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "mvcalc/content/lessons/modules.yaml" in names
    assert any(n.startswith("mvcalc/web/static/vendor/katex/fonts/") and n.endswith(".woff2") for n in names)
    assert "mvcalc/web/static/vendor/katex/LICENSE" in names and "mvcalc/datasets/nist/Misra1a.dat" in names
    _run(sys.executable, "-m", "venv", str(work / "venv"), cwd=work)
    _run(str(work / "venv" / "bin" / "pip"), "install", "-q", str(wheel), cwd=work)
    return work / "venv" / "bin"


def test_the_installed_package_reads_its_own_data(installed, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("MVCALC_CONTENT", "PYTHONPATH")}
    out = subprocess.run([str(installed / "mvcalc"), "fit", "--nist", "Misra1a", "--start", "1", "--json"],
                         cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    assert min(json.loads(out.stdout)["digits"].values()) >= 6
    where = subprocess.run([str(installed / "python"), "-c", "import mvcalc; print(mvcalc.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120).stdout
    assert str(ROOT) not in where and "site-packages" in where


def test_the_installed_course_in_a_browser(installed, browser, tmp_path):  # noqa: F811
    server = LiveServer(f"sqlite:///{tmp_path / 'p.sqlite3'}", command=(str(installed / "mvcalc"),),
                        cwd=str(tmp_path)).start()
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    watch = Watch(context)
    page = watch.page(context)
    try:
        page.goto(server.url + "/modules/1/lessons/welcome")
        _typeset(page)
        page.wait_for_selector(".lesson-figure .plot-area svg")

        q = bank.get("m1-product-linear").generate(3)
        page.goto(f"{server.url}/practice/m1-s4-product-rule?q={q.id}&seed={q.seed}")
        _answer(page, q)
        page.get_by_role("button", name="Check my answer").click()
        page.locator(".verdict.correct").wait_for()

        page.goto(server.url + "/sandpit/intro")
        page.wait_for_selector('#sandpit[data-ready="yes"]', timeout=30000)
        box = page.locator("#sandpit-pit").bounding_box()
        page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3)
        page.wait_for_selector("#sandpit-probes .probe-mark >> nth=0")
    finally:
        context.close()
        server.stop()
    assert watch.external == [] and watch.errors == []
    assert any("/static/vendor/katex/fonts/" in url for url in watch.requests)


def test_every_readme_example_works_from_the_installed_wheel(installed, tmp_path):
    """The README's shell examples and its Python API block, run by the wheel's own mvcalc and python."""
    import re
    import shlex

    readme = (ROOT / "README.md").read_text()
    env = {k: v for k, v in os.environ.items() if k not in ("MVCALC_CONTENT", "PYTHONPATH")}
    env["MVCALC_DATABASE_URL"] = f"sqlite:///{tmp_path / 'p.sqlite3'}"
    for block in re.findall(r"```\n(.*?)```", readme, flags=re.S):
        for line in block.splitlines():
            if line.startswith("$ mvcalc "):
                args = shlex.split(line)[2:]
                stdin = "x\n" if args[0] == "practice" else None
                if args[0] == "practice":
                    args += ["--count", "1"]
                done = subprocess.run([str(installed / "mvcalc"), *args], cwd=tmp_path, input=stdin,
                                      capture_output=True, text=True, env=env, timeout=300)
                assert done.returncode == 0, (line, done.stderr[-2000:])
    (python_block,) = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    script = ("xs = [1.0, 2.0, 3.0, 4.0, 5.0]; ys = [210.0, 330.0, 400.0, 440.0, 470.0]\n"
              "a, b = '2x sin x + x^2 cos x', 'x^2 sin x'\n" + python_block)
    done = subprocess.run([str(installed / "python"), "-c", script], cwd=tmp_path, capture_output=True,
                          text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
