"""The one error the input language raises: what is wrong, where, and the likely fix."""

from __future__ import annotations

from mvcalc.errors import MvcalcError


class InputError(MvcalcError):
    """Learner text that cannot be read.

    `message` is a sentence a learner understands, `column` the 1-based column
    of the problem in the text as typed, `hint` the likely fix ("" when there is
    no good guess). `str(err)` joins them into one sentence that names the column.
    """

    def __init__(self, message: str, column: int = 1, hint: str = "") -> None:
        self.message = message
        self.column = max(1, int(column))
        self.hint = hint
        super().__init__(self._sentence())

    def _sentence(self) -> str:
        body = self.message.rstrip(". ")
        text = f"{body} (column {self.column})."
        return f"{text} {self.hint}" if self.hint else text

    def __reduce__(self):  # keeps the error picklable (checks run in worker processes)
        return (type(self), (self.message, self.column, self.hint))
