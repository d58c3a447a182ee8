"""semantic-rule-loosened: A semantic rule got looser (a larger sum tolerance, a uniqueness key with more parts).

NEW records may violate what consumers on OLD rely on.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="semantic-rule-loosened",
    summary="A semantic rule got looser (a larger sum tolerance, a uniqueness key with more parts).",
    rationale="NEW records may violate what consumers on OLD rely on.",
    breaks=("forward",),
    category="semantic",
)
KINDS = frozenset({"semantic-rule"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if not delta.backward and delta.detail == "loosened":
        yield change(RULE, delta, f"rule {delta.new.id!r} loosened")
