"""compatibility-loosened: the contract now promises less compatibility than its released one.

Weakening the mode in the same change that relies on it would let any break through the gate
(``full`` to ``backward``, ``backward_transitive`` to ``backward``, anything to ``none``).
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.gate.model import Finding, GateRule
from seamguard.core.gate.subject import Subject

RULE = GateRule(
    id="compatibility-loosened",
    summary="The compatibility mode promises less than the released version's.",
    rationale="Consumers chose the contract for its promise; dropping a direction or the "
    "transitive check lets breaks through. Loosen it on purpose, with a waiver.",
)


def _promise(mode: str) -> tuple[frozenset[str], bool]:
    base, _, transitive = mode.partition("_")
    directions = {
        "backward": {"backward"},
        "forward": {"forward"},
        "full": {"backward", "forward"},
        "none": set(),
    }[base]
    return frozenset(directions), bool(transitive)


def check(subject: Subject) -> Iterator[Finding]:
    """Report a mode that drops a direction or the transitive promise."""
    if subject.head is None or subject.base is None:
        return
    before, after = subject.base.contract.compatibility, subject.head.compatibility
    (old_dirs, old_trans), (new_dirs, new_trans) = _promise(before), _promise(after)
    dropped = sorted(old_dirs - new_dirs)
    if not dropped and not (old_trans and not new_trans):
        return
    what = f"drops {' and '.join(dropped)}" if dropped else "is no longer transitive"
    yield Finding(
        contract=subject.contract_id,
        rule=RULE.id,
        path="",
        severity=RULE.severity,
        message=f"compatibility went from {before} to {after}: it {what}",
        pointer="/compatibility",
        against=(subject.base.version,),
    )
