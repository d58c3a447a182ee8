"""How orders reached the OMS, and which orders carry which injected fault.

Every fault takes its orders from a pool of clean orders that nothing else has touched, so
the faults never overlap and each one's count is exactly what a scan must report. Counts are
drawn from the seeded generator within fixed ranges, so they differ between seeds but are
never zero (from :data:`~seamguard.core.simulate.stack.MIN_ORDERS` orders up).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from seamguard.core.simulate import money
from seamguard.core.simulate.orders import Order, OrderBook, refund_of

#: The value Shopify does not document for financial_status.
UNKNOWN_FINANCIAL_STATUS = "partially_voided"

# (low, high) count of each fault at the default scale. Set so that the default demo shows
# every status a report can give: a late-sync wave and a new enum value push two domains into
# warning, slow incident recovery is a breach, the rest stays healthy.
COUNTS: dict[str, tuple[int, int]] = {
    "duplicates": (4, 8),
    "late": (25, 35),
    "missing": (3, 6),
    "overdue": (4, 8),
    "unknown_status": (9, 14),
    "null_currency": (2, 4),
    "jpy_decimals": (1, 3),
    "over_limit": (1, 3),
    "tax_drift": (3, 6),
    "orphans": (1, 3),
    "out_of_order": (3, 6),
}


@dataclass
class OrderFaults:
    """The orders each fault was injected into, in storefront order."""

    duplicates: list[Order] = field(default_factory=list)
    late: list[Order] = field(default_factory=list)
    missing: list[Order] = field(default_factory=list)
    overdue: list[Order] = field(default_factory=list)
    in_flight: list[Order] = field(default_factory=list)
    unknown_status: list[Order] = field(default_factory=list)
    null_currency: list[Order] = field(default_factory=list)
    jpy_decimals: list[Order] = field(default_factory=list)
    over_limit: list[Order] = field(default_factory=list)
    tax_drift: list[Order] = field(default_factory=list)


def count(rng: random.Random, name: str) -> int:
    """The seeded count of one fault."""
    low, high = COUNTS[name]
    return rng.randint(low, high)


def plan_order_faults(rng: random.Random, book: OrderBook, as_of: datetime) -> OrderFaults:
    """Schedule every order's arrival in the OMS, then inject the order faults."""
    orders = book.orders
    _schedule_oms(rng, orders, as_of)
    plan = OrderFaults(in_flight=[o for o in orders if not o.oms_received])
    used: set[int] = {o.index for o in plan.in_flight}

    def age(o: Order) -> timedelta:
        return as_of - o.created_at

    def take(name: str, eligible: Callable[[Order], bool]) -> list[Order]:
        pool = [o for o in orders if o.index not in used and _clean(o) and eligible(o)]
        chosen = sorted(rng.sample(pool, min(count(rng, name), len(pool))), key=lambda o: o.index)
        used.update(o.index for o in chosen)
        return chosen

    hour = timedelta(hours=1)
    plan.duplicates = take("duplicates", lambda o: age(o) > 2 * hour)
    for o in plan.duplicates:
        # A webhook retried after a timeout the OMS did not deduplicate: a second order.
        o.oms_received.append(o.oms_received[0] + timedelta(seconds=rng.randint(3, 120)))
    plan.late = take("late", lambda o: age(o) > 4 * hour)
    for o in plan.late:
        o.oms_received = [o.created_at + timedelta(seconds=rng.randint(20 * 60, 3 * 3600))]
    plan.missing = take("missing", lambda o: age(o) > 25 * hour)
    plan.overdue = take("overdue", lambda o: timedelta(minutes=20) < age(o) < 23 * hour)
    for o in (*plan.missing, *plan.overdue):
        o.oms_received = []
    plan.unknown_status = take("unknown_status", lambda o: o.captured and not o.refunds)
    for o in plan.unknown_status:
        o.financial_status_override = UNKNOWN_FINANCIAL_STATUS
    plan.null_currency = take("null_currency", lambda o: age(o) > hour)
    for o in plan.null_currency:
        o.oms_currency_lost = True
    plan.jpy_decimals = take("jpy_decimals", lambda o: o.currency == "JPY" and age(o) > hour)
    for o in plan.jpy_decimals:
        # The storefront renders half a yen onto the total; the PSP charged the true amount.
        o.total_price_override = money.text(o.total, "JPY") + ".50"
    plan.over_limit = take(
        "over_limit", lambda o: o.captured and not o.refunds and age(o) > 3 * hour
    )
    for o in plan.over_limit:
        _refund_twice(rng, o, as_of)
    plan.tax_drift = take(
        "tax_drift",
        lambda o: (
            age(o) > hour and o.discount == 0 and len(o.lines) > 1 and o.per_line_tax() != o.tax
        ),
    )
    for o in plan.tax_drift:
        o.erp_tax_per_line = True
    return plan


def _clean(o: Order) -> bool:
    return (
        len(o.oms_received) == 1
        and o.financial_status_override is None
        and o.total_price_override is None
        and not o.oms_currency_lost
        and not o.erp_tax_per_line
    )


def _schedule_oms(rng: random.Random, orders: list[Order], as_of: datetime) -> None:
    # Webhook to OMS takes seconds to a few minutes at peak; whatever would land after as_of
    # has not arrived yet. The newest order is always still on its way, so the in-flight
    # condition exists at every seed.
    for o in orders:
        received = o.created_at + timedelta(seconds=rng.randint(5, 360))
        o.oms_received = [received] if received <= as_of else []
    if orders:
        orders[-1].oms_received = []


def _refund_twice(rng: random.Random, order: Order, as_of: datetime) -> None:
    # The same partial refund issued from two tools (the shop admin and the PSP dashboard):
    # each is plausible alone, together they return more than was charged.
    share = Decimal(rng.randint(55, 90)) / 100
    amount = money.quantize(order.total * share, order.currency)
    age = as_of - order.created_at
    first = order.created_at + timedelta(seconds=rng.randint(3600, 2 * 3600))
    second = first + timedelta(
        seconds=rng.randint(60, int((age - timedelta(hours=2, minutes=15)).total_seconds()))
    )
    order.refunds.extend([refund_of(rng, first, amount), refund_of(rng, second, amount)])
