"""``seamguard check --format sarif``: the findings as a SARIF 2.1.0 log for code scanning.

The driver lists every rule a finding can carry (the gate's and the compatibility catalog's), so
a viewer can show any rule's help. Each result points at the contract file (repository-relative,
against ``%SRCROOT%``) and at the contract and instance path as a logical location; its
``partialFingerprints`` hash rule, contract and path, which survive edits elsewhere in the file,
so GitHub code scanning tracks one finding across commits. A waived finding is a suppressed
result, its waiver's reason as the justification, at level ``note`` (code scanning may show a
suppressed result as an open alert, and a note does not fail its check); every result carries
the finding's own severity in ``properties.severity``.

The run has no ``automationDetails``: a fixed id there would make
``github/codeql-action/upload-sarif`` ignore its ``category`` input, so two workspaces of one
repository, uploaded under two categories, would replace each other's alerts.
"""

from __future__ import annotations

import hashlib
from typing import Any, Final
from urllib.parse import quote

from seamguard.core.compat.model import RuleInfo, Severity
from seamguard.core.compat.rules import rule_infos
from seamguard.core.gate.model import CheckResult, Finding, GateRule
from seamguard.core.gate.rules import gate_rules
from seamguard.core.timeutil import rfc3339
from seamguard.render.check import (
    consumers_note,
    finding_paths,
    ordered_contracts,
    ordered_findings,
    shown_path,
)
from seamguard.render.report_json import render_report_json

__all__ = [
    "FINGERPRINT_KEY",
    "SARIF_SCHEMA",
    "check_sarif",
    "fingerprint",
    "sarif_document",
    "sarif_rules",
]

SARIF_SCHEMA: Final = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI: Final = "https://github.com/seamguard/seamguard"
#: The key of the one partial fingerprint; bump the version if what it hashes ever changes.
FINGERPRINT_KEY: Final = "seamguardFinding/v1"

_DOCS: Final = f"{INFORMATION_URI}/blob/main/docs"
_LEVELS: Final[dict[Severity, str]] = {"error": "error", "warning": "warning", "info": "note"}


def _pascal(rule_id: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in rule_id.split("-"))


def _descriptor(
    rule_id: str,
    summary: str,
    rationale: str,
    severity: Severity,
    *,
    help_uri: str,
    tags: list[str],
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    properties: dict[str, Any] = {"tags": tags}
    if extra:
        properties.update(extra)
    return {
        "id": rule_id,
        "name": _pascal(rule_id),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": rationale},
        "defaultConfiguration": {"level": _LEVELS[severity]},
        "helpUri": help_uri,
        "help": {
            "text": f"{summary}\n\n{rationale}",
            "markdown": f"**{rule_id}**: {summary}\n\n{rationale}",
        },
        "properties": properties,
    }


def _gate_descriptor(rule: GateRule) -> dict[str, Any]:
    return _descriptor(
        rule.id,
        rule.summary,
        rule.rationale,
        rule.severity,
        help_uri=f"{_DOCS}/ci.md#gate-rules",
        tags=["contract", "gate"],
    )


def _compat_descriptor(info: RuleInfo) -> dict[str, Any]:
    extra = {"replaced_by": info.replaced_by} if info.replaced_by else None
    return _descriptor(
        info.id,
        info.summary,
        info.rationale,
        info.severity,
        help_uri=f"{_DOCS}/rules.md#{info.id}",
        tags=["contract", info.category],
        extra=extra,
    )


def sarif_rules() -> list[dict[str, Any]]:
    """Every rule a finding can carry: the gate rules, then the compatibility rules, each in id
    order (the two share one namespace, so no id appears twice)."""
    gate = [_gate_descriptor(r) for r in sorted(gate_rules(), key=lambda r: r.id)]
    compat = [_compat_descriptor(i) for i in sorted(rule_infos(), key=lambda i: i.id)]
    return gate + compat


def _uri(path: str) -> str:
    """A repository-relative path as a relative URI reference (never absolute)."""
    posix = path.replace("\\", "/").lstrip("/")
    while posix.startswith("./"):
        posix = posix[2:]
    return quote(posix, safe="/-._~")


def fingerprint(finding: Finding) -> str:
    """A hash of what identifies a finding across commits: rule, contract and instance path
    (not its line, message or pointer, which move with unrelated edits)."""
    key = "\0".join((finding.rule, finding.contract, finding.path))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _text(finding: Finding) -> str:
    """The message, then who reads what it breaks: code scanning shows the message alone."""
    readers = consumers_note(finding)
    return finding.message + ("" if readers is None else f"; {readers}")


def _result(finding: Finding, file: str | None, index: dict[str, int]) -> dict[str, Any]:
    location: dict[str, Any] = {}
    where = finding.location
    artifact = where.file if where is not None and where.file else file
    if artifact:
        physical: dict[str, Any] = {
            "artifactLocation": {"uri": _uri(artifact), "uriBaseId": "%SRCROOT%"}
        }
        if where is not None and where.file and where.line is not None:
            region: dict[str, Any] = {"startLine": where.line}
            if where.column is not None:
                region["startColumn"] = where.column
            physical["region"] = region
        location["physicalLocation"] = physical
    path = shown_path(finding.path)
    location["logicalLocations"] = [
        {"name": path, "fullyQualifiedName": f"{finding.contract}#{path}", "kind": "member"}
    ]
    out: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        # waived: a note, so an ingested suppression cannot fail the code-scanning check
        "level": "note" if finding.waived is not None else _LEVELS[finding.severity],
        "message": {"text": _text(finding)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding)},
    }
    if finding.waived is not None:
        out["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": finding.waived.reason,
                "properties": {
                    "expires": finding.waived.expires.isoformat(),
                    "waiver_index": finding.waived.index,
                },
            }
        ]
    properties: dict[str, Any] = {
        "contract": finding.contract,
        "severity": finding.severity,
        "path": finding.path,
        "paths": list(finding_paths(finding)),
        "pointer": finding.pointer,
        "consumers": list(finding.consumers),
        "unread": finding.unread,
        "breaks": list(finding.breaks),
        "against": list(finding.against),
    }
    if finding.change_rule is not None:
        properties["change_rule"] = finding.change_rule
    out["properties"] = properties
    return out


def sarif_document(
    result: CheckResult, *, tool_version: str, repository_uri: str | None = None
) -> dict[str, Any]:
    """The SARIF log of one check: one run, every rule, one result per finding.

    ``versionControlProvenance`` needs the repository's absolute URI (the schema requires it),
    so it is written only when ``repository_uri`` is given and the head commit is known; the
    base and head revisions are always in the run's properties.
    """
    rules = sarif_rules()
    index = {r["id"]: i for i, r in enumerate(rules)}
    results: list[dict[str, Any]] = []
    for c in ordered_contracts(result):
        results += [_result(f, c.file or None, index) for f in ordered_findings(c.findings)]
    results += [_result(f, None, index) for f in result.findings]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "seamguard",
                "informationUri": INFORMATION_URI,
                "version": tool_version,
                "rules": rules,
            }
        },
    }
    if repository_uri and result.head.commit:
        run["versionControlProvenance"] = [
            {"repositoryUri": repository_uri, "revisionId": result.head.commit}
        ]
    # Columns come from the YAML parser, which counts code points, not UTF-16 units.
    run["columnKind"] = "unicodeCodePoints"
    run["results"] = results
    run["properties"] = {
        "verdict": result.verdict,
        "as_of": rfc3339(result.as_of),
        "base": {"ref": result.base.ref, "commit": result.base.commit},
        "head": {"ref": result.head.ref, "commit": result.head.commit, "dirty": result.head.dirty},
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def check_sarif(
    result: CheckResult, *, tool_version: str, repository_uri: str | None = None
) -> str:
    """:func:`sarif_document` serialised (indent 2, final newline)."""
    return render_report_json(
        sarif_document(result, tool_version=tool_version, repository_uri=repository_uri)
    )
