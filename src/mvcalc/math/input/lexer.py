"""Learner text -> tokens: Unicode normalised, odd characters refused with a reason.

`tokenize(text)` returns the normalised `Source` (which maps every position back
to the column the learner sees) and a list of `Token`s. Words are left whole
here; `mvcalc.math.input.words` decides what a run of letters means.
"""

from __future__ import annotations

import unicodedata
from typing import Any, NamedTuple

import sympy as sp

from mvcalc.math.input.input_error import InputError
from mvcalc.math.input.limits import LIMITS
from mvcalc.math.input.notation import (
    FUNCTION_SIGNS,
    GREEK,
    INVISIBLE,
    OPERATOR_LOOKALIKES,
    REFUSED,
    SPACES,
    SUBSCRIPTS,
    SUPERSCRIPTS,
    VULGAR_FRACTIONS,
)

PUNCTUATION = frozenset("()[]|,!")
OPERATORS = frozenset("+-*/^")


class Token(NamedTuple):
    """One token. `kind` is "num", "word", "greek", "func", "op", "sup", "end" or the
    punctuation character itself; `start`/`end` index the normalised text."""

    kind: str
    text: str
    start: int
    end: int
    value: Any = None  # Rational (num), int (sup), name (greek, func, word)
    decimal: bool = False  # a num written with a point or an exponent


class Source(NamedTuple):
    """The normalised text and, for each of its positions, the column as typed (1-based)."""

    text: str
    columns: tuple[int, ...]

    def column(self, index: int) -> int:
        if not self.columns:
            return 1
        return self.columns[min(max(index, 0), len(self.columns) - 1)]

    def error(self, message: str, index: int, hint: str = "") -> InputError:
        return InputError(message, self.column(index), hint)


def normalise(text: str) -> Source:
    """NFC, then one ASCII character for each look-alike; refuses control characters."""
    if not isinstance(text, str):
        raise InputError("The answer must be text.", 1)
    if len(text) > LIMITS.length:
        raise InputError(
            f"The answer is longer than {LIMITS.length} characters.",
            LIMITS.length + 1,
            "Shorten it, for example by simplifying.",
        )
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    columns: list[int] = []
    for column, ch in enumerate(text, start=1):
        if ch in SPACES:
            ch = " "
        elif ch in INVISIBLE:
            continue
        elif "\uff01" <= ch <= "\uff5e":  # fullwidth ASCII
            ch = chr(ord(ch) - 0xFEE0)
        ch = OPERATOR_LOOKALIKES.get(ch, ch)
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            raise InputError(
                f"There is an invisible control character (U+{ord(ch):04X}) in the answer.",
                column,
                "Delete it and retype that part.",
            )
        out.append(ch)
        columns.append(column)
    columns.append(columns[-1] + 1 if columns else 1)
    source = Source("".join(out), tuple(columns))
    if not source.text.strip():
        raise InputError("The answer is empty.", 1, "Type an expression, like 2x + 1.")
    return source


def tokenize(text: str) -> tuple[Source, list[Token]]:
    """Split text into tokens, ending with an "end" token."""
    source = normalise(text)
    s = source.text
    tokens: list[Token] = []
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if ch == " ":
            i += 1
        elif ch.isascii() and (ch.isdigit() or (ch == "." and i + 1 < n and s[i + 1].isdigit())):
            token = _number(source, i)
            tokens.append(token)
            i = token.end
        elif ch.isascii() and ch.isalpha():
            token = _word(source, i)
            tokens.append(token)
            i = token.end
        elif ch in GREEK:
            tokens.append(Token("greek", ch, i, i + 1, GREEK[ch]))
            i += 1
        elif ch in FUNCTION_SIGNS:
            tokens.append(Token("func", ch, i, i + 1, FUNCTION_SIGNS[ch]))
            i += 1
        elif ch in VULGAR_FRACTIONS:
            tokens.append(Token("num", ch, i, i + 1, VULGAR_FRACTIONS[ch]))
            i += 1
        elif ch in SUPERSCRIPTS:
            token = _superscript(source, i)
            tokens.append(token)
            i = token.end
        elif ch == "*" and i + 1 < n and s[i + 1] == "*":
            tokens.append(Token("op", "**", i, i + 2, "^"))
            i += 2
        elif ch in OPERATORS:
            tokens.append(Token("op", ch, i, i + 1, ch))
            i += 1
        elif ch in PUNCTUATION:
            tokens.append(Token(ch, ch, i, i + 1))
            i += 1
        else:
            raise _refusal(source, i)
    tokens.append(Token("end", "", n, n))
    return source, tokens


def _refusal(source: Source, i: int) -> InputError:
    s, ch = source.text, source.text[i]
    if ch == "." and i + 1 < len(s) and (s[i + 1].isalpha() or s[i + 1] == "_"):
        return source.error(
            "Attribute access like `.name` is not part of the maths.", i, "Remove the dot."
        )
    if ch == "_" and s[i : i + 2] == "__":
        return source.error("Names with double underscores are not allowed.", i, "Remove them.")
    if ch in REFUSED:
        message, hint = REFUSED[ch]
        return source.error(message, i, hint)
    if ch in SUBSCRIPTS:
        return source.error("A subscript must follow a variable name, as in x₁.", i)
    if ch == "=" or ch == "≈":
        message, hint = REFUSED["="]
        return source.error(message, i, hint)
    what = f"`{ch}`" if ch.isprintable() else f"U+{ord(ch):04X}"
    hint = (
        "Use Latin letters, or Greek letters by name (theta) or as θ."
        if ch.isalpha()
        else "Use + - * / ^ ( ) [ ] | , and numbers, names and functions."
    )
    return source.error(f"The character {what} is not used in answers here.", i, hint)


def _number(source: Source, i: int) -> Token:
    """Digits with an optional decimal point and exponent (2.5e-3), read exactly."""
    s, n, start = source.text, len(source.text), i
    while i < n and s[i].isascii() and s[i].isdigit():
        i += 1
    whole = s[start:i]
    fraction = ""
    decimal = False
    if i < n and s[i] == "." and not (i + 1 < n and (s[i + 1].isalpha() or s[i + 1] == "_")):
        decimal = True
        i += 1
        frac_start = i
        while i < n and s[i].isascii() and s[i].isdigit():
            i += 1
        fraction = s[frac_start:i]
        if i < n and s[i] == ".":
            raise source.error("A number can have only one decimal point.", i)
    digits = len(whole) + len(fraction)
    if digits > LIMITS.digits:
        raise source.error(
            f"This number has more than {LIMITS.digits} digits.",
            start,
            "Use a power of ten instead, like 3*10^40.",
        )
    power = 0
    if i + 1 < n and s[i] in "eE":
        j = i + 1
        if j < n and s[j] in "+-":
            j += 1
        k = j
        while k < n and s[k].isascii() and s[k].isdigit():
            k += 1
        if k > j:
            if k - j > 4 or int(s[j:k]) > LIMITS.decimal_exponent:
                raise source.error(
                    f"The exponent of a number in e-notation can be at most "
                    f"{LIMITS.decimal_exponent}.",
                    i,
                )
            power = int(s[i + 1 : k])
            decimal = True
            i = k
    mantissa = int((whole + fraction) or "0")
    numerator = mantissa * 10 ** max(power, 0)
    denominator = 10 ** len(fraction) * 10 ** max(-power, 0)
    return Token("num", s[start:i], start, i, sp.Rational(numerator, denominator), decimal)


def _word(source: Source, i: int) -> Token:
    """A name: a letter, then letters, digits, underscores and subscript digits."""
    s, n, start = source.text, len(source.text), i
    parts: list[str] = []
    while i < n:
        ch = s[i]
        if ch.isascii() and (ch.isalnum() or ch == "_"):
            parts.append(ch)
        elif ch in SUBSCRIPTS:
            if not parts or parts[-1] not in "0123456789_" or "_" not in "".join(parts):
                parts.append("_")
            parts.append(SUBSCRIPTS[ch])
        else:
            break
        i += 1
    name = "".join(parts)
    if "__" in name:
        raise source.error(
            "Names with double underscores are not allowed.", start + name.index("__")
        )
    if name == "log_" and i < n and s[i] == "(":  # log_(b)(x): the base follows in brackets
        return Token("word", s[start:i], start, i, name)
    if name.endswith("_"):
        raise source.error("A name cannot end with an underscore.", i - 1, "Remove it.")
    return Token("word", s[start:i], start, i, name)


def _superscript(source: Source, i: int) -> Token:
    """A run of superscript characters (², ⁻¹), read as an integer exponent."""
    s, n, start = source.text, len(source.text), i
    text = ""
    while i < n and s[i] in SUPERSCRIPTS:
        text += SUPERSCRIPTS[s[i]]
        i += 1
    body = text.lstrip("+-")
    if not body or not body.isdigit() or len(text) - len(body) > 1:
        raise source.error("This superscript is not a whole number.", start, "Use ^ for powers.")
    if len(body) > 4 or int(body) > LIMITS.exponent:
        raise source.error(f"Exponents can be at most {LIMITS.exponent}.", start)
    return Token("sup", s[start:i], start, i, int(text))
