"""multiple-of-added: NEW requires numbers to be a multiple of a step OLD did not require.

OLD numbers off the step fail NEW (10.005 against multipleOf 0.01); decided with exact decimals.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="multiple-of-added",
    summary="NEW requires numbers to be a multiple of a step OLD did not require.",
    rationale="OLD numbers off the step fail NEW (10.005 against multipleOf 0.01); decided with exact decimals.",
    breaks=("backward",),
    category="number",
)
KINDS = frozenset({"multipleOf"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward and not delta.old:
        yield change(RULE, delta, f"multipleOf {delta.new} added")
