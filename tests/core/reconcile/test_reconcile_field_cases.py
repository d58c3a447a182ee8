"""Field cases from ../shared/cases/field-cases.jsonl, replayed through the engine.

The file is read at run time, never copied: it is the record of failures seen in the field, and
the test must follow it if it is corrected.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from seamguard.core.reconcile.engine import Rec, reconcile
from seamguard.core.reconcile.spec import CompareField, FlowSpec


def field_case(shared_dir: Path, case_id: str) -> dict[str, Any]:
    path = shared_dir / "cases" / "field-cases.jsonl"
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                # parse_float keeps any money exact, as the source readers do.
                case = json.loads(line, parse_float=Decimal)
                if case["id"] == case_id:
                    return dict(case)
    pytest.fail(f"{case_id} not found in {path}")


def test_fc24_paid_payments_without_an_order(shared_dir: Path) -> None:
    """FC-24: Stripe payments compared with the shop's order table.

    Mapping onto our classes: FC-24's ``order_missing`` (paid, no order after 24 h) is our
    ``missing``; "within grace, not yet flagged" (younger than 15 min) is our ``in_flight``,
    which would turn ``overdue`` after the sla ("order_late" in FC-24's words for an order that
    has still not arrived) and ``missing`` after 24 h. The OMS table carries no arrival time,
    so a matched payment is simply ``matched``.
    """
    case = field_case(shared_dir, "FC-24")
    data = case["input"]
    spec = FlowSpec(
        name="payment-to-order",
        domain="financial_event_integrity",
        from_source="psp.payments",
        to_source="oms.orders",
        key_from="/metadata/order_ref",
        key_to="/ref",
        compare=(
            CompareField(
                from_path="/amount",
                to_path="/total",
                as_="money",
                from_minor_units=True,
                currency="/currency",
            ),
        ),
        time_from="/created",
        sla=timedelta(minutes=data["late_after_minutes"]),
        missing_after=timedelta(hours=data["missing_after_hours"]),
    )
    payments = data["psp_payments"]
    from_records = [Rec(n, doc) for n, doc in enumerate(payments, start=1)]
    to_records = [Rec(n, doc) for n, doc in enumerate(data["oms_orders"], start=1)]
    now = datetime.fromisoformat(data["as_of"])

    result = reconcile(spec, from_records, to_records, now)

    kind_of = {
        payments[d.from_record - 1]["id"]: d.kind for d in result.discrepancies if d.from_record
    }
    assert kind_of == {"pi_FAKE01": "missing", "pi_FAKE03": "in_flight"}
    # pi_FAKE02 has no finding at all: matched, and 1000 minor USD == "10.00".
    counts = result.counts
    assert (counts.matched, counts.missing, counts.in_flight) == (1, 1, 1)
    assert (counts.overdue, counts.late, counts.orphaned, counts.mismatched) == (0, 0, 0, 0)
    missing = next(d for d in result.discrepancies if d.kind == "missing")
    assert (missing.key, missing.from_value) == ("ORD-A", "2020-07-15T19:07:46Z")

    # Ten minutes later the grace period is over and the payment is flagged overdue.
    later = reconcile(spec, from_records, to_records, now + timedelta(minutes=10))
    assert [d.kind for d in later.discrepancies if d.key == "ORD-C"] == ["overdue"]
