"""The incident history (seamguard.incident): a dozen past incidents over the last 60 days.

Times to acknowledge and resolve follow severity the way on-call rotations usually manage:
a sev2 is acknowledged in minutes and fixed within hours, a sev4 can wait days. The newest
incident is still open (acknowledged, not resolved).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from seamguard.core.simulate import clock, money
from seamguard.core.simulate.model import Record
from seamguard.core.simulate.topology import (
    ERP_SYNC,
    INVENTORY_SYNC,
    ORDER_SYNC,
    PRODUCT_SYNC,
    REFUND_LIMIT,
    STOREFRONT_ORDERS,
)

# (domain, title, owner team, severity, flow, source, impact currency or None)
_INCIDENTS: tuple[tuple[str, str, str, str, str | None, str | None, str | None], ...] = (
    (
        "order_sync_continuity",
        "OMS webhook consumer stalled after a deploy; orders queued",
        "oms-integration",
        "sev2",
        ORDER_SYNC,
        None,
        "USD",
    ),
    (
        "schema_change_resilience",
        "Shopify API version bump changed a field the OMS mapping reads",
        "storefront-integration",
        "sev2",
        None,
        STOREFRONT_ORDERS,
        None,
    ),
    (
        "financial_event_integrity",
        "Refunds issued twice from the shop admin and the PSP dashboard",
        "payments",
        "sev2",
        REFUND_LIMIT,
        None,
        "EUR",
    ),
    (
        "product_inventory_consistency",
        "Stale inventory levels applied out of order; oversold SKUs",
        "supply-chain",
        "sev2",
        INVENTORY_SYNC,
        None,
        "USD",
    ),
    (
        "order_sync_continuity",
        "Duplicate orders created by webhook retries",
        "oms-integration",
        "sev3",
        ORDER_SYNC,
        None,
        None,
    ),
    (
        "financial_event_integrity",
        "Tax rounded per line in the ERP, per order in the OMS",
        "erp-integration",
        "sev3",
        ERP_SYNC,
        None,
        "GBP",
    ),
    (
        "product_inventory_consistency",
        "PIM price export skipped the EU catalog",
        "catalog",
        "sev3",
        PRODUCT_SYNC,
        None,
        None,
    ),
    (
        "recovery_efficiency",
        "No replay tooling: quarantined orders re-keyed by hand",
        "platform-reliability",
        "sev4",
        None,
        None,
        None,
    ),
    (
        "order_sync_continuity",
        "ERP import batch failed silently overnight",
        "erp-integration",
        "sev2",
        ERP_SYNC,
        None,
        "USD",
    ),
    (
        "financial_event_integrity",
        "JPY totals rendered with decimals after a theme update",
        "storefront-integration",
        "sev3",
        None,
        STOREFRONT_ORDERS,
        "JPY",
    ),
    (
        "schema_change_resilience",
        "Stripe payload change broke refund ingestion",
        "payments-integration",
        "sev3",
        REFUND_LIMIT,
        None,
        None,
    ),
    (
        "product_inventory_consistency",
        "New warehouse location missing from the OMS mapping",
        "supply-chain",
        "sev3",
        INVENTORY_SYNC,
        None,
        None,
    ),
)

#: Owner teams the incidents name (the workspace must list them under owners:).
OWNERS = tuple(sorted({i[2] for i in _INCIDENTS}))

# Minutes to acknowledge and to resolve, per severity.
_ACK = {"sev2": (2, 15), "sev3": (10, 60), "sev4": (60, 600)}
_RESOLVE = {"sev2": (60, 6 * 60), "sev3": (4 * 60, 30 * 60), "sev4": (24 * 60, 4 * 24 * 60)}


def _impact(rng: random.Random, code: str | None) -> dict[str, str] | None:
    if code is None:
        return None
    major = Decimal(rng.randint(200, 25_000))
    if money.exponent(code):
        major += Decimal(rng.randint(0, 99)) / 100
    if code == "JPY":
        major *= 150
    return {"amount": money.text(major, code), "currency": code}


def incident_records(rng: random.Random, as_of: datetime) -> list[Record]:
    """The incident history, oldest first."""
    # Days ago, newest last; the newest (still open) within the last two days, the others
    # early enough to have been resolved by as_of.
    days = [*sorted(rng.sample(range(5, 60), len(_INCIDENTS) - 1), reverse=True), 1]
    order = list(range(len(_INCIDENTS)))
    rng.shuffle(order)
    out: list[Record] = []
    for n, (i, day) in enumerate(zip(order, days, strict=True)):
        domain, title, owner, severity, flow, source, code = _INCIDENTS[i]
        opened = as_of - timedelta(days=day, seconds=rng.randint(0, 86_399))
        acked = opened + timedelta(minutes=rng.randint(*_ACK[severity]))
        still_open = n == len(days) - 1
        resolved = (
            None if still_open else acked + timedelta(minutes=rng.randint(*_RESOLVE[severity]))
        )
        out.append(
            {
                "id": f"INC-{1040 + n}",
                "domain": domain,
                "title": title,
                "owner": owner,
                "severity": severity,
                "opened_at": clock.utc(opened),
                "acknowledged_at": clock.utc(acked),
                "resolved_at": clock.utc(resolved) if resolved else None,
                "effort_hours": format(Decimal(rng.randint(1, 48)) / 2, "f"),
                "impact": _impact(rng, code),
                "flow": flow,
                "source": source,
            }
        )
    return out
