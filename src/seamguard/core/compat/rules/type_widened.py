"""type-widened: NEW allows a type (other than null) that OLD did not, e.g. integer -> number.

Consumers still on OLD reject or mis-read values of the new type (1.5 where they expect an integer); OLD data still fits NEW.
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
    id="type-widened",
    summary="NEW allows a type (other than null) that OLD did not, e.g. integer -> number.",
    rationale="Consumers still on OLD reject or mis-read values of the new type (1.5 where they expect an integer); OLD data still fits NEW.",
    breaks=("forward",),
    category="type",
)
KINDS = frozenset({"type"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if not delta.backward:
        extra = delta.new - delta.old - {"null"}
        if extra:
            yield change(RULE, delta, f"type widened: {kinds_text(extra)} now allowed")
