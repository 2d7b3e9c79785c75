"""Copy the pinned front-end assets from node_modules/ into static/vendor/ (`python -m mvcalc.web.assets`).

The versions are the ones package-lock.json pins; `vendor/manifest.json`
records them and the app refuses to serve pages without the files, so a page
never falls back to a CDN. Only what a page loads is copied (KaTeX's woff2
fonts, not its ttf/woff; JSXGraph's minified core, not its sources and maps; axe-core's
minified build, which only the accessibility tests inject).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

STATIC = Path(__file__).parent / "static"
VENDOR = STATIC / "vendor"

#: package -> (source path under node_modules/<package>, target under vendor/), files or folders.
FILES: dict[str, list[tuple[str, str]]] = {
    "katex": [
        ("dist/katex.min.js", "katex/katex.min.js"),
        ("dist/katex.min.css", "katex/katex.min.css"),
        ("dist/fonts/*.woff2", "katex/fonts/"),
        ("LICENSE", "katex/LICENSE"),
    ],
    "jsxgraph": [
        ("distrib/jsxgraphcore.js", "jsxgraph/jsxgraphcore.js"),
        ("distrib/jsxgraph.css", "jsxgraph/jsxgraph.css"),
        ("LICENSE.MIT", "jsxgraph/LICENSE.MIT"),
    ],
    # the accessibility checker the browser tests inject (tests/web/test_a11y_browser.py); no page links it
    "axe-core": [
        ("axe.min.js", "axe-core/axe.min.js"),
        ("LICENSE", "axe-core/LICENSE"),
    ],
}

#: what a page links to, relative to /static/ (the templates read these names).
PAGE_ASSETS = {
    "katex_js": "vendor/katex/katex.min.js",
    "katex_css": "vendor/katex/katex.min.css",
    "jsxgraph_js": "vendor/jsxgraph/jsxgraphcore.js",
    "jsxgraph_css": "vendor/jsxgraph/jsxgraph.css",
}

#: served like the page assets but loaded only by the accessibility tests (Playwright's add_script_tag).
TEST_ASSETS = {"axe_js": "vendor/axe-core/axe.min.js"}


class AssetError(RuntimeError):
    """The pinned assets are not installed (run `npm ci` first)."""


def project_root() -> Path:
    return Path(__file__).resolve().parents[3]


def _locked_versions(root: Path) -> dict[str, str]:
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    return {name: lock["packages"][f"node_modules/{name}"]["version"] for name in FILES}


def install(root: Path | None = None, target: Path = VENDOR) -> dict[str, str]:
    """Copy the files; returns {package: version}. Raises AssetError when node_modules lacks them."""
    root = root or project_root()
    versions = _locked_versions(root)
    if target.exists():
        shutil.rmtree(target)
    for package, files in FILES.items():
        base = root / "node_modules" / package
        installed = json.loads((base / "package.json").read_text()) if (base / "package.json").exists() else {}
        if installed.get("version") != versions[package]:
            raise AssetError(
                f"node_modules/{package} is {installed.get('version', 'missing')}, "
                f"package-lock.json pins {versions[package]}: run `npm ci`"
            )
        for source, dest in files:
            if "*" in source:
                folder, pattern = source.rsplit("/", 1)
                matches = sorted((base / folder).glob(pattern))
                if not matches:
                    raise AssetError(f"no files match node_modules/{package}/{source}")
                for path in matches:
                    (target / dest).mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, target / dest / path.name)
            else:
                (target / dest).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(base / source, target / dest)
    (target / "manifest.json").write_text(json.dumps(versions, indent=2) + "\n", encoding="utf-8")
    return versions


def missing(target: Path = VENDOR) -> list[str]:
    """The page assets that are not in place (empty when the app can serve pages)."""
    return [name for name in PAGE_ASSETS.values() if not (STATIC / name).is_file()]


def main() -> None:
    try:
        versions = install()
    except (AssetError, FileNotFoundError) as exc:
        print(f"mvcalc.web.assets: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    print("front-end assets installed: " + ", ".join(f"{k} {v}" for k, v in versions.items()))


if __name__ == "__main__":
    main()
