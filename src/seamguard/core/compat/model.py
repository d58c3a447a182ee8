"""Values of the compatibility engine: what a rule is, what a change is, what a diff concludes.

Semantics (DESIGN.md section 1): BACKWARD means every instance valid under OLD is valid under
NEW; FORWARD means every instance valid under NEW is valid under OLD; FULL is both. A change
carries the directions it breaks independently of the mode asked for; the mode only decides
which of them make the diff incompatible and how severe each change is reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

Direction = Literal["backward", "forward"]
Mode = Literal["backward", "forward", "full"]
Policy = Literal["lenient", "strict"]
Severity = Literal["error", "warning", "info"]

DIRECTIONS: tuple[Direction, ...] = ("backward", "forward")
MODES: tuple[Mode, ...] = ("backward", "forward", "full")
POLICIES: tuple[Policy, ...] = ("lenient", "strict")


def directions_of(mode: Mode) -> frozenset[Direction]:
    """The directions a mode requires to hold (full = both)."""
    return frozenset(DIRECTIONS) if mode == "full" else frozenset({mode})


@dataclass(frozen=True)
class RuleInfo:
    """The metadata of one compatibility rule; its module holds this next to ``check``.

    ``breaks`` are the directions the change breaks under ``--policy strict`` (sound for the
    instance semantics); ``lenient_breaks`` the ones under ``--policy lenient`` when they differ
    (``None``: the same). ``severity`` is the default severity of a change that breaks the mode
    being checked. Ids are kebab-case, say which way the change goes, and are never reused: a
    retired rule keeps its id with ``replaced_by``.
    """

    id: str
    summary: str
    rationale: str
    breaks: tuple[Direction, ...]
    severity: Severity = "error"
    category: str = "schema"
    lenient_breaks: tuple[Direction, ...] | None = None
    replaced_by: str | None = None

    def breaks_under(self, policy: Policy) -> tuple[Direction, ...]:
        if policy == "lenient" and self.lenient_breaks is not None:
            return self.lenient_breaks
        return self.breaks


@dataclass(frozen=True, order=True)
class Change:
    """One classified change between two schema versions.

    ``pointer`` is a JSON Pointer into the schema (NEW where the keyword exists there, else OLD);
    ``path`` the instance location it affects (JSON Pointer, ``*`` for any array item), the
    namespace of ``consumers[].reads``, deprecations, waivers and validation errors. A change in
    a shared ``$defs`` entry is reported once, at the first instance path in sorted order, and
    ``paths`` lists the instance paths that reach it, the shortest first and up to 16 through
    each compared definition (``paths_truncated`` says when some were left out: a recursive
    definition has infinitely many). ``undecidable`` marks a change the engine
    cannot classify soundly (regex containment, ``not``, CEL): under strict policy it breaks both.
    """

    path: str
    pointer: str
    rule: str
    breaks: tuple[Direction, ...]
    severity: Severity
    message: str
    undecidable: bool = False
    paths: tuple[str, ...] = ()
    old_pointer: str | None = None
    # ``paths`` stops at 16 (a recursive definition has infinitely many): true when some
    # instance path reaching the change is not listed
    paths_truncated: bool = False


@dataclass(frozen=True)
class DiffResult:
    """The verdict of one diff: ``compatible`` is false exactly when a change breaks the mode."""

    mode: Mode
    policy: Policy
    compatible: bool
    changes: tuple[Change, ...]

    @property
    def breaking(self) -> tuple[Change, ...]:
        wanted = directions_of(self.mode)
        return tuple(c for c in self.changes if wanted.intersection(c.breaks))


def conclude(
    changes: Iterable[Change], *, mode: Mode, policy: Policy, default_severity: dict[str, Severity]
) -> DiffResult:
    """Sort the changes, set each one's severity for ``mode`` and decide compatibility.

    A change that breaks a direction the mode requires keeps its rule's default severity (an
    ``info`` rule never breaks); one that breaks only the other direction is a warning; one that
    breaks nothing is info.
    """
    wanted = directions_of(mode)
    out: list[Change] = []
    for change in changes:
        breaks = tuple(d for d in DIRECTIONS if d in change.breaks)
        if wanted.intersection(breaks):
            severity = default_severity.get(change.rule, "error")
            if severity == "info":
                severity = "error"
        elif breaks:
            severity = "warning"
        else:
            severity = "info"
        out.append(replace(change, breaks=breaks, severity=severity))
    ordered = tuple(sorted(set(out)))
    compatible = not any(wanted.intersection(c.breaks) for c in ordered)
    return DiffResult(mode=mode, policy=policy, compatible=compatible, changes=ordered)
