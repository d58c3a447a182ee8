"""The diff use case: contracts are compared as contracts, anything else as schemas, and every
change can be placed at file:line:col on the side it belongs to."""

from __future__ import annotations

from pathlib import Path

import pytest

from seamguard.app.diff import run_diff
from seamguard.errors import ContractError, NotFoundError

CONTRACT = """\
id: acme.order
version: "{version}"
title: Order
owner: {{team: oms}}
domain: orders
criticality: high
rules:
{rules}
schema:
  type: object
  required: [id, total, currency]
  properties:
    id: {{type: string}}
    total: {{type: string}}
    currency: {{type: string}}
{extra}
"""

MONEY = "  - {id: total-money, kind: money, amount: /total, currency: /currency}"
UNIQUE = "  - {id: one-id, kind: unique, paths: [/id]}"


def _contract(
    path: Path, *, rules: tuple[str, ...] = (MONEY,), extra: str = "", version: str = "1.0.0"
) -> Path:
    path.write_text(
        CONTRACT.format(version=version, rules="\n".join(rules), extra=extra), encoding="utf-8"
    )
    return path


def test_two_contracts_are_diffed_as_contracts(tmp_path: Path) -> None:
    old = _contract(tmp_path / "v1.yaml")
    new = _contract(tmp_path / "v2.yaml", rules=(MONEY, UNIQUE), version="1.1.0")
    outcome = run_diff(old, new, mode="backward", policy="lenient")
    assert outcome.as_contracts
    assert outcome.old.contract is not None and outcome.new.contract is not None
    # A semantic rule added tightens what NEW accepts: a backward break only contracts show.
    assert not outcome.result.compatible
    assert any("backward" in c.breaks for c in outcome.result.changes)


def test_contract_and_bare_schema_diff_the_schemas(tmp_path: Path) -> None:
    old = _contract(tmp_path / "v1.yaml", rules=(UNIQUE,))
    new = tmp_path / "v2.json"
    new.write_text(
        '{"type": "object", "required": ["id", "total", "currency"],\n'
        ' "properties": {"id": {"type": "string"}, "total": {"type": "string"},\n'
        '                "currency": {"type": "string"}}}\n',
        encoding="utf-8",
    )
    outcome = run_diff(old, new, mode="full", policy="strict")
    assert not outcome.as_contracts
    assert outcome.result.compatible, outcome.result.changes  # the rules are not compared
    assert (outcome.result.mode, outcome.result.policy) == ("full", "strict")


def test_changes_are_placed_in_the_side_they_belong_to(tmp_path: Path) -> None:
    old = _contract(tmp_path / "v1.yaml", extra="    note: {type: string}")
    new = _contract(tmp_path / "v2.yaml", extra="    status: {enum: [open]}")
    outcome = run_diff(old, new, old_display="v1.yaml", new_display="v2.yaml", policy="strict")
    by_path = {c.path: c for c in outcome.result.changes}
    added = outcome.location_of(by_path["/status"])
    removed = outcome.location_of(by_path["/note"])
    assert (added.file, added.line) == ("v2.yaml", 16)
    assert (removed.file, removed.line) == ("v1.yaml", 16)
    assert added.pointer is not None and added.pointer.startswith("/schema/properties/status")


def test_loading_errors_propagate(tmp_path: Path) -> None:
    good = _contract(tmp_path / "v1.yaml")
    with pytest.raises(NotFoundError):
        run_diff(good, tmp_path / "missing.yaml")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(ContractError):
        run_diff(tmp_path / "bad.json", good)
