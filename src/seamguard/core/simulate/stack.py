"""Generate the whole stack and the manifest of its faults."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from seamguard.core.simulate import catalog as catalog_mod
from seamguard.core.simulate import erp, faults, incidents, markets, oms, psp, storefront
from seamguard.core.simulate import topology as t
from seamguard.core.simulate.inventory import build_inventory
from seamguard.core.simulate.model import Manifest, Record, Stack
from seamguard.core.simulate.orders import WINDOW, build_orders
from seamguard.core.simulate.truth import build_faults

#: The default "now" of a generated stack: Black Friday 2026, noon UTC.
DEFAULT_AS_OF = datetime(2026, 11, 27, 12, 0, 0, tzinfo=UTC)
#: Below this many orders some fault pools would run dry and a fault would vanish.
MIN_ORDERS = 300


def _rng(seed: int, part: str) -> random.Random:
    # One generator per part of the stack, seeded from the seed and the part's name, so a
    # change in how one system is generated does not reshuffle every other system.
    return random.Random(f"seamguard.simulate:{seed}:{part}")


def generate_stack(seed: int, as_of: datetime = DEFAULT_AS_OF, orders: int = 3000) -> Stack:
    """Generate a storefront/OMS/ERP/PSP/PIM stack with injected faults, as of ``as_of``.

    Pure and deterministic: the same ``seed``, ``as_of`` and ``orders`` give equal stacks;
    nothing reads a clock, a file or the environment. ``as_of`` must be timezone-aware;
    ``orders`` (the number of storefront orders) at least :data:`MIN_ORDERS`. Raises
    ValueError otherwise.
    """
    if as_of.tzinfo is None or as_of.utcoffset() is None:
        raise ValueError("as_of must be timezone-aware")
    if orders < MIN_ORDERS:
        raise ValueError(f"orders must be at least {MIN_ORDERS}; got {orders}")
    as_of = as_of.astimezone(UTC)
    products = catalog_mod.build_catalog(_rng(seed, "catalog"), as_of)
    people = markets.customers(_rng(seed, "customers"), max(50, orders * 3 // 4), as_of - WINDOW)
    book = build_orders(_rng(seed, "orders"), products, people, as_of, orders)
    fault_rng = _rng(seed, "faults")
    plan = faults.plan_order_faults(fault_rng, book, as_of)
    copies = oms.receive(book.orders)
    erp_orders = erp.import_orders(
        _rng(seed, "erp"),
        copies,
        as_of,
        orphans=faults.count(fault_rng, "orphans"),
        catalog=products,
        customers=people,
    )
    stock = build_inventory(
        _rng(seed, "inventory"),
        products,
        book.start,
        as_of,
        faults.count(fault_rng, "out_of_order"),
    )
    sources: dict[str, list[Record]] = {
        t.STOREFRONT_ORDERS: [storefront.order_resource(o) for o in book.orders],
        t.STOREFRONT_INVENTORY: stock.stream,
        t.OMS_ORDERS: oms.order_records(copies),
        t.OMS_INVENTORY: stock.oms,
        t.ERP_ORDERS: erp_orders.records,
        t.ERP_INVENTORY: stock.erp,
        t.ERP_PRODUCTS: catalog_mod.erp_products(products),
        t.PSP_CHARGES: psp.charges(book.orders),
        t.PSP_REFUNDS: psp.refunds(book.orders),
        t.PIM_PRODUCTS: catalog_mod.pim_products(products),
        t.OPS_INCIDENTS: incidents.incident_records(_rng(seed, "incidents"), as_of),
    }
    manifest = Manifest(
        seed=seed,
        as_of=as_of,
        records={name: len(sources[name]) for name in t.SOURCES},
        faults=build_faults(plan, copies, erp_orders, stock, sources),
    )
    return Stack(seed=seed, as_of=as_of, sources=sources, manifest=manifest)
