"""ref-unresolved: A $ref the engine cannot follow: to another document, or naming nothing.

An external schema is never fetched, so what it constrains is undecidable (the same external
$ref on both sides is taken to mean the same); a dangling one (into the document, naming
nothing) makes the schema one no validator accepts, whatever the other version says.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="ref-unresolved",
    summary="A $ref the engine cannot follow: to another document, or naming nothing in its own.",
    rationale=(
        "An external schema is never fetched, so what it constrains is undecidable (the same"
        " external $ref on both sides is taken to mean the same); a dangling $ref makes the"
        " schema one no validator accepts, whatever the other version says."
    ),
    breaks=("backward", "forward"),
    category="reference",
)
KINDS = frozenset({"$ref"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    side = "old" if delta.side == "old" else "new"
    ref, other = (delta.old, delta.new) if side == "old" else (delta.new, delta.old)
    why = "names nothing in the document" if delta.detail == "dangling" else "leaves the document"
    where = "OLD and NEW" if other == ref else side.upper()
    text = f"$ref {ref} in {where} cannot be followed ({why})"
    if other is not None and other != ref:
        text += f"; {'NEW' if side == 'old' else 'OLD'} has $ref {other}"
    yield change(RULE, delta, text, undecidable=True)
