"""The money rule, case by case (tests/cases/validate/money.yaml), through the real engine."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from seamguard.core.contract import contract_from_mapping
from seamguard.core.validation.engine import compile_contract

CASES = Path(__file__).resolve().parents[1] / "cases" / "validate" / "money.yaml"


def _cases() -> list[dict[str, Any]]:
    return list(YAML(typ="safe").load(CASES.read_text(encoding="utf-8")))


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["title"])
def test_money_rule(case: dict[str, Any]) -> None:
    rule: dict[str, Any] = {
        "id": "m",
        "kind": "money",
        "amount": "/amount",
        "currency": "/currency",
    }
    rule.update(case["input"].get("rule") or {})
    rule = {k: v for k, v in rule.items() if v is not None}
    contract = contract_from_mapping(
        {
            "id": "test.money",
            "version": "1.0.0",
            "title": "t",
            "owner": {"team": "t"},
            "domain": "payments",
            "criticality": "high",
            "schema": {"type": "object"},
            "rules": [rule],
        }
    )
    compiled = compile_contract(contract)
    raw = case["input"].get("raw") or json.dumps(case["input"]["doc"])
    verdict = compiled.check_bytes(raw, record=1)
    found = sorted([v.rule, v.path] for v in verdict.violations)
    assert found == sorted(case["expected"])
    assert verdict.valid == (not case["expected"])
    assert all(v.rule_id == "m" for v in verdict.violations)


def test_more_places_than_the_default_decimal_context_holds_are_counted() -> None:
    from seamguard.core.canon import decimal_places

    assert decimal_places(Decimal("1.00000000000000000000000000001")) == 29
    assert decimal_places(Decimal("18.600")) == 1
