"""The few gate messages whose content is the point: they say what to change."""

from __future__ import annotations

from datetime import date

from seamguard.core.gate.check import check_contract
from seamguard.core.gate.subject import GateSettings, Released
from tests.core.gate.test_gate_cases import _contract


def _findings(base: dict[str, object], head: dict[str, object]) -> dict[str, str]:
    check = check_contract(
        "test.order",
        head=_contract(head),
        head_file="contracts/order.yaml",
        released=(Released(_contract(base), commit="c0", file="contracts/order.yaml"),),
        as_of=date(2026, 12, 1),
        settings=GateSettings(),
    )
    return {f.rule: f.message for f in check.findings}


def test_version_unchanged_names_the_keys_that_changed() -> None:
    found = _findings({}, {"title": "Order v2", "consumers": [{"system": "erp", "reads": ["/id"]}]})
    assert "the contract changed (title, consumers)" in found["version-unchanged"]


def test_a_break_says_what_it_means_for_whom() -> None:
    found = _findings(
        {}, {"version": "2.0.0", "schema": {"properties": {"status": {"enum": ["open"]}}}}
    )
    assert found["enum-value-removed"].endswith(": data valid under 1.0.0 may fail the new version")


def test_for_0x_the_bump_asked_for_is_the_minor() -> None:
    found = _findings(
        {"version": "0.3.0"},
        {"version": "0.3.1", "schema": {"properties": {"total": {"type": "integer"}}}},
    )
    assert "does not bump the minor (0.x)" in found["major-bump-required"]
