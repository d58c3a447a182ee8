"""ref-unresolved: NEW relies on a $ref the engine cannot follow (outside the document).

An external schema is never fetched, so what it constrains is undecidable.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="ref-unresolved",
    summary="NEW relies on a $ref the engine cannot follow (outside the document).",
    rationale="An external schema is never fetched, so what it constrains is undecidable.",
    breaks=("backward", "forward"),
    category="reference",
)
KINDS = frozenset({"$ref"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    yield change(RULE, delta, f"$ref {delta.new} cannot be followed", undecidable=True)
