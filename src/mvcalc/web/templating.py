"""The Jinja2 environment of the pages: autoescaped templates, Markdown/maths filters, asset names."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from mvcalc.course import markdown
from mvcalc.web.assets import PAGE_ASSETS

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=4096)
def _markdown(text: str) -> Markup:
    """Trusted Markdown (lesson captions, question prompts from the bank); raw HTML is escaped.
    Kept per text: a kept question's prompt and hints are rendered once, not on every view."""
    return Markup(markdown.render(text or ""))


@lru_cache(maxsize=4096)
def _markdown_inline(text: str) -> Markup:
    return Markup(markdown.render_inline(text or ""))


def _json_script(data: object) -> Markup:
    """JSON safe to embed in <script type="application/json"> (no `</script>` break-out)."""
    text = json.dumps(data, separators=(",", ":"), allow_nan=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _text_with_math(text: str) -> Markup:
    """Plain text (verdict messages, diagnoses, notes) with its `$…$` pieces typeset; no Markdown."""
    parts = re.split(r"(\$[^$]+\$)", text or "")
    out = []
    for part in parts:
        if len(part) > 2 and part.startswith("$") and part.endswith("$"):
            out.append(Markup('<span class="math inline">{}</span>').format(part[1:-1]))
        else:
            out.append(escape(part))
    return Markup("").join(out)


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{round(100 * value)} %"


def _local_time(value: datetime | str | None) -> Markup:
    """A UTC time as `<time>`: readable in UTC without JavaScript; static/js/local-time.js shows it
    in the browser's zone."""
    if not value:
        return Markup("–")
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return Markup('<time class="local" datetime="{}">{}</time>').format(
        moment.isoformat(), moment.strftime("%Y-%m-%d %H:%M UTC")
    )


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES))
    env = templates.env
    env.filters["markdown"] = _markdown
    env.filters["markdown_inline"] = _markdown_inline
    env.filters["json_script"] = _json_script
    env.filters["percent"] = _percent
    env.filters["text_math"] = _text_with_math
    env.filters["local_time"] = _local_time
    env.globals["assets"] = PAGE_ASSETS
    env.auto_reload = False  # templates ship with the package: no stat() of every template on every page
    env.trim_blocks = True
    env.lstrip_blocks = True
    return templates
