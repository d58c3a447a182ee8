"""What a compatibility rule is: its metadata and one pure function over deltas.

A rule module holds ``RULE`` (:class:`~seamguard.core.compat.model.RuleInfo`), ``KINDS`` (the
delta kinds it looks at) and ``check(delta, ctx)``, which yields the changes it recognises. The
walker decides what is compared with what; a rule decides whether the difference breaks the
inclusion of the delta's direction and names it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import DIRECTIONS, Change, Direction, Policy, RuleInfo


@dataclass(frozen=True)
class Context:
    """What a rule may know beyond the delta: the policy of the run."""

    policy: Policy = "lenient"

    @property
    def strict(self) -> bool:
        return self.policy == "strict"


class Rule(Protocol):
    """A rule module (or any object shaped like one)."""

    @property
    def RULE(self) -> RuleInfo: ...  # noqa: N802 - the module constant's name

    @property
    def KINDS(self) -> frozenset[str]: ...  # noqa: N802

    def check(self, delta: Delta, ctx: Context) -> Iterable[Change]: ...


def change(
    info: RuleInfo,
    delta: Delta,
    message: str,
    *,
    breaks: bool = True,
    undecidable: bool = False,
    pointer: str | None = None,
) -> Change:
    """The change ``info`` reports for ``delta``: breaking the delta's direction or nothing.

    An undecidable change breaks both directions, whatever the pass that met it.
    """
    directions: tuple[Direction, ...]
    if undecidable:
        directions = DIRECTIONS
    elif breaks:
        directions = (delta.direction,)
    else:
        directions = ()
    at = pointer if pointer is not None else delta.pointer
    return Change(
        path=delta.path,
        pointer=at,
        rule=info.id,
        breaks=directions,
        severity=info.severity,
        message=message,
        undecidable=undecidable,
        old_pointer=delta.old_pointer if delta.old_pointer != at else None,
    )
