"""semantic-rule-added: NEW adds a semantic rule (money, sum, cel, unique, ...) OLD did not have.

Stored OLD records were never held to the rule and may violate it.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="semantic-rule-added",
    summary="NEW adds a semantic rule (money, sum, cel, unique, ...) OLD did not have.",
    rationale="Stored OLD records were never held to the rule and may violate it.",
    breaks=("backward",),
    category="semantic",
)
KINDS = frozenset({"semantic-rule"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward and delta.old is None and delta.new is not None:
        yield change(RULE, delta, f"{delta.new.kind} rule {delta.new.id!r} added")
