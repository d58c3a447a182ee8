"""The gate over one contract id: compare the head with its released versions, then run the
gate rules and turn breaking changes into findings.

Pure: the use case reads the versions (from the working tree and from git) and passes them in.
"""

from __future__ import annotations

from datetime import date

from seamguard.core.compat.engine import diff_contracts
from seamguard.core.compat.model import Mode
from seamguard.core.contract import Contract
from seamguard.core.gate.breaking import breaking_findings
from seamguard.core.gate.changes import series
from seamguard.core.gate.model import ChangeKind, ContractCheck, Finding
from seamguard.core.gate.rules import CONTRACT_RULES
from seamguard.core.gate.subject import Comparison, GateSettings, Released, Subject


def mode_of(compatibility: str) -> tuple[Mode, bool, bool]:
    """(diff mode, enforced, transitive) for a contract's ``compatibility``. ``none`` is
    diffed as ``full`` so semver still sees what would break either way."""
    base, _, transitive = compatibility.partition("_")
    if base == "none":
        return "full", False, False
    mode: Mode = "backward" if base == "backward" else "forward" if base == "forward" else "full"
    return mode, True, bool(transitive)


def check_contract(
    contract_id: str,
    *,
    head: Contract | None,
    head_file: str | None,
    released: tuple[Released, ...],
    as_of: date,
    settings: GateSettings,
    base_error: str | None = None,
    probe_paths: tuple[str, ...] = (),
) -> ContractCheck:
    """The gate's verdict on one contract id.

    ``released`` holds the version at the base ref first (empty: the contract is new there),
    then every older released version, newest first and one per version number; a
    ``_transitive`` mode compares with those of the head's major version (for 0.x, its minor). ``base_error`` says why the base version could not be read, if it could not.
    """
    base = released[0] if released else None
    declared = head if head is not None else base.contract if base is not None else None
    compatibility = declared.compatibility if declared is not None else "backward"
    mode, enforced, transitive = mode_of(compatibility)
    comparisons: list[Comparison] = []
    if head is not None and base is not None and head != base.contract:
        # the base always; under _transitive, every older release of the head's series too: a
        # major release may break (it is reported, and waived once agreed), and starts a chain
        targets: tuple[Released, ...] = (base,)
        if transitive:
            targets += tuple(r for r in released[1:] if series(r.version) == series(head.version))
        for version in targets:
            result = diff_contracts(version.contract, head, mode=mode, policy=settings.policy)
            comparisons.append(Comparison(against=version, result=result))
    subject = Subject(
        contract_id=contract_id,
        head=head,
        base=base,
        released=released,
        comparisons=tuple(comparisons),
        mode=mode,
        enforced=enforced,
        as_of=as_of,
        settings=settings,
        base_error=base_error,
        probe_paths=probe_paths,
    )
    findings: list[Finding] = []
    for rule in CONTRACT_RULES:
        findings.extend(rule(subject))
    findings.extend(breaking_findings(subject))
    return ContractCheck(
        contract=contract_id,
        change=_change_kind(subject),
        file=head_file or (base.file if base is not None else ""),
        compatibility=compatibility,
        base_version=base.version if base is not None else None,
        head_version=head.version if head is not None else None,
        compared_with=tuple(c.against.version for c in comparisons),
        findings=tuple(sorted(findings, key=_order)),
    )


def _change_kind(subject: Subject) -> ChangeKind:
    if subject.head is None:
        return "removed"
    if subject.base is None:
        return "added"
    return "changed" if subject.changed else "unchanged"


_RANK = {"error": 0, "warning": 1, "info": 2}


def _order(finding: Finding) -> tuple[int, str, str, str]:
    """Errors first, then by instance path, rule and pointer: stable across runs."""
    return (_RANK[finding.severity], finding.path, finding.rule, finding.pointer)
