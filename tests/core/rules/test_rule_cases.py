"""The semantic rule kinds, case by case (tests/cases/rules/*.yaml), through the real engine.

A case file is named after its rule kind (``money_conventions`` is the money kind) and holds::

    - title: what the case shows
      input:
        rule: {...}          # the rule's parameters; a null removes a default
        doc: {...}           # a document (YAML floats load as exact Decimals), or
        raw: '{...}'         # its JSON text (parsed exactly, like a record), or
        records: [...]       # batch kinds: documents fed in order as records 1, 2, ...
        money: [...]         # extra money rules in the contract (same_currency's derived form)
      expected: [[rule, path], ...]           # batch kinds: [[record, rule, path], ...]
      values: ["105.00", ...]                 # numbers the findings must state
      first: 1                                # batch kinds: the record each duplicate names

Asserted on finding ids, paths, record numbers and the numbers findings carry, not on wording.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor

from seamguard.core.canon import json_ready
from seamguard.core.contract import contract_from_mapping
from seamguard.core.validation.engine import CompiledContract, compile_contract
from seamguard.core.validation.rules import BATCH_COMPILERS
from seamguard.core.validation.verdict import Violation

CASES_DIR = Path(__file__).resolve().parents[2] / "cases" / "rules"

# Parameters every case of a file starts from (a case's `rule` is merged over them).
DEFAULTS: dict[str, dict[str, Any]] = {
    "money_conventions": {"kind": "money", "amount": "/amount", "currency": "/currency"},
    "provider_amount": {
        "kind": "provider_amount",
        "amount": "/order/total",
        "currency": "/order/currency",
        "provider_amount": "/payment/amount",
        "provider_currency": "/payment/currency",
    },
}


class _ExactConstructor(SafeConstructor):
    """Safe loading with floats as exact Decimals, as the JSON readers hand them over."""


_ExactConstructor.add_constructor(
    "tag:yaml.org,2002:float", lambda c, node: Decimal(c.construct_scalar(node))
)


def _load(path: Path) -> Any:
    yaml = YAML(typ="safe")
    yaml.Constructor = _ExactConstructor
    return yaml.load(path)


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in _load(path):
            params.append(pytest.param(path.stem, case, id=f"{path.stem}: {case['title']}"))
    return params


def contract_with(rules: list[dict[str, Any]], schema: Any = None) -> CompiledContract:
    """A minimal contract holding ``rules``, compiled."""
    return compile_contract(
        contract_from_mapping(
            {
                "id": "test.rules",
                "version": "1.0.0",
                "title": "t",
                "owner": {"team": "t"},
                "domain": "orders",
                "criticality": "high",
                "schema": schema if schema is not None else {"type": "object"},
                "rules": rules,
            }
        )
    )


def _rule(stem: str, case: dict[str, Any]) -> dict[str, Any]:
    rule: dict[str, Any] = {"id": "r", "kind": stem, **DEFAULTS.get(stem, {})}
    rule.update(case["input"].get("rule") or {})
    return {k: v for k, v in rule.items() if v is not None}


def _assert_values(found: list[Violation], case: dict[str, Any]) -> None:
    """Each value is stated by the first finding (or, for several findings, by one of them)."""
    stated = found[0].message if len(found) == 1 else " | ".join(v.message for v in found)
    for value in case.get("values", ()):
        assert found, "values given but nothing found"
        assert str(value) in stated, f"{value!r} not stated in {stated!r}"


@pytest.mark.parametrize(("stem", "case"), _cases())
def test_rule_case(stem: str, case: dict[str, Any]) -> None:
    rule = _rule(stem, case)
    money = [
        {"id": f"m{i}", "kind": "money", **m} for i, m in enumerate(case["input"].get("money", ()))
    ]
    compiled = contract_with([*money, rule])
    if rule["kind"] in BATCH_COMPILERS:
        assert not compiled.rules or money, "a batch kind must not run per document"
        records = [(n, d) for n, d in enumerate(case["input"]["records"], start=1)]
        findings = compiled.check_batch(records)
        got = sorted([f.record, f.violation.rule, f.violation.path] for f in findings)
        assert got == sorted(case["expected"])
        assert all(f.violation.rule_id == "r" for f in findings)
        if "first" in case:
            for f in findings:
                assert f"of record {case['first']}" in f.violation.message
        _assert_values([f.violation for f in findings], case)
        return
    raw = case["input"].get("raw")
    if raw is None:
        raw = json.dumps(json_ready(case["input"]["doc"]))
    verdict = compiled.check_bytes(raw, record=1)
    mine = [v for v in verdict.violations if v.rule_id == "r"]
    assert sorted([v.rule, v.path] for v in mine) == sorted(case["expected"])
    assert all(v.schema_pointer == f"/rules/{len(money)}" for v in mine)
    assert verdict.valid == (not verdict.violations)
    _assert_values(mine, case)
