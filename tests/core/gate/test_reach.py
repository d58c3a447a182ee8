"""A change in a shared definition reaches more paths than the engine lists (it stops at 16):
the gate still finds the consumers and waivers among the ones left out."""

from __future__ import annotations

from datetime import date
from typing import Any

from seamguard.core.contract import contract_from_mapping
from seamguard.core.gate.check import check_contract
from seamguard.core.gate.model import Waiver
from seamguard.core.gate.subject import GateSettings, Released
from seamguard.core.gate.waivers import apply_waivers


def _order(version: str, pattern: str, reads: list[str]) -> Any:
    return contract_from_mapping(
        {
            "id": "test.order",
            "version": version,
            "title": "Order",
            "owner": {"team": "oms"},
            "domain": "orders",
            "criticality": "high",
            "consumers": [{"system": "ledger", "reads": reads}],
            "schema": {
                "type": "object",
                "$defs": {"money": {"type": "string", "pattern": pattern}},
                "properties": {
                    f"p{i:02d}": {
                        "type": "object",
                        "properties": {"price": {"$ref": "#/$defs/money"}},
                    }
                    for i in range(24)
                },
            },
        }
    )


def _check(reads: list[str], probe: tuple[str, ...] = (), unread: str = "warning") -> Any:
    return check_contract(
        "test.order",
        head=_order("2.0.0", "^[0-9]+\\.[0-9]{2}$", reads),
        head_file="contracts/order.yaml",
        released=(
            Released(_order("1.0.0", "^[0-9.]+$", reads), commit="c0", file="contracts/order.yaml"),
        ),
        as_of=date(2026, 12, 1),
        settings=GateSettings(unread_breaking=unread),  # type: ignore[arg-type]
        probe_paths=probe,
    )


def test_the_engine_lists_only_some_paths() -> None:
    (finding,) = _check(["/p00/price"]).findings
    assert finding.rule == "pattern-changed"
    assert "/p23/price" not in finding.paths[:16]


def test_a_consumer_reading_a_path_left_out_is_named_and_the_break_stays_an_error() -> None:
    (finding,) = _check(["/p23/price"]).findings
    assert finding.consumers == ("ledger",)
    assert finding.unread is False
    assert finding.severity == "error"
    assert "/p23/price" in finding.paths


def test_a_read_below_the_changed_node_counts_too() -> None:
    (finding,) = _check(["/p22/price/anything"]).findings
    assert finding.consumers == ("ledger",)


def test_nobody_reading_a_truncated_change_is_not_called_unread() -> None:
    (finding,) = _check(["/elsewhere"]).findings
    assert finding.consumers == ()
    assert finding.unread is False and finding.severity == "error"


def test_a_waiver_on_a_path_left_out_waives_it() -> None:
    check = _check(["/elsewhere"], probe=("/p21/price",))
    waiver = Waiver(
        rule="pattern-changed",
        contract="test.order",
        path="/p21/price",
        reason="ledger agreed",
        expires=date(2027, 1, 31),
    )
    (waived,), about = apply_waivers([check], [waiver], as_of=date(2026, 12, 1))
    assert waived.verdict == "pass" and about == ()
