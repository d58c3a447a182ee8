"""Waivers: accepted findings, declared in seamguard.yaml with a reason and an expiry date.

A waiver matches on (rule, contract, path) exactly, never on message text; ``rule`` may name
the finding's rule or the compatibility rule behind it. An expired waiver waives nothing and is
reported; so is one that matches no finding.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from seamguard.core.gate.model import ContractCheck, Finding, Waiver
from seamguard.core.gate.rules import waiver_expired, waiver_unused


def apply_waivers(
    checks: Iterable[ContractCheck], waivers: Iterable[Waiver], *, as_of: date
) -> tuple[tuple[ContractCheck, ...], tuple[Finding, ...]]:
    """The checks with waived findings marked, and the findings about the waivers themselves
    (expired, unused), in the order the waivers are declared. A waiver names one instance path;
    a change reaching several (a shared ``$defs`` entry) is waived by any of them."""
    checks = tuple(checks)
    declared = tuple(waivers)
    live = [w for w in declared if w.expires >= as_of]
    used: set[int] = set()
    out: list[ContractCheck] = []
    for check in checks:
        findings = []
        for f in check.findings:
            match = next((w for w in live if _matches(w, f)), None)
            if match is not None:
                used.add(match.index)
                f = replace(f, waived=match)
            findings.append(f)
        out.append(replace(check, findings=tuple(findings)))
    about: list[Finding] = []
    for w in declared:
        expired = waiver_expired.check(w, as_of)
        if expired is not None:
            about.append(expired)
        elif w.index not in used:
            about.append(
                waiver_unused.finding(
                    w,
                    known=[c.contract for c in checks],
                    findings=[f for c in checks for f in c.findings],
                )
            )
    return tuple(out), tuple(about)


def _matches(waiver: Waiver, finding: Finding) -> bool:
    return (
        waiver.contract == finding.contract
        and (waiver.path == finding.path or waiver.path in finding.paths)
        and waiver.rule in (finding.rule, finding.change_rule)
    )
