"""type-changed: The type changed both ways: some OLD types are gone and new ones appeared.

A narrowing and a widening at the same keyword: neither side's instances fit the other (string -> integer).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import DIRECTIONS, Change, RuleInfo
from seamguard.core.compat.rule import Context

RULE = RuleInfo(
    id="type-changed",
    summary="The type changed both ways: some OLD types are gone and new ones appeared.",
    rationale="A narrowing and a widening at the same keyword: neither side's instances fit the other (string -> integer).",
    breaks=("backward", "forward"),
    category="type",
)
KINDS = frozenset({"type"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    return iter(())


def combine(changes: list[Change]) -> list[Change]:
    """A narrowing and a widening at one keyword and path are one type change."""
    narrowed = {(c.pointer, c.path): c for c in changes if c.rule == "type-narrowed"}
    widened = {(c.pointer, c.path): c for c in changes if c.rule == "type-widened"}
    both = narrowed.keys() & widened.keys()
    if not both:
        return changes
    out = [c for c in changes if not (c.rule in _PARTS and (c.pointer, c.path) in both)]
    for slot in sorted(both):
        a, b = narrowed[slot], widened[slot]
        out.append(
            replace(
                a,
                rule=RULE.id,
                breaks=tuple(d for d in DIRECTIONS if d in a.breaks or d in b.breaks),
                paths=tuple(sorted(set(a.paths) | set(b.paths))),
                paths_truncated=a.paths_truncated or b.paths_truncated,
                message=f"type changed ({a.message.split(': ', 1)[-1]}; {b.message.split(': ', 1)[-1]})",
            )
        )
    return out


_PARTS = frozenset({"type-narrowed", "type-widened"})
