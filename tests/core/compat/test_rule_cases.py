"""Every compatibility rule, case by case (tests/cases/compat/<rule-id>.yaml).

A case file is named after its rule and holds::

    title: what the rule is about
    rule: <rule id>
    cases:
      - title: what the case shows
        policy: strict            # optional; lenient by default
        old: {...}                # JSON Schemas (or, for semantic rules, old_rules/new_rules:
        new: {...}                #   the rules of two otherwise equal contracts)
        expected:                 # every change, asserted on id, pointer, path and breaks
          - {rule: ..., pointer: ..., path: ..., breaks: [backward]}

Each file has a positive case, a negative one (no change of that rule) and the other direction.
Messages are never asserted on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from seamguard.core.compat.engine import diff_contracts, diff_schemas
from seamguard.core.compat.model import DiffResult
from seamguard.core.compat.rules import CATALOG, rule_info
from seamguard.core.contract import contract_from_mapping

CASES_DIR = Path(__file__).resolve().parents[2] / "cases" / "compat"


def _load(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


TABLES = {p.stem: _load(p) for p in sorted(CASES_DIR.glob("*.yaml"))}
CASES = [
    pytest.param(stem, case, id=f"{stem}: {case['title']}")
    for stem, table in TABLES.items()
    for case in table["cases"]
]


def _contract(rules: list[dict[str, Any]], schema: Any) -> Any:
    return contract_from_mapping(
        {
            "id": "test.case",
            "version": "1.0.0",
            "title": "case",
            "owner": {"team": "t"},
            "domain": "orders",
            "criticality": "standard",
            "schema": schema if schema is not None else {"type": "object"},
            "rules": rules,
        }
    )


def run(case: dict[str, Any]) -> DiffResult:
    policy = case.get("policy", "lenient")
    if "old_rules" in case or "new_rules" in case:
        old = _contract(case.get("old_rules", []), case.get("old"))
        new = _contract(case.get("new_rules", []), case.get("new"))
        return diff_contracts(old, new, mode="full", policy=policy)
    return diff_schemas(case["old"], case["new"], mode="full", policy=policy)


def _key(item: dict[str, Any]) -> tuple[str, str, str, tuple[str, ...]]:
    return (item["rule"], item["pointer"], item["path"], tuple(item["breaks"]))


@pytest.mark.parametrize(("stem", "case"), CASES)
def test_case(stem: str, case: dict[str, Any]) -> None:
    result = run(case)
    got = sorted(
        _key({"rule": c.rule, "pointer": c.pointer, "path": c.path, "breaks": c.breaks})
        for c in result.changes
    )
    assert got == sorted(_key(e) for e in case["expected"])
    assert result.compatible == (not any(e["breaks"] for e in case["expected"]))


def test_every_catalog_rule_has_a_table_and_every_table_names_one() -> None:
    ids = {rule.RULE.id for rule in CATALOG}
    assert set(TABLES) == ids
    for stem, table in TABLES.items():
        assert table["rule"] == stem
        assert rule_info(stem).id == stem


@pytest.mark.parametrize("stem", sorted(TABLES))
def test_each_table_shows_the_rule_and_a_case_without_it(stem: str) -> None:
    cases = TABLES[stem]["cases"]
    assert len(cases) >= 3
    assert any(any(e["rule"] == stem for e in c["expected"]) for c in cases)
    assert any(all(e["rule"] != stem for e in c["expected"]) for c in cases)
    assert any(c["title"].startswith("other direction") for c in cases)
