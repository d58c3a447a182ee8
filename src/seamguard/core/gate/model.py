"""Values of the CI gate (``seamguard check``): what was compared, what was found, the verdict.

A check compares every contract of a workspace with its released versions (those reachable from
the base git ref) and reports findings. A finding's ``rule`` is either a gate rule of
:mod:`seamguard.core.gate.rules` (semver, deprecation, waivers, added and removed contracts) or
a compatibility rule of :mod:`seamguard.core.compat.rules` (the change itself, when it breaks
the contract's compatibility mode). Nothing here does I/O: locations are filled in by the use
case, which knows the files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from seamguard.core.compat.model import Direction, Severity
from seamguard.errors import Location

ChangeKind = Literal["added", "removed", "changed", "unchanged"]
Verdict = Literal["pass", "warn", "fail"]
SEVERITY_RANK: dict[Severity, int] = {"error": 3, "warning": 2, "info": 1}
_RANKS: dict[str, int] = {str(k): v for k, v in SEVERITY_RANK.items()}
#: ``--fail-on`` values, most to least demanding of a finding before the exit code is 1.
FAIL_ON_LEVELS: tuple[str, ...] = ("error", "warning", "info", "never")


def reaches(severity: str, fail_on: str) -> bool:
    """Whether a finding of ``severity`` is at or above ``--fail-on`` (never: nothing is).
    The one comparison behind exit codes, JUnit failures and headlines."""
    if fail_on not in FAIL_ON_LEVELS:
        raise ValueError(f"fail_on must be one of {', '.join(FAIL_ON_LEVELS)}, not {fail_on!r}")
    if fail_on == "never":
        return False
    return _RANKS[severity] >= _RANKS[fail_on]


@dataclass(frozen=True)
class GateRule:
    """The metadata of one gate rule; its module holds this next to ``check``.

    Ids are kebab-case and never reused (the compatibility catalog's ids and these share one
    namespace: waivers and SARIF name both)."""

    id: str
    summary: str
    rationale: str
    severity: Severity = "error"


@dataclass(frozen=True)
class Waiver:
    """An accepted finding, declared in ``seamguard.yaml`` under ``waivers``.

    It matches a finding on (rule, contract, path) exactly, where ``rule`` is the finding's rule
    or the compatibility rule behind it (``change_rule``). ``index`` is its position in the list
    (its location is ``/waivers/<index>`` in the workspace file)."""

    rule: str
    contract: str
    path: str
    reason: str
    expires: date
    index: int = 0


@dataclass(frozen=True, order=True)
class Finding:
    """One thing the gate reports.

    ``path`` is the instance path (JSON pointer, ``*`` for any array item) the finding is about,
    the namespace of ``consumers[].reads``, deprecations and waivers; ``pointer`` a JSON pointer
    into the contract file (``/schema/properties/total``, ``/version``, ``/deprecations/0``) or,
    for a waiver finding, into ``seamguard.yaml``. ``location`` is file:line:col once the use
    case has placed it. ``change_rule`` names the compatibility rule behind a gate finding (a
    field removal is reported as ``field-removed-before-sunset`` for ``property-removed``).
    ``consumers`` are the systems whose declared reads the change touches; ``unread`` is true for
    a breaking change no declared consumer reads. ``against`` lists the released versions the
    change was found against (more than one under a ``_transitive`` mode). A ``waived`` finding
    is reported but does not count towards the verdict.
    """

    contract: str
    rule: str
    path: str
    severity: Severity
    message: str
    pointer: str = ""
    change_rule: str | None = None
    breaks: tuple[Direction, ...] = ()
    consumers: tuple[str, ...] = ()
    unread: bool = False
    against: tuple[str, ...] = ()
    # every instance path the change reaches (a change in a shared $defs entry reaches several;
    # ``path`` is the first): consumers and waivers match any of them
    paths: tuple[str, ...] = ()
    waived: Waiver | None = field(default=None, compare=False)
    location: Location | None = field(default=None, compare=False)

    @property
    def counts(self) -> bool:
        """Whether this finding takes part in the verdict (it is not waived)."""
        return self.waived is None


def finding_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Unwaived findings by severity, plus how many were waived."""
    out = {"error": 0, "warning": 0, "info": 0, "waived": 0}
    for f in findings:
        out["waived" if f.waived is not None else f.severity] += 1
    return out


def verdict_of(findings: Iterable[Finding]) -> Verdict:
    """``fail`` on an unwaived error, ``warn`` on an unwaived warning, else ``pass``."""
    worst = max((SEVERITY_RANK[f.severity] for f in findings if f.counts), default=0)
    return "fail" if worst >= 3 else "warn" if worst == 2 else "pass"


@dataclass(frozen=True)
class ContractCheck:
    """The gate's verdict on one contract id.

    ``file`` is where the contract is at the head (at the base for a removed contract), relative
    to the repository root. ``compared_with`` lists the released versions it was compared with,
    newest first (only the base version unless the mode is ``_transitive``)."""

    contract: str
    change: ChangeKind
    file: str
    compatibility: str
    base_version: str | None
    head_version: str | None
    compared_with: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def verdict(self) -> Verdict:
        return verdict_of(self.findings)


@dataclass(frozen=True)
class Revision:
    """One side of the comparison: the ref as given, the commit it resolved to, and for the
    head whether the working tree has uncommitted changes to the files checked."""

    ref: str
    commit: str
    dirty: bool = False


@dataclass(frozen=True)
class CheckResult:
    """Everything one ``seamguard check`` run found; findings not tied to one contract (an
    unused or expired waiver) are in ``findings``."""

    as_of: datetime
    base: Revision
    head: Revision
    contracts: tuple[ContractCheck, ...]
    findings: tuple[Finding, ...] = ()

    def all_findings(self) -> Iterator[Finding]:
        for contract in self.contracts:
            yield from contract.findings
        yield from self.findings

    @property
    def verdict(self) -> Verdict:
        return verdict_of(self.all_findings())

    def counts(self) -> dict[str, int]:
        """Unwaived findings by severity, plus how many were waived."""
        return finding_counts(self.all_findings())
