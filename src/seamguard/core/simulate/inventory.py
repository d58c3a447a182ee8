"""Inventory: the storefront's InventoryLevel stream and the OMS and ERP snapshots built from it.

Each SKU is stocked at one location. Updates of one SKU are at least a minute apart and
delivered within seconds, so the stream arrives in order except where the out-of-order fault
delays an older snapshot past a newer one. The ERP keeps the newest level per SKU (it
compares updated_at); the OMS applies updates in arrival order, so after a late, older
snapshot it holds a stale level. That is the whole difference between the two snapshots.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from seamguard.core.simulate import clock
from seamguard.core.simulate.catalog import Product
from seamguard.core.simulate.model import Record
from seamguard.core.simulate.storefront import inventory_level


@dataclass(frozen=True)
class Update:
    product: Product
    available: int
    updated_at: datetime
    arrived_at: datetime


@dataclass(frozen=True)
class Inventory:
    """The three inventory sources, and which stream records arrived out of order.

    ``stale`` pairs each affected product with the 1-based record number, in the stream, of
    the older snapshot that arrived after a newer one.
    """

    stream: list[Record]
    oms: list[Record]
    erp: list[Record]
    stale: list[tuple[Product, int]]


def _history(
    rng: random.Random, product: Product, start: datetime, as_of: datetime
) -> list[Update]:
    initial_at = start - timedelta(seconds=rng.randint(3600, 10 * 86_400))
    level = rng.randint(5, 250) if product.status == "active" else 0
    history = [
        Update(product, level, initial_at, initial_at + timedelta(seconds=rng.randint(1, 20)))
    ]
    if product.status != "active":
        return history
    span = int((as_of - timedelta(minutes=10) - start) / timedelta(minutes=1))
    # Even minutes only: with the seconds jitter, changes of one SKU stay over a minute apart,
    # more than any delivery delay, so the clean stream never arrives out of order.
    for minute in sorted(rng.sample(range(0, span, 2), rng.randint(2, 10))):
        delta = -rng.randint(1, 4) if rng.random() < 0.88 else rng.randint(20, 80)
        if level + delta < 0:
            delta = rng.randint(20, 80)  # restocked before it ran out
        level += delta
        at = start + timedelta(minutes=minute, seconds=rng.randint(0, 59))
        history.append(Update(product, level, at, at + timedelta(seconds=rng.randint(1, 20))))
    return history


def build_inventory(
    rng: random.Random, catalog: list[Product], start: datetime, as_of: datetime, out_of_order: int
) -> Inventory:
    """The stream from ``start`` to ``as_of`` and both snapshots; ``out_of_order`` SKUs get an
    older snapshot delivered after their newest one."""
    histories = [_history(rng, p, start, as_of) for p in catalog]
    pool = [
        h for h in histories if len(h) >= 3 and h[-1].updated_at <= as_of - timedelta(minutes=30)
    ]
    delayed = rng.sample(pool, min(out_of_order, len(pool)))
    for h in delayed:
        prev, last = h[-2], h[-1]
        # The newest snapshot arrives promptly; the one before it was retried and lands
        # minutes later.
        h[-1] = Update(
            last.product,
            last.available,
            last.updated_at,
            last.updated_at + timedelta(seconds=rng.randint(1, 5)),
        )
        h[-2] = Update(
            prev.product,
            prev.available,
            prev.updated_at,
            last.updated_at + timedelta(seconds=rng.randint(30, 600)),
        )
    # The stream holds the changes inside the window; earlier levels are the starting state.
    events = sorted(
        (u for h in histories for u in h[1:]),
        key=lambda u: (u.arrived_at, u.product.inventory_item_id, u.updated_at),
    )
    stream = [
        inventory_level(
            u.product.inventory_item_id, u.product.location_id, u.available, u.updated_at
        )
        for u in events
    ]
    number = {(u.product.sku, u.updated_at): i + 1 for i, u in enumerate(events)}
    stale = sorted(
        ((h[-2].product, number[(h[-2].product.sku, h[-2].updated_at)]) for h in delayed),
        key=lambda s: s[0].sku,
    )
    erp: list[Record] = []
    oms: list[Record] = []
    for h in histories:
        newest = max(h, key=lambda u: u.updated_at)
        arrived_last = max(h, key=lambda u: u.arrived_at)
        erp.append(_snapshot(newest, newest.arrived_at + timedelta(seconds=rng.randint(1, 30))))
        oms.append(
            _snapshot(arrived_last, arrived_last.arrived_at + timedelta(seconds=rng.randint(1, 5)))
        )
    return Inventory(stream=stream, oms=oms, erp=erp, stale=stale)


def _snapshot(update: Update, applied_at: datetime) -> Record:
    p = update.product
    return {
        "sku": p.sku,
        "inventory_item_id": str(p.inventory_item_id),
        "location_id": str(p.location_id),
        "available": update.available,
        "updated_at": clock.utc(update.updated_at),
        "applied_at": clock.utc(applied_at),
    }
