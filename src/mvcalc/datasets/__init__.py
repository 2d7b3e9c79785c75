"""Data that ships inside the package, so the toolkit and its tests need nothing else.

NIST's Statistical Reference Datasets for non-linear regression (27 problems with
certified parameter values, public domain: https://www.itl.nist.gov/div898/strd/)
are read with `nist(NAME)`; `nist_names()` lists them.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from mvcalc.errors import MvcalcError
from mvcalc.math.fit.nist import StrdDataset, parse_strd

__all__ = ["DatasetError", "nist", "nist_names", "nist_text"]


class DatasetError(MvcalcError, LookupError):
    """No shipped dataset has that name; the message lists the ones there are."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _folder():
    return resources.files(__package__).joinpath("nist")


@cache
def nist_names() -> tuple[str, ...]:
    """The 27 NIST StRD non-linear regression problems, as NIST names them (e.g. "Misra1a")."""
    return tuple(sorted((p.name[:-4] for p in _folder().iterdir() if p.name.endswith(".dat")), key=str.lower))


def _resolve(name: str) -> str:
    by_lower = {n.lower(): n for n in nist_names()}
    found = by_lower.get(name.strip().removesuffix(".dat").lower())
    if found is None:
        raise DatasetError(f"no NIST dataset called {name!r}; there are {', '.join(nist_names())}")
    return found


def nist_text(name: str) -> str:
    """The .dat file of one problem, as NIST publishes it (the name is case-insensitive)."""
    return _folder().joinpath(_resolve(name) + ".dat").read_text(encoding="utf-8")


@cache
def nist(name: str) -> StrdDataset:
    """One problem, parsed: model, data, both starting points and the certified values."""
    return parse_strd(nist_text(name), _resolve(name))
