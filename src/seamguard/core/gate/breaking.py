"""Breaking changes as gate findings: the compatibility engine's change, the consumers whose
reads it touches, and the released versions it breaks.

A field removal is left to the deprecation policy (:mod:`.removal`), which reports it under its
own rules. Each remaining breaking change keeps its compatibility rule id, so a waiver names the
same rule ``seamguard diff`` and docs/rules.md do.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from seamguard.core.compat.model import Change, directions_of
from seamguard.core.gate.changes import (
    REMOVAL_RULE,
    affected,
    breaking,
    contract_pointer,
    instance_paths,
    readers,
)
from seamguard.core.gate.model import Finding
from seamguard.core.gate.subject import Subject

#: Breaks that fail whole records, whatever field a consumer reads: a field made required is
#: new to every reader (none could have read it), yet records without it are now rejected.
RECORD_RULES = frozenset({"required-added", "dependent-required-added"})


def breaking_findings(subject: Subject) -> Iterator[Finding]:
    """One finding per breaking change, merged across the versions it breaks (newest first)."""
    if not subject.enforced or subject.head is None:
        return
    seen: dict[tuple[str, str, str], Finding] = {}
    consumers = readers(subject)
    for comparison, change in breaking(subject):
        if change.rule == REMOVAL_RULE:
            continue  # judged against the base version only, by the deprecation policy
        key = (change.rule, change.path, change.pointer)
        version = comparison.against.version
        prior = seen.get(key)
        if prior is not None:
            if version not in prior.against:
                seen[key] = _with_version(prior, version)
            continue
        if change.rule in RECORD_RULES or change.path == "":
            # the whole record is at stake, not one field: every consumer is affected
            reading = tuple(sorted({c.system for c in consumers}))
        else:
            reading = affected(consumers, instance_paths(change, subject))
        # a change the engine could not follow everywhere may reach a reader unseen: never
        # call it unread (and never lower it) on a partial list
        unread = not reading and not change.paths_truncated
        severity = change.severity
        if unread and severity == "error":
            severity = subject.settings.unread_breaking
        seen[key] = Finding(
            contract=subject.contract_id,
            rule=change.rule,
            path=change.path,
            severity=severity,
            message=f"{change.message}: {_consequence(change, subject, version)}",
            pointer=contract_pointer(change),
            breaks=change.breaks,
            consumers=reading,
            unread=unread,
            against=(version,),
            paths=instance_paths(change, subject),
        )
    yield from seen.values()


def _with_version(finding: Finding, version: str) -> Finding:
    return replace(finding, against=(*finding.against, version))


def _consequence(change: Change, subject: Subject, version: str) -> str:
    """What the break means for whom, in the words of the mode it breaks."""
    wanted = directions_of(subject.mode) & set(change.breaks)
    said = []
    if "backward" in wanted:
        said.append(f"data valid under {version} may fail the new version")
    if "forward" in wanted:
        said.append(f"consumers still on {version} may reject data the new version allows")
    return " and ".join(said) or f"breaks {subject.mode} compatibility with {version}"
