"""Answer checking: is the learner's expression equal to the expected one?

Shapes first (`shapes`), then seeded numeric sampling on the common real domain
(`sampling`, `survey`) with a high-precision re-check of near ties, then exact
simplification in a killable worker (`exact`); bounded in time, never correct by
default (`compare` gives the `Verdict`). `answer_samples` tabulates many candidate
answers at once for diagnosis.
"""

from mvcalc.math.check.compare import STATUSES, Verdict, check, equivalent, same_answer

__all__ = ["STATUSES", "Verdict", "check", "equivalent", "same_answer"]
