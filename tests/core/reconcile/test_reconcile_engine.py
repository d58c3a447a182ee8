"""Engine behaviour the case tables cannot express: refused specs, the clock, output shape, size."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from seamguard.core.reconcile.engine import KINDS, FlowCounts, Rec, reconcile
from seamguard.core.reconcile.spec import CompareField, FlowSpec, Limit
from seamguard.errors import ConfigError

NOW = datetime(2024, 5, 2, 12, 0, tzinfo=UTC)
SPEC = FlowSpec(
    name="order-sync",
    domain="order_sync_continuity",
    from_source="storefront.orders",
    to_source="oms.orders",
    key_from="/id",
    key_to="/external_id",
    time_from="/created_at",
    time_to="/received_at",
    compare=(
        CompareField("/total_price", "/total", as_="money"),
        CompareField("/currency", "/currency", as_="casefold"),
    ),
)


def test_kinds_are_in_report_order() -> None:
    assert KINDS == (
        "late", "in_flight", "overdue", "missing", "orphaned", "duplicated", "mismatched",
        "over_limit", "unkeyed",
    )  # fmt: skip


def test_counts_dict_is_stable() -> None:
    assert list(FlowCounts().as_dict()) == [
        "matched", "late", "in_flight", "overdue", "missing", "orphaned", "duplicated",
        "mismatched", "over_limit", "unkeyed", "latency_unknown", "from_records", "to_records",
    ]  # fmt: skip


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        reconcile(SPEC, [], [], datetime(2024, 5, 2, 12, 0))


@pytest.mark.parametrize(
    "change",
    [
        {"cardinality": "many_to_many"},
        {"compare": (CompareField("/a", "/b", as_="fuzzy"),)},
        {"compare": (CompareField("/a", "/b", as_="money", to_minor_units=True),)},
        {"limit": Limit("/a", "/b", from_minor_units=True)},
        {"sla": timedelta(hours=2), "missing_after": timedelta(hours=1)},
    ],
    ids=["cardinality", "compare-mode", "minor-without-currency", "limit-minor", "windows"],
)
def test_inconsistent_spec_is_a_config_error(change: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        reconcile(replace(SPEC, **change), [], [], NOW)  # type: ignore[arg-type]


def test_empty_sides() -> None:
    result = reconcile(SPEC, [], [], NOW)
    assert result.counts == FlowCounts()
    assert result.discrepancies == ()
    assert result.latency_p50_seconds is None
    assert dict(result.mismatched_fields) == {"/total_price->/total": 0, "/currency": 0}


def _stack(n: int) -> tuple[list[Rec], list[Rec]]:
    """``n`` orders and the OMS copies, with a sprinkle of every fault."""
    base = datetime(2024, 5, 1, tzinfo=UTC)
    froms: list[Rec] = []
    tos: list[Rec] = []
    for i in range(n):
        created = base + timedelta(seconds=7 * i)
        doc = {"id": 5_100_000_000_000 + i, "created_at": created.isoformat(),
               "total_price": f"{i % 997}.{i % 100:02d}", "currency": "EUR"}  # fmt: skip
        froms.append(Rec(i + 1, doc))
        if i % 50 == 7:
            continue  # never arrived
        lag = timedelta(seconds=60 if i % 40 else 3600)
        total = Decimal(f"{i % 997}.{i % 100:02d}") + (Decimal("0.01") if i % 333 == 0 else 0)
        tos.append(Rec(len(tos) + 1, {
            "external_id": str(5_100_000_000_000 + i),
            "received_at": (created + lag).isoformat().replace("+00:00", "Z"),
            "total": total, "currency": "eur",
        }))  # fmt: skip
    return froms, tos


def test_output_is_json_ready_and_deterministic() -> None:
    froms, tos = _stack(500)
    first = reconcile(SPEC, froms, tos, NOW)
    second = reconcile(SPEC, list(reversed(froms)), list(reversed(tos)), NOW)
    text = json.dumps(first.as_dict(), sort_keys=False)
    assert text == json.dumps(second.as_dict(), sort_keys=False)
    counts = first.counts
    assert counts.late > 0 and counts.mismatched > 0 and counts.missing + counts.overdue > 0
    assert first.mismatched_fields["/currency"] == 0


def test_ten_thousand_records_per_side() -> None:
    """A routine flow size: every record is classified (timing lives in bench/, not here)."""
    froms, tos = _stack(10_000)
    result = reconcile(SPEC, froms, tos, NOW)
    assert result.counts.from_records == 10_000
