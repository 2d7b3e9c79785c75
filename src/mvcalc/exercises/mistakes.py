"""Short names of the diagnosed mistakes, for an instructor's table ("forgotten chain factor").

A diagnosis is the id of the buggy rule that named it. The derivative rules carry their
own names (`mvcalc.math.calculus.buggy_rules`); any other id (Jacobians, Taylor series,
bank-specific mistakes) is shown as its words, since each attempt also keeps the full
message the learner read.
"""

from __future__ import annotations

from functools import cache


@cache
def _names() -> dict[str, str]:
    from mvcalc.math.calculus.buggy_rules import BUGGY_RULES

    return {rule.id: rule.name for rule in BUGGY_RULES}


def label(rule_id: str) -> str:
    """A short human name for a diagnosis id: the buggy rule's name, else the id in words."""
    if not rule_id:
        return ""
    return _names().get(rule_id) or rule_id.replace("_", " ").replace("-", " ")
