"""type-narrowed: A type NEW no longer allows (other than null) was allowed by OLD.

Stored OLD instances of the dropped type fail NEW; integer stays inside number, so number -> integer narrows and integer -> number does not.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change
from seamguard.core.compat.rules._text import (
    kinds_text,
)

RULE = RuleInfo(
    id="type-narrowed",
    summary="A type NEW no longer allows (other than null) was allowed by OLD.",
    rationale="Stored OLD instances of the dropped type fail NEW; integer stays inside number, so number -> integer narrows and integer -> number does not.",
    breaks=("backward",),
    category="type",
)
KINDS = frozenset({"type"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward:
        missing = delta.old - delta.new - {"null"}
        if missing:
            yield change(RULE, delta, f"type narrowed: {kinds_text(missing)} no longer allowed")
