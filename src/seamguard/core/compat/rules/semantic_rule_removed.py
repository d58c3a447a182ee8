"""semantic-rule-removed: NEW drops a semantic rule OLD had.

NEW records may violate what consumers on OLD rely on.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="semantic-rule-removed",
    summary="NEW drops a semantic rule OLD had.",
    rationale="NEW records may violate what consumers on OLD rely on.",
    breaks=("forward",),
    category="semantic",
)
KINDS = frozenset({"semantic-rule"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if not delta.backward and delta.new is None and delta.old is not None:
        yield change(RULE, delta, f"{delta.old.kind} rule {delta.old.id!r} removed")
