"""What a gate rule looks at: one contract id, its head version and its released versions.

The use case reads the versions from git and the workspace; :func:`seamguard.core.gate.check.
check_contract` builds a :class:`Subject` (running the compatibility engine once per released
version compared) and hands it to every gate rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from seamguard.core.compat.model import DiffResult, Mode, Policy, Severity
from seamguard.core.contract import Contract

UNREAD_SEVERITIES: tuple[Severity, ...] = ("error", "warning")


@dataclass(frozen=True)
class Released:
    """A version of a contract reachable from the base ref: the contract, the commit it was
    read at and its file there (repository-relative)."""

    contract: Contract
    commit: str
    file: str

    @property
    def version(self) -> str:
        return self.contract.version


@dataclass(frozen=True)
class Comparison:
    """The head compared with one released version, in the head's compatibility mode."""

    against: Released
    result: DiffResult


@dataclass(frozen=True)
class GateSettings:
    """``check:`` in seamguard.yaml: the diff policy, and how severe a breaking change that no
    declared consumer reads is (``error``, the default, or ``warning``)."""

    policy: Policy = "lenient"
    unread_breaking: Severity = "error"


@dataclass(frozen=True)
class Subject:
    """One contract id as the gate sees it.

    ``base`` is the version at the base ref (None: the contract is new, or unreadable there,
    and ``base_error`` says why). ``released`` lists every released version known, newest first,
    the base's first: the deprecations of any of them allow a removal. ``comparisons`` are the
    head against the base, then (``_transitive`` modes) against each older version.
    """

    contract_id: str
    head: Contract | None
    base: Released | None
    released: tuple[Released, ...]
    comparisons: tuple[Comparison, ...]
    mode: Mode
    enforced: bool  # False for compatibility: none (nothing breaks it; semver still applies)
    as_of: date
    settings: GateSettings
    base_error: str | None = None
    # instance paths worth knowing whether a change reaches (the paths waivers name): the
    # engine lists only some of the paths a change in a shared definition reaches
    probe_paths: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether the head differs from the base version in anything the contract says
        (comments and layout of the file do not count)."""
        return self.head is not None and self.base is not None and self.head != self.base.contract

    @property
    def against_base(self) -> Comparison | None:
        if self.comparisons and self.base is not None and self.comparisons[0].against is self.base:
            return self.comparisons[0]
        return None
