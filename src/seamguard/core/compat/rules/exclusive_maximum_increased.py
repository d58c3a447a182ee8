"""exclusive-maximum-increased: NEW's bound is looser than OLD's exclusiveMaximum (or gone).

NEW numbers outside OLD's bound fail consumers on OLD.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change
from seamguard.core.compat.rules._text import (
    bound_text,
)

RULE = RuleInfo(
    id="exclusive-maximum-increased",
    summary="NEW's bound is looser than OLD's exclusiveMaximum (or gone).",
    rationale="NEW numbers outside OLD's bound fail consumers on OLD.",
    breaks=("forward",),
    category="number",
)
KINDS = frozenset({"upper"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if not delta.backward and delta.old is not None and delta.old[1] is True:
        yield change(
            RULE,
            delta,
            f"exclusiveMaximum increased: {bound_text(delta.old)} -> {bound_text(delta.new)}",
        )
