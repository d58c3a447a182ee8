"""The ERP: imports OMS orders in 15-minute batches, plus orders keyed in by hand."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from seamguard.core.simulate import canonical, clock, money
from seamguard.core.simulate.catalog import Product, list_price
from seamguard.core.simulate.markets import Customer
from seamguard.core.simulate.model import Record
from seamguard.core.simulate.oms import OmsCopy
from seamguard.core.simulate.topology import ERP_BATCH_INTERVAL


@dataclass(frozen=True)
class ErpOrders:
    """The ERP's order export and what it says about the flow from the OMS.

    ``pending``: OMS copies whose import batch had not finished by ``as_of`` (in flight);
    ``orphans``: order ids of ERP orders with no OMS order; ``drifted``: OMS copies the ERP
    booked with tax rounded per line.
    """

    records: list[Record]
    pending: list[OmsCopy]
    orphans: list[str]
    drifted: list[OmsCopy]


def _batch_start(received: datetime) -> datetime:
    """The first batch boundary strictly after ``received`` (boundaries are epoch-aligned)."""
    step = int(ERP_BATCH_INTERVAL.total_seconds())
    since = clock.epoch(received)
    return clock.EPOCH + timedelta(seconds=(since // step + 1) * step)


def import_orders(
    rng: random.Random,
    copies: list[OmsCopy],
    as_of: datetime,
    *,
    orphans: int,
    catalog: list[Product],
    customers: list[Customer],
) -> ErpOrders:
    """Import every OMS copy whose batch has run by ``as_of``; add ``orphans`` phone orders."""
    runs: dict[datetime, datetime] = {}
    position: dict[datetime, int] = {}
    entries: list[tuple[datetime, str, Record]] = []
    pending: list[OmsCopy] = []
    drifted: list[OmsCopy] = []
    for c in copies:
        boundary = _batch_start(c.received_at)
        if boundary not in runs:
            runs[boundary] = boundary + timedelta(seconds=rng.randint(20, 90))
            position[boundary] = 0
        position[boundary] += 1
        imported = runs[boundary] + timedelta(seconds=position[boundary])
        if imported > as_of:
            pending.append(c)
            continue
        tax = c.order.per_line_tax() if c.order.erp_tax_per_line else None
        if tax is not None:
            drifted.append(c)
        # The ERP keeps the billing address for invoicing; shipping is the OMS's business.
        record = canonical.order_record(
            c.order, c.order_id, imported, tax=tax, with_shipping_address=False
        )
        entries.append((imported, c.order_id, record))
    orphan_ids: list[str] = []
    us = [c for c in customers if c.market.country_code == "US"]
    active = [p for p in catalog if p.status == "active"]
    numbers = rng.sample(range(100_000, 1_000_000), orphans)
    for n in numbers:
        imported, record = _phone_order(rng, n, as_of, rng.choice(us), active)
        orphan_ids.append(record["order_id"])
        entries.append((imported, record["order_id"], record))
    entries.sort(key=lambda e: (e[0], e[1]))
    return ErpOrders(
        records=[e[2] for e in entries],
        pending=pending,
        orphans=sorted(orphan_ids),
        drifted=drifted,
    )


def _phone_order(
    rng: random.Random, number: int, as_of: datetime, customer: Customer, active: list[Product]
) -> tuple[datetime, Record]:
    # Taken by phone and keyed straight into the ERP: a valid order the OMS never saw.
    code = customer.market.currency
    created = as_of - timedelta(seconds=rng.randint(2 * 3600, 70 * 3600))
    imported = created + timedelta(seconds=rng.randint(60, 600))
    products = rng.sample(active, rng.randint(1, 3))
    lines = [
        {
            "line_id": f"{number}-{i + 1}",
            "sku": p.sku,
            "title": p.name,
            "quantity": 1,
            "unit_price": money.text(list_price(p.usd_price, customer.market), code),
            "line_total": money.text(list_price(p.usd_price, customer.market), code),
        }
        for i, p in enumerate(products)
    ]
    subtotal = sum((list_price(p.usd_price, customer.market) for p in products), money.ZERO)
    tax = money.quantize(subtotal * customer.city.tax_rate, code)
    shipping = customer.market.shipping[0][2]
    record: Record = {
        "order_id": f"ERP-{number}",
        "external_id": f"PHONE-{created:%Y%m%d}-{number % 1000:03d}",
        "order_number": f"P-{number}",
        "source_system": "phone",
        "status": "processing",
        "currency": code,
        "subtotal": money.text(subtotal, code),
        "discount_total": money.text(money.ZERO, code),
        "tax_total": money.text(tax, code),
        "shipping_total": money.text(shipping, code),
        "total": money.text(subtotal + tax + shipping, code),
        "created_at": clock.utc(created),
        "received_at": clock.utc(imported),
        "updated_at": clock.utc(imported),
        "lines": lines,
        "customer": canonical.customer(customer),
        "billing_address": canonical.address(customer),
    }
    return imported, record
