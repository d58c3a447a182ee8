"""How the gate reads the compatibility engine's changes: which break, which remove a field,
where they sit in the contract file and which consumers read what they touch."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import semver

from seamguard.core import pointer as jp
from seamguard.core.compat.model import DIRECTIONS, Change, directions_of
from seamguard.core.compat.rules import rule_info
from seamguard.core.contract import Consumer
from seamguard.core.gate.reach import reached
from seamguard.core.gate.subject import Comparison, Subject

#: The compatibility rule that removes a field; the deprecation policy decides whether it may.
REMOVAL_RULE = "property-removed"
#: Changes that do not change what data is valid (docs, defaults, examples): a patch bump will do.
_ANNOTATION = "annotation"


def contract_pointer(change: Change) -> str:
    """The change's JSON pointer into the contract file: a semantic rule's change already points
    at ``/rules/<i>``; a schema change points into the schema, which sits at ``/schema``."""
    if rule_info(change.rule).category == "semantic" and change.pointer.startswith("/rules/"):
        return change.pointer
    return "/schema" + change.pointer


def instance_paths(change: Change, subject: Subject | None = None) -> tuple[str, ...]:
    """The instance paths a change reaches: the engine's list, and when it had to cut that list
    short (a shared definition), every consumer read and probed path the change reaches too."""
    listed = change.paths or (change.path,)
    if subject is None or not change.paths_truncated:
        return listed
    probes = [read for c in readers(subject) for read in c.reads] + list(subject.probe_paths)
    base = subject.base.contract if subject.base is not None else None
    extra = reached(change, subject.head, base, (p for p in probes if p not in listed))
    return (*listed, *extra)


def affected(consumers: Iterable[Consumer], paths: Iterable[str]) -> tuple[str, ...]:
    """The systems whose declared reads overlap one of ``paths``: a read of the changed location,
    of something inside it, or of a subtree containing it (``*`` matches any array item)."""
    wanted = tuple(paths)
    out: list[str] = []
    for consumer in consumers:
        for read in consumer.reads:
            if any(jp.covers(read, p) or jp.covers(p, read) for p in wanted):
                out.append(consumer.system)
                break
    return tuple(sorted(set(out)))


def breaking(subject: Subject) -> Iterator[tuple[Comparison, Change]]:
    """Changes that break the contract's mode, against every version compared. Under
    ``compatibility: none`` nothing is enforced, but a change breaking either direction still
    counts for semver."""
    wanted = directions_of(subject.mode) if subject.enforced else frozenset(DIRECTIONS)
    for comparison in subject.comparisons:
        for change in comparison.result.changes:
            if wanted.intersection(change.breaks):
                yield comparison, change


def base_changes(subject: Subject) -> tuple[Change, ...]:
    base = subject.against_base
    return base.result.changes if base is not None else ()


def is_additive(change: Change) -> bool:
    """A change to what data is valid (not only to its documentation)."""
    return rule_info(change.rule).category != _ANNOTATION


def parse_version(text: str) -> semver.Version:
    return semver.Version.parse(text)


def bumped(base: str, head: str) -> str:
    """What kind of bump head is over base: ``major``, ``minor``, ``patch``, ``none``,
    ``down`` (head is lower) or ``pre`` (only the pre-release part grew). A bump of the first
    non-zero part of a 0.x version counts as major (semver gives 0.y no guarantees, so teams
    bump the minor for breaking changes there)."""
    a, b = parse_version(base), parse_version(head)
    if b < a:
        return "down"
    if b == a:
        return "none"
    if b.major != a.major:
        return "major"
    if b.minor != a.minor:
        return "major" if a.major == 0 else "minor"
    if b.patch != a.patch:
        return "patch"
    return "pre"


def series(version: str) -> tuple[int, ...]:
    """The releases a version promises compatibility with: its major (for 0.x, its minor)."""
    parsed = parse_version(version)
    return (parsed.major,) if parsed.major else (0, parsed.minor)


def readers(subject: Subject) -> tuple[Consumer, ...]:
    """The consumers to name: those the head declares and those the base version did (a pull
    request that drops a consumer's read must not hide the break from it)."""
    head = subject.head.consumers if subject.head is not None else ()
    base = subject.base.contract.consumers if subject.base is not None else ()
    return (*head, *base)


def promises_nothing(base: str, head: str) -> bool:
    """A pre-release promises nothing to any later version of its series (2.0.0-rc.1 to
    2.0.0-rc.2, 2.0.0 or 2.0.1): semver gives pre-releases no compatibility, and nothing of the
    series was released before it."""
    a, b = parse_version(base), parse_version(head)
    return a.prerelease is not None and series(base) == series(head) and b >= a
