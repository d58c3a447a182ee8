"""min-length-increased: NEW requires a larger minLength than OLD.

OLD instances below the new minimum fail NEW.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change
from seamguard.core.compat.rules._text import (
    number_text,
)

RULE = RuleInfo(
    id="min-length-increased",
    summary="NEW requires a larger minLength than OLD.",
    rationale="OLD instances below the new minimum fail NEW.",
    breaks=("backward",),
    category="string",
)
KINDS = frozenset({"minLength"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward:
        yield change(
            RULE,
            delta,
            f"minLength increased from {number_text(delta.old, '0')} to {number_text(delta.new)}",
        )
