"""What a run of letters means: a variable, a constant, a function, or several of them.

`Vocabulary(variables)` knows the names a learner may use; `resolve(tokens, ...)`
turns every "word" and "greek" token into "var", "const" or "func" tokens,
splitting runs like `xy` or `sinx` (longest name first) and noting each split.
Names that look like typos of a function are refused with a did-you-mean.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

import sympy as sp

from mvcalc.math.input.input_error import InputError
from mvcalc.math.input.lexer import Source, Token
from mvcalc.math.input.limits import LIMITS
from mvcalc.math.input.notation import (
    CONSTANTS,
    ELSEWHERE,
    FUNCTIONS,
    GREEK,
    GREEK_NAMES,
    INFINITY_WORDS,
    function,
)

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)?")
_COMMON = ("sin", "cos", "tan", "exp", "ln", "sqrt", "abs", "sigmoid")
_OPERAND_KINDS = frozenset({"num", "word", "greek", "func", "("})


def canonical_name(name: str) -> str:
    """The spelled form of a variable name: θ -> theta, x₁ -> x_1; ValueError if unusable."""
    if not isinstance(name, str):
        raise ValueError(f"a variable name must be a string, not {name!r}")
    name = name.strip()
    if name in GREEK:
        name = GREEK[name]
    subscripts = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
    if any(c in "₀₁₂₃₄₅₆₇₈₉" for c in name):
        head = name.rstrip("₀₁₂₃₄₅₆₇₈₉")
        name = head + "_" + name[len(head) :].translate(subscripts)
    if not _NAME.fullmatch(name):
        raise ValueError(f"{name!r} cannot be a variable name (use letters, digits and one _)")
    if name in FUNCTIONS:
        raise ValueError(f"{name!r} is a function name and cannot be a variable")
    return name


class Vocabulary:
    """The names a learner may use. `variables=None` opens it: every single Latin
    letter and every spelled Greek letter is a variable (e is Euler's number)."""

    def __init__(self, variables: Iterable[str] | None = None) -> None:
        self.open = variables is None
        if isinstance(variables, str):
            variables = [v for v in re.split(r"[,\s]+", variables) if v]
        declared = [] if variables is None else [canonical_name(v) for v in variables]
        self.declared: tuple[str, ...] = tuple(dict.fromkeys(declared))
        names: dict[str, tuple[str, str]] = {}
        for name in self.declared:
            names[name] = ("var", name)
        for name in self.declared:  # x1 and x_1 are the same variable if only one is declared
            names.setdefault(name.replace("_", ""), ("var", name))
            if "_" not in name and (m := re.fullmatch(r"([A-Za-z]+)([0-9]+)", name)):
                names.setdefault(f"{m[1]}_{m[2]}", ("var", name))
        for name in FUNCTIONS:
            names.setdefault(name, ("func", name))
        for name in CONSTANTS:
            names.setdefault(name, ("const", name))
        if self.open:
            for name in GREEK_NAMES:
                names.setdefault(name, ("var", name))
        self.names = names
        self._longest = max(len(k) for k in names)

    def lookup(self, piece: str) -> tuple[str, str] | None:
        if piece in self.names:
            return self.names[piece]
        if piece.startswith("log_") and self._log_base(piece[len("log_"):]):
            return ("func", piece)
        if self.open and len(piece) == 1 and piece.isascii() and piece.isalpha():
            return ("var", piece)
        return None

    def _log_base(self, base: str) -> bool:
        """log_2, log_b, log_e, log_(…): a whole number, a variable or a constant as base."""
        if base == "" or function(f"log_{base}") is not None:
            return True
        found = self.names.get(base) or self.lookup(base)
        return found is not None and found[0] in ("var", "const")

    def suggestions(self, word: str) -> list[str]:
        if word in ELSEWHERE:
            return [ELSEWHERE[word]]
        pool = list(FUNCTIONS) + list(self.declared) + list(CONSTANTS)
        return difflib.get_close_matches(word, pool, n=2, cutoff=0.6)


def resolve(source: Source, tokens: list[Token], vocab: Vocabulary) -> tuple[list[Token], list[str]]:
    """Replace word and Greek tokens by var/const/func tokens; return them and the notes."""
    _refuse_leibniz(source, tokens, vocab)
    out: list[Token] = []
    notes: list[str] = []
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else tokens[-1]
        if token.kind == "greek":
            out.append(_greek(source, token, following, vocab))
        elif token.kind == "word":
            pieces = _split(source, token, following, vocab)
            if len(pieces) > 1 and not _is_glued_call(pieces):
                notes.append(f"read `{token.text}` as {_display(pieces)}")
            out.extend(pieces)
        else:
            out.append(token)
    return out, notes


_LEIBNIZ_TOP = re.compile(r"d[A-Za-z]?")
_LEIBNIZ_BOTTOM = re.compile(r"d[A-Za-z]")


def _refuse_leibniz(source: Source, tokens: list[Token], vocab: Vocabulary) -> None:
    """`dy/dx` and `d/dx` would read as products of d's; say what to type instead."""
    for top, slash, bottom in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if (
            top.kind == "word"
            and slash.text == "/"
            and bottom.kind == "word"
            and _LEIBNIZ_TOP.fullmatch(top.value)
            and _LEIBNIZ_BOTTOM.fullmatch(bottom.value)
            and "d" not in vocab.declared
            and bottom.value not in vocab.declared
        ):
            raise source.error(
                f"Leibniz notation like `{top.text}/{bottom.text}` is not read here.",
                top.start,
                "Type the derivative itself: for d/dx of x^2, type 2x.",
            )


def _is_glued_call(pieces: list[Token]) -> bool:
    """`sinx`, `sin2x`, `sin2xcos3x`: the parser's notes ("read `sinx` as sin(x)") say it all."""
    return pieces[0].kind == "func"


def _greek(source: Source, token: Token, following: Token, vocab: Vocabulary) -> Token:
    name = token.value
    found = _sigma(name, following, vocab) or vocab.lookup(name)
    if found is None:
        raise source.error(
            f"`{token.text}` ({name}) is not a variable here.",
            token.start,
            _variables_hint(vocab),
        )
    kind, value = found
    return Token(kind, token.text, token.start, token.end, value)


def _sigma(name: str, following: Token, vocab: Vocabulary) -> tuple[str, str] | None:
    """σ is the sigmoid when followed by ( or when it is not a variable; a declared
    variable `sigma` always wins."""
    if name != "sigma" or "sigma" in vocab.declared:
        return None
    if following.kind == "(" or not vocab.open:
        return ("func", "sigmoid")
    return None


def _split(source: Source, token: Token, following: Token, vocab: Vocabulary) -> list[Token]:
    word = token.value
    if word in INFINITY_WORDS and vocab.lookup(word) is None:
        raise source.error(
            "Infinity is not a number you can type here.",
            token.start,
            "Answer with a finite expression.",
        )
    whole = _sigma(word, following, vocab) or vocab.lookup(word)
    if whole is None and word.lower() in FUNCTIONS and word.lower() not in vocab.declared:
        whole = ("func", word.lower())  # Sin, ABS, Abs: a function in capitals
    if whole is not None:
        return [Token(whole[0], token.text, token.start, token.end, whole[1])]
    if len(token.text) != len(word):  # subscripts: only a declared name can hold them
        raise _unknown(source, token, vocab)
    pieces: list[Token] = []
    i = 0
    while i < len(word):
        if word[i].isdigit() and pieces and pieces[-1].kind == "func":  # sin2x
            j = i + len(word[i:]) - len(word[i:].lstrip("0123456789"))
            if j - i > LIMITS.digits:
                raise source.error(f"This number has more than {LIMITS.digits} digits.", i)
            start = token.start + i
            digits = word[i:j]
            pieces.append(Token("num", digits, start, token.start + j, sp.Integer(digits)))
            i = j
            continue
        for j in range(min(len(word), i + vocab._longest), i, -1):
            found = vocab.lookup(word[i:j])
            if found is not None:
                break
        else:
            raise _unknown(source, token, vocab, word[i], following=following)
        start = token.start + i
        pieces.append(Token(found[0], word[i:j], start, token.start + j, found[1]))
        i = j
    _refuse_lookalikes(source, token, following, vocab, pieces)
    return pieces


def _refuse_lookalikes(
    source: Source, token: Token, following: Token, vocab: Vocabulary, pieces: list[Token]
) -> None:
    """A split that is more likely a typo than a product is refused: a function glued
    to letters and then given another argument (`sinn x`), an unknown name used as a
    function (`foo(x)`), or letters that spell a near-miss of a function (`sqr x`)."""
    word = token.value
    pairs = zip(pieces, pieces[1:], strict=False)
    glued = any(p.kind == "func" and q.kind in ("var", "const") for p, q in pairs)
    takes_more = following.kind in _OPERAND_KINDS
    named = any(p.kind == "func" or len(p.text) > 1 for p in pieces)
    near = difflib.get_close_matches(word, list(FUNCTIONS), n=1, cutoff=0.75)
    products_only = all(p.kind in ("var", "const") for p in pieces) and not vocab.open
    if following.kind == "(" and pieces[-1].kind != "func" and not products_only:
        raise _unknown(source, token, vocab, following=following, letters=pieces)  # lg(x)
    if glued and takes_more:
        raise _unknown(source, token, vocab, glued=pieces, following=following)
    if not named and len(word) >= 3 and (following.kind == "(" or near):
        raise _unknown(source, token, vocab, following=following)


def _unknown(
    source: Source,
    token: Token,
    vocab: Vocabulary,
    piece: str = "",
    glued: list[Token] | None = None,
    following: Token | None = None,
    letters: list[Token] | None = None,
) -> InputError:
    word = token.value
    if word.startswith("log_"):
        return source.error(
            f"The base of `{token.text}` is not a number, a variable or a constant here.",
            token.start,
            ("" if vocab.open else _variables_hint(vocab) + " ")
            + "For any base b type log(x, b); for a base that is an expression, log_(b+1)(x).",
        )
    if any(c.isdigit() or c == "_" for c in piece):
        return source.error(
            f"`{token.text}` is not a name here: digits and _ can only be part of a "
            "declared variable name.",
            token.start,
            "For a power type x^2; for a product type 2x or x*2.",
        )
    close = vocab.suggestions(word)
    if close:
        hint = "Did you mean " + " or ".join(close) + "?"
    elif not vocab.open and len(word) <= 2:
        hint = _variables_hint(vocab)
    else:
        hint = ""
    if glued:
        head = glued[0] if glued[0].kind == "func" else next(p for p in glued if p.kind == "func")
        rest = word[head.end - token.start :]
        hint += f" If you meant {head.text}({rest}), type it with the brackets."
    if following is not None and following.kind == "(" and not glued:
        hint = hint or "Known functions include " + ", ".join(_COMMON) + "."
        if letters and all(p.kind in ("var", "const") for p in letters):
            product = "*".join(p.text for p in letters)
            hint += f" For a product, type {product}*(…)."
        return source.error(f"I don't know a function called `{token.text}`.", token.start, hint)
    if not vocab.open and len(word) == 1:
        return source.error(f"`{token.text}` is not a variable here.", token.start, hint.strip())
    return source.error(f"I don't know the name `{token.text}`.", token.start, hint.strip())


def _variables_hint(vocab: Vocabulary) -> str:
    if not vocab.declared:
        return "This answer has no variables: it is a number."
    return "The variables here are " + ", ".join(vocab.declared) + "."


def _display(pieces: list[Token]) -> str:
    """`x·y`, `x·sin x`: how a split word is read, for the note."""
    out = ""
    for index, piece in enumerate(pieces):
        if index:
            out += " " if pieces[index - 1].kind == "func" else "·"
        out += piece.text if piece.kind in ("func", "num") else piece.value
    return out
