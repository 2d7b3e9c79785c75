"""Maths for the terminal: the bank's `$…$` LaTeX as one-line Unicode ("x³ sin(2x)", "d/dx (u v)").

`unicode_math(latex)` reads LaTeX with pylatexenc's parser (the bank's own text, or SymPy's
`latex()`: trusted input, never the learner's) and writes each node as Unicode: `^{…}` as
superscripts where every character has one, `\\frac{a}{b}` as a/b, `\\sqrt` as √, function
names and Greek letters as words and letters, matrices as [a b; c d]. `terminal_text(text)`
does that for every `$…$` and `$$…$$` in prose and leaves the rest as it is, so the
terminal never shows a backslash command. Unknown commands fall back to pylatexenc's own
text table, then to their bare name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pylatexenc import latexwalker as lw
from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.macrospec import MacroSpec

SUPERSCRIPT = dict(zip("0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWαβγδεθιφχ′ᵀ*",
                       "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵅᵝᵞᵟᵋᶿᶥᵠᵡ′ᵀ*", strict=True))
SUBSCRIPT = dict(zip("0123456789+-−=()aehijklmnoprstuvxβγρφχ",
                     "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ", strict=True))

WORDS = {  # commands whose text is fixed
    "cdot": "·", "times": "×", "quad": "  ", "qquad": "    ", ",": " ", ";": " ", ":": " ", " ": " ",
    "!": "", "partial": "∂", "infty": "∞", "approx": "≈", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥",
    "neq": "≠", "ne": "≠", "pm": "±", "mp": "∓", "to": "→", "rightarrow": "→", "Rightarrow": "⇒",
    "mapsto": "↦", "nabla": "∇", "sum": "Σ", "prod": "∏", "int": "∫", "ldots": "…", "cdots": "⋯",
    "dots": "…", "vdots": "⋮", "in": "∈", "cdotp": "·", "circ": "∘", "prime": "′", "lim": "lim",
    "{": "{", "}": "}", "%": "%", "$": "$", "#": "#", "&": "&", "_": "_", "lvert": "|", "rvert": "|",
    "lVert": "‖", "rVert": "‖", "|": "‖", "vert": "|", "langle": "⟨", "rangle": "⟩", "top": "ᵀ",
    "intercal": "ᵀ", "equiv": "≡", "sim": "∼", "propto": "∝", "forall": "∀", "exists": "∃",
    "displaystyle": "", "limits": "", "nolimits": "", "left": "", "right": "", "bigl": "", "bigr": "",
    "Bigl": "", "Bigr": "", "big": "", "Big": "", "middle": "", "ell": "ℓ", "hbar": "ℏ", "emptyset": "∅",
    "setminus": "∖", "cup": "∪", "cap": "∩", "subset": "⊂", "subseteq": "⊆", "mid": "|", "colon": ":",
    "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "checkmark": "✓",
}
FUNCTIONS = {"sin", "cos", "tan", "sec", "csc", "cot", "sinh", "cosh", "tanh", "arcsin", "arccos",
             "arctan", "ln", "log", "exp", "det", "max", "min", "arg", "sup", "inf", "gcd", "deg", "dim"}
TEXT = {"text", "textrm", "mathrm", "mathit", "mathbf", "boldsymbol", "mathsf", "mathtt", "operatorname",
        "textbf", "textit", "mathcal", "mathbb", "bm", "emph", "mbox", "textnormal"}
ACCENTS = {"hat": "\u0302", "bar": "\u0304", "overline": "\u0305", "vec": "\u20d7", "tilde": "\u0303",
           "dot": "\u0307", "ddot": "\u0308", "widehat": "\u0302", "widetilde": "\u0303"}
FRACTIONS = {"frac", "dfrac", "tfrac", "cfrac"}
ROW_BREAKS = {"\\", "cr", "newline"}
MATRICES = {"matrix", "bmatrix", "pmatrix", "vmatrix", "Bmatrix", "smallmatrix", "array"}
BRACKETS = {"bmatrix": "[]", "pmatrix": "()", "vmatrix": "||", "Bmatrix": "{}"}
RELATIONS = set("=≈≤≥≠→⇒↦∈≡∼∝×·")

_FALLBACK = LatexNodes2Text(math_mode="text")
_SCRIPTS = "".join(sorted(set(SUPERSCRIPT.values()) | set(SUBSCRIPT.values())))
_ATOM = re.compile(rf"^[\w.′!{_SCRIPTS}]+$|^[\w.′{_SCRIPTS}]*\(.*\)$|^√\S+$|^\[.*\]$")


def _context():
    """pylatexenc's default commands, plus \\operatorname, \\text etc. taking their one argument."""
    db = lw.get_default_latex_context_db()
    specs = [MacroSpec(name, "{") for name in sorted(TEXT | set(ACCENTS)) if name not in ("text",)]
    specs += [MacroSpec("text", "{"), MacroSpec("binom", "{{"), MacroSpec("dfrac", "{{"),
              MacroSpec("tfrac", "{{"), MacroSpec("cfrac", "{{"), MacroSpec("sqrt", "[{")]
    db.add_context_category("mvcalc-terminal", macros=specs, prepend=True)
    return db


_DB = _context()


def _script(text: str, table: dict[str, str], mark: str) -> str:
    text = text.strip()
    tight = text.replace(" ", "")
    if tight and all(c in table for c in tight) and not re.search(r"[a-z]{2}", tight):  # not eˢⁱⁿ⁽ˣ⁾
        return "".join(table[c] for c in tight)
    return f"{mark}{text}" if len(text) == 1 else f"{mark}({text})"


def _wrapped(text: str) -> str:
    """`text` as one factor: in brackets unless it is a single symbol, number or call."""
    text = text.strip()
    return text if _ATOM.match(text) and " " not in text.split("(")[0] else f"({text})"


class _Writer:
    """Walks pylatexenc's nodes, writing Unicode; `^` and `_` take the next item as their script."""

    def nodes(self, nodes) -> str:
        items: list[str] = []  # rendered pieces; "^"/"_" as pending operators
        skip_dot = False
        for node in nodes or ():
            if node is None or node.isNodeType(lw.LatexCommentNode):
                continue
            if node.isNodeType(lw.LatexCharsNode):
                chars = node.chars
                if skip_dot and chars.startswith("."):
                    chars = chars[1:]
                skip_dot = False
                items.extend(chars)
                continue
            skip_dot = node.isNodeType(lw.LatexMacroNode) and node.macroname in ("left", "right")
            items.append(self.node(node))
        return _tidy(self._scripts(items))

    def _scripts(self, items: list[str]) -> str:
        out: list[str] = []
        i = 0
        while i < len(items):
            item = items[i]
            if item in ("^", "_") and i + 1 < len(items):
                j = i + 1
                while j < len(items) - 1 and items[j] == " ":
                    j += 1
                table = SUPERSCRIPT if item == "^" else SUBSCRIPT
                out.append(_script(_tidy(items[j]), table, item))
                i = j + 1
                continue
            out.append(item)
            i += 1
        return "".join(out)

    def node(self, node) -> str:
        if node.isNodeType(lw.LatexGroupNode):
            return self.nodes(node.nodelist)
        if node.isNodeType(lw.LatexMathNode):
            return self.nodes(node.nodelist)
        if node.isNodeType(lw.LatexSpecialsNode):
            return {"&": " ", "~": " "}.get(node.specials_chars, node.specials_chars)
        if node.isNodeType(lw.LatexEnvironmentNode):
            return self.environment(node)
        if node.isNodeType(lw.LatexMacroNode):
            return self.macro(node)
        return ""

    def args(self, node) -> list[str]:
        parsed = node.nodeargd.argnlist if node.nodeargd is not None else []
        return [self.node(a) if a is not None else "" for a in parsed]

    def macro(self, node) -> str:  # noqa: C901 - one branch a family of commands
        name = node.macroname
        if name in WORDS:
            word = WORDS[name]
            return f" {word} " if word in RELATIONS else word
        if name in FUNCTIONS:
            return name + " "
        if name in FRACTIONS:
            top, bottom = (self.args(node) + ["", ""])[:2]
            if top.strip() in ("d", "∂") or top.startswith(("d", "∂")) and bottom.startswith(("d", "∂")):
                return f"{top.strip()}/{bottom.strip()} "
            return f"{_wrapped(top)}/{_wrapped(bottom)}"
        if name == "sqrt":
            index, body = (self.args(node) + ["", ""])[:2]
            root = _script(index, SUPERSCRIPT, "") if index else ""
            return f"{root}√{_wrapped(body)}"
        if name == "binom":
            n, k = self.args(node)
            return f"C({n}, {k})"
        if name in TEXT:
            return "".join(self.args(node))
        if name in ACCENTS:
            body = "".join(self.args(node)).strip()
            return body + ACCENTS[name] if len(body) == 1 else f"{body}{ACCENTS[name]}"
        text = _FALLBACK.nodelist_to_text([node]).strip()
        if text and "\\" not in text:
            return text
        return name

    def environment(self, node) -> str:
        rows: list[list[str]] = [[]]
        cell: list = []
        for child in node.nodelist:
            if child.isNodeType(lw.LatexSpecialsNode) and child.specials_chars == "&":
                rows[-1].append(self.nodes(cell))
                cell = []
            elif child.isNodeType(lw.LatexMacroNode) and child.macroname in ROW_BREAKS:
                rows[-1].append(self.nodes(cell))
                rows.append([])
                cell = []
            else:
                cell.append(child)
        rows[-1].append(self.nodes(cell))
        rows = [[c.strip() for c in row] for row in rows if any(c.strip() for c in row)]
        if node.environmentname in MATRICES:
            pair = BRACKETS.get(node.environmentname, "  ")  # a bare matrix: brackets come from \left…\right
            return (pair[0] + "; ".join(" ".join(row) for row in rows) + pair[1]).strip()
        return "; ".join(" ".join(row) for row in rows)


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"([(\[]) ", r"\1", text)
    text = re.sub(r" ([)\]])", r"\1", text)
    text = re.sub(r"(?<![/\w.])(\d+) ([a-zA-Zα-ω])(?![a-zA-Z(′'])", r"\1\2", text)  # 2 x → 2x, not 2 sin, 1/2 f′
    text = re.sub(r" ([,;])", r"\1", text)
    text = re.sub(r"\b(" + "|".join(FUNCTIONS) + r") ([(\[{⁰¹²³⁴⁵⁶⁷⁸⁹⁻])", r"\1\2", text)  # sin (x) → sin(x)
    text = re.sub(r"(^|[(\[])- ", r"\1-", text)  # a leading minus sign sticks to its operand
    text = re.sub(r"([=,]) - ", r"\1 -", text)
    text = text.replace("'''", "‴").replace("''", "″").replace("'", "′")
    return text.replace("-", "−")


@lru_cache(maxsize=4096)
def unicode_math(latex: str) -> str:
    """One piece of LaTeX maths as one line of Unicode text."""
    try:
        nodes, _, _ = lw.LatexWalker(latex, latex_context=_DB, tolerant_parsing=True).get_latex_nodes()
    except lw.LatexWalkerError:
        return _FALLBACK.latex_to_text(latex)
    return _Writer().nodes(nodes).strip()


MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)


def terminal_text(text: str, escape=None) -> str:
    """Prose with `$…$` / `$$…$$` LaTeX, each piece written as Unicode (`escape`, if given,
    is applied to the maths only: e.g. to keep Markdown from reading `*` or `[` in it)."""
    def piece(m: re.Match) -> str:
        maths = unicode_math((m.group(1) or m.group(2)).strip())
        return escape(maths) if escape else maths
    return MATH.sub(piece, text or "")
