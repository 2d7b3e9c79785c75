"""Short names of the diagnosed mistakes, for an instructor's table ("forgotten chain factor").

A diagnosis is the id of the rule that named it: a buggy differentiation rule (named in
`mvcalc.math.calculus.buggy_rules`, through `mvcalc.math.diagnose.rule_name`), a numeric
slip (named in `slips.SLIPS`), or any other id (Jacobians, Taylor series, bank-specific
mistakes), shown as its words, since each attempt also keeps the full message the learner read.
"""

from __future__ import annotations

from mvcalc.exercises.slips import BY_ID as SLIPS
from mvcalc.math.diagnose import rule_name


def label(rule_id: str) -> str:
    """A short human name for a diagnosis id: the buggy rule's or slip's name, else the id in words."""
    if not rule_id:
        return ""
    slip = SLIPS.get(rule_id)
    return slip.name if slip is not None else rule_name(rule_id)
