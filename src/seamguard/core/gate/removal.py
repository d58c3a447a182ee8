"""Removing a field under the deprecation policy: allowed only once an earlier released version
deprecated it and the sunset date has passed. Three gate rules report the three outcomes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

from seamguard.core import pointer as jp
from seamguard.core.compat.model import Change
from seamguard.core.contract import Deprecation
from seamguard.core.gate.changes import (
    REMOVAL_RULE,
    affected,
    contract_pointer,
    instance_paths,
    readers,
)
from seamguard.core.gate.model import Finding, GateRule
from seamguard.core.gate.subject import Released, Subject

Outcome = Literal["undeclared", "early", "allowed"]


@dataclass(frozen=True)
class Removal:
    change: Change
    outcome: Outcome
    deprecation: Deprecation | None
    declared_in: Released | None


def removals(subject: Subject) -> Iterator[Removal]:
    """Every field the head removed from the base version, with what the policy says."""
    base = subject.against_base
    if base is None:
        return
    for change in base.result.changes:
        if change.rule != REMOVAL_RULE:
            continue
        found = _deprecation(subject, change.path)
        if found is None:
            yield Removal(change, "undeclared", None, None)
            continue
        deprecation, released = found
        due = deprecation.sunset is not None and deprecation.sunset <= subject.as_of
        yield Removal(change, "allowed" if due else "early", deprecation, released)


def _deprecation(subject: Subject, path: str) -> tuple[Deprecation, Released] | None:
    """The deprecation covering ``path`` in the newest released version that has one."""
    for released in subject.released:
        for deprecation in released.contract.deprecations:
            if jp.covers(deprecation.path, path):
                return deprecation, released
    return None


def finding(rule: GateRule, subject: Subject, removal: Removal, message: str) -> Finding:
    change = removal.change
    return Finding(
        contract=subject.contract_id,
        rule=rule.id,
        path=change.path,
        severity=rule.severity,
        message=message,
        pointer=contract_pointer(change),
        change_rule=change.rule,
        breaks=change.breaks,
        consumers=affected(readers(subject), instance_paths(change, subject)),
        against=(subject.base.version,) if subject.base is not None else (),
        paths=instance_paths(change, subject),
    )


def sunset_text(sunset: date | None) -> str:
    return f"its sunset is {sunset.isoformat()}" if sunset is not None else "it has no sunset date"
