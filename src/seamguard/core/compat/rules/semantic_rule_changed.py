"""semantic-rule-changed: A semantic rule changed its kind or operands.

A rule over other fields or with other parameters is a different rule: neither side's records are held to the other's.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="semantic-rule-changed",
    summary="A semantic rule changed its kind or operands.",
    rationale="A rule over other fields or with other parameters is a different rule: neither side's records are held to the other's.",
    breaks=("backward", "forward"),
    category="semantic",
)
KINDS = frozenset({"semantic-rule"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.detail == "changed":
        yield change(RULE, delta, f"rule {delta.new.id!r} changed")
