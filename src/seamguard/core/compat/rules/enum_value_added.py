"""enum-value-added: NEW lists an allowed value that OLD did not.

Consumers with an exhaustive mapping (OLD) reject the new value; under lenient policy an enum marked x-extensible promises consumers tolerate unknown values, so it is info there.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change
from seamguard.core.compat.rules._text import (
    _both_const,
    values_text,
)

RULE = RuleInfo(
    id="enum-value-added",
    summary="NEW lists an allowed value that OLD did not.",
    rationale="Consumers with an exhaustive mapping (OLD) reject the new value; under lenient policy an enum marked x-extensible promises consumers tolerate unknown values, so it is info there.",
    breaks=("forward",),
    category="values",
    lenient_breaks=("forward",),
)
KINDS = frozenset({"enum"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward or delta.old is None or delta.new is None or _both_const(delta):
        return
    added = delta.new - delta.old
    if added:
        tolerated = delta.extensible and not ctx.strict
        yield change(RULE, delta, f"value {values_text(added)} added", breaks=not tolerated)
