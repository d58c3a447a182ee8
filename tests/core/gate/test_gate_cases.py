"""Every gate rule, case by case (tests/cases/gate/<rule-id>.yaml), through the pure core.

A case file is named after its rule and holds::

    title: what the rule is about
    rule: <gate rule id>
    cases:
      - title: what the case shows
        as_of: 2026-12-01           # optional; the day sunsets are judged at
        settings: {unread_breaking: warning}   # optional GateSettings
        released:                   # the base version first, then older ones (transitive);
          - {version: 1.0.0}        #   each a deep merge over TEMPLATE (null deletes a key)
        head: {version: 1.1.0}      # the working tree's version; null: the contract was deleted
        base_error: "..."           # optional: the base version did not load
        expected:
          change: changed           # added | removed | changed | unchanged
          verdict: fail             # pass | warn | fail
          findings:                 # every finding, asserted on rule, path and severity, and on
            - {rule: ..., path: ..., severity: ...}   # consumers/unread/against/paths if given

Messages are never asserted on.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from seamguard.core.contract import contract_from_mapping
from seamguard.core.gate.check import check_contract
from seamguard.core.gate.model import Finding
from seamguard.core.gate.rules import gate_rules
from seamguard.core.gate.subject import GateSettings, Released

CASES_DIR = Path(__file__).resolve().parents[2] / "cases" / "gate"

TEMPLATE: dict[str, Any] = {
    "id": "test.order",
    "version": "1.0.0",
    "title": "Order",
    "owner": {"team": "oms"},
    "domain": "orders",
    "criticality": "high",
    "compatibility": "backward",
    "consumers": [
        {"system": "erp", "reads": ["/id", "/total"]},
        {"system": "wms", "reads": ["/lines/*/sku"]},
    ],
    "schema": {
        "type": "object",
        "required": ["id", "total"],
        "properties": {
            "id": {"type": "string"},
            "total": {"type": "string"},
            "status": {"type": "string", "enum": ["open", "paid"]},
            "note": {"type": "string"},
            "lines": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"sku": {"type": "string"}, "qty": {"type": "integer"}},
                },
            },
        },
    },
}


def _load(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def _merge(base: Any, override: Any) -> Any:
    if not isinstance(base, dict) or not isinstance(override, dict):
        return copy.deepcopy(override)
    out = copy.deepcopy(base)
    for key, value in override.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = _merge(out.get(key), value) if key in out else copy.deepcopy(value)
    return out


def _contract(override: dict[str, Any] | None) -> Any:
    return contract_from_mapping(_merge(TEMPLATE, override or {}))


TABLES = {p.stem: _load(p) for p in sorted(CASES_DIR.glob("*.yaml"))}
CASES = [
    pytest.param(case, id=f"{stem}: {case['title']}")
    for stem, table in TABLES.items()
    for case in table["cases"]
]


def _run(case: dict[str, Any]) -> Any:
    released = tuple(
        Released(_contract(v), commit=f"c{i}", file="contracts/order.yaml")
        for i, v in enumerate(case.get("released") or ())
    )
    head = None if "head" in case and case["head"] is None else _contract(case.get("head"))
    as_of = case.get("as_of", date(2026, 12, 1))
    return check_contract(
        "test.order",
        head=head,
        head_file="contracts/order.yaml" if head is not None else None,
        released=released,
        as_of=as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of)),
        settings=GateSettings(**(case.get("settings") or {})),
        base_error=case.get("base_error"),
    )


def _shape(finding: Finding, wanted: dict[str, Any]) -> dict[str, Any]:
    got: dict[str, Any] = {
        "rule": finding.rule,
        "path": finding.path,
        "severity": finding.severity,
    }
    for key in ("consumers", "unread", "against", "change_rule", "paths"):
        if key in wanted:
            value = getattr(finding, key)
            got[key] = list(value) if isinstance(value, tuple) else value
    return got


@pytest.mark.parametrize("case", CASES)
def test_gate_case(case: dict[str, Any]) -> None:
    check = _run(case)
    expected = case["expected"]
    assert check.change == expected["change"]
    assert check.verdict == expected["verdict"]
    wanted = expected.get("findings") or []
    got = sorted(
        (_shape(f, w) for f, w in zip(check.findings, _align(check.findings, wanted), strict=True)),
        key=lambda d: (d["rule"], d["path"]),
    )
    assert got == sorted(wanted, key=lambda d: (d["rule"], d["path"]))


def _align(findings: tuple[Finding, ...], wanted: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The expectation each finding is compared with (same rule and path), so optional keys are
    read from the right one; unmatched findings compare with {} and fail the equality."""
    pool = list(wanted)
    out = []
    for f in findings:
        match = next((w for w in pool if w["rule"] == f.rule and w["path"] == f.path), {})
        if match:
            pool.remove(match)
        out.append(match)
    return out


def test_every_gate_rule_has_a_case_table() -> None:
    """One table per gate rule, each with a positive case (its rule reported) and a negative one;
    breaking-changes.yaml holds the breaks reported under their compatibility rules."""
    ids = {r.id for r in gate_rules()} - {"waiver-expired", "waiver-unused"}  # test_waivers.py
    assert set(TABLES) == ids | {"breaking-changes"}
    for stem, table in TABLES.items():
        assert table["rule"] == stem
        if stem == "breaking-changes":
            continue
        reported = [
            any(f["rule"] == stem for f in (c["expected"].get("findings") or []))
            for c in table["cases"]
        ]
        assert any(reported) and not all(reported), stem
