"""Is the LaTeX in a prompt well-formed? Rendered by KaTeX (the web app's library) through node.

All fragments of a test run go to one node process. Where node or the pinned KaTeX
package is missing, an equivalent structural check is used instead: balanced
braces, matched \\left/\\right and \\begin/\\end, no stray `$`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)

SCRIPT = r"""
const katex = require("katex");
let input = "";
process.stdin.on("data", d => input += d);
process.stdin.on("end", () => {
  const out = JSON.parse(input).map(s => {
    try { katex.renderToString(s, {throwOnError: true, strict: "ignore"}); return null; }
    catch (e) { return String(e.message); }
  });
  process.stdout.write(JSON.stringify(out));
});
"""


def fragments(markdown: str) -> list[str]:
    """The maths of a Markdown text: every $…$ and $$…$$."""
    return [a or b for a, b in MATH.findall(markdown or "")]


def katex_available() -> bool:
    return shutil.which("node") is not None and (ROOT / "node_modules" / "katex").is_dir()


def katex_errors(items: list[str]) -> list[str | None]:
    """One entry per fragment: None if KaTeX renders it, else its error message."""
    if not items:
        return []
    done = subprocess.run(
        ["node", "-e", SCRIPT], input=json.dumps(items), capture_output=True, text=True,
        cwd=ROOT, timeout=120, check=True,
    )
    return json.loads(done.stdout)


def structural_error(latex: str) -> str | None:
    """The equivalent check without KaTeX: braces, \\left/\\right, \\begin/\\end."""
    depth = 0
    for i, ch in enumerate(latex):
        if ch == "{" and (i == 0 or latex[i - 1] != "\\"):
            depth += 1
        elif ch == "}" and (i == 0 or latex[i - 1] != "\\"):
            depth -= 1
            if depth < 0:
                return "unbalanced }"
    if depth:
        return "unbalanced {"
    if len(re.findall(r"\\left\b", latex)) != len(re.findall(r"\\right\b", latex)):
        return "\\left without \\right"
    if re.findall(r"\\begin\{(\w+)\}", latex) != re.findall(r"\\end\{(\w+)\}", latex):
        return "\\begin without \\end"
    return None


def check_all(items: list[str]) -> list[tuple[str, str]]:
    """(fragment, error) for every fragment that does not render."""
    unique = sorted(set(items))
    if katex_available():
        errors = katex_errors(unique)
    else:
        errors = [structural_error(s) for s in unique]
    return [(s, e) for s, e in zip(unique, errors, strict=True) if e]
