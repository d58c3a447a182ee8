"""semantic-rule-tightened: A semantic rule got stricter (a smaller sum tolerance, a uniqueness key with fewer parts).

Stored OLD records may violate the stricter rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="semantic-rule-tightened",
    summary="A semantic rule got stricter (a smaller sum tolerance, a uniqueness key with fewer parts).",
    rationale="Stored OLD records may violate the stricter rule.",
    breaks=("backward",),
    category="semantic",
)
KINDS = frozenset({"semantic-rule"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward and delta.detail == "tightened":
        yield change(RULE, delta, f"rule {delta.new.id!r} tightened")
