"""Markdown to HTML with markdown-it-py: CommonMark, tables, `$…$`/`$$…$$` maths, no raw HTML.

Maths is left as `<span class="math">` elements holding the TeX source, which the
page typesets with KaTeX; raw HTML in lesson text is escaped, never passed through.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin


def _math_html(tag: str, mode: str):
    """A render rule: TeX source in a `tag` element the page typesets in `mode` (inline or display)."""

    def rule(renderer, tokens, idx, options, env) -> str:
        return f'<{tag} class="math {mode}">{escape(tokens[idx].content.strip())}</{tag}>'

    return rule


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    """The one Markdown parser used for lessons, prompts and solutions."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.use(dollarmath_plugin, allow_space=True, allow_digits=False, double_inline=True)
    md.add_render_rule("math_inline", _math_html("span", "inline"))
    md.add_render_rule("math_inline_double", _math_html("span", "display"))
    md.add_render_rule("math_block", _math_html("div", "display"))
    md.add_render_rule("math_block_label", _math_html("div", "display"))
    return md


def parse(text: str) -> list[Token]:
    """Block tokens of a Markdown text (directive fences included)."""
    return markdown().parse(text)


def render_tokens(tokens: list[Token]) -> str:
    """HTML of a run of block tokens."""
    md = markdown()
    return md.renderer.render(tokens, md.options, {})


def render(text: str) -> str:
    """HTML of a Markdown text (for question prompts, hints and solutions)."""
    return markdown().render(text)


def render_inline(text: str) -> str:
    """HTML of one line of Markdown without the surrounding paragraph."""
    return markdown().renderInline(text)
