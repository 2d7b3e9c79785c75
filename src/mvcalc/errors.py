"""The one base of every error a user of mvcalc can cause, from the CLI, the web or Python.

`except mvcalc.MvcalcError` catches unreadable input (`InputError`), a point or
variable list that cannot be used, a series or fit that cannot be built, an
unknown dataset, question or assignment: each with `.message`, one line for a
person. It is a `ValueError`, so older code that caught ValueError still works.
Anything else that escapes is a bug in mvcalc, not a mistake of the user's.
"""

from __future__ import annotations


class MvcalcError(ValueError):
    """Something the user asked for cannot be done; `.message` says what and, where it can, how to fix it."""

    @property
    def message(self) -> str:
        return self.__dict__.get("_message") or (str(self.args[0]) if self.args else "")

    @message.setter
    def message(self, value: str) -> None:
        self.__dict__["_message"] = value
