"""The manifest's faults: every injection, with the exact findings it must cause.

Record numbers are 1-based positions in each source's export, the numbers a scan reports.
Keys are what the finding is keyed on: the flow key for reconcile findings (storefront id in
order-sync and payment-capture, OMS order id in erp-sync, charge id in refund-limit, SKU in
inventory-sync), the record's own id for validation, ``inventory_item_id|location_id`` for
the sequence check.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from seamguard.core.simulate import topology as t
from seamguard.core.simulate.erp import ErpOrders
from seamguard.core.simulate.faults import UNKNOWN_FINANCIAL_STATUS, OrderFaults
from seamguard.core.simulate.inventory import Inventory
from seamguard.core.simulate.model import Check, Expectation, Fault, Kind, Record
from seamguard.core.simulate.oms import OmsCopy
from seamguard.core.simulate.orders import Order


@dataclass(frozen=True)
class _Side:
    """Keys and record numbers of the records concerned, both in key order."""

    keys: tuple[str, ...]
    records: tuple[int, ...]

    @staticmethod
    def of(pairs: Iterable[tuple[str, int]]) -> _Side:
        ordered = sorted(pairs)
        return _Side(tuple(k for k, _ in ordered), tuple(n for _, n in ordered))


def _expect(
    check: Check,
    source: str,
    finding: str,
    side: _Side,
    *,
    flow: str | None = None,
    paths: tuple[str, ...] = (),
) -> Expectation:
    return Expectation(
        check=check,
        flow=flow,
        source=source,
        finding=finding,
        paths=paths,
        count=len(side.keys),
        keys=side.keys,
        records=side.records,
    )


def _fault(
    fault_id: str, kind: Kind, summary: str, source: str, keys: _Side, *expect: Expectation
) -> Fault:
    return Fault(
        id=fault_id,
        kind=kind,
        summary=summary,
        source=source,
        count=len(keys.keys),
        keys=keys.keys,
        expect=expect,
    )


class _Numbers:
    """Where each order ended up in every source."""

    def __init__(self, copies: Sequence[OmsCopy], sources: dict[str, list[Record]]) -> None:
        self.oms = {(c.order.index, c.copy): (c.order_id, i + 1) for i, c in enumerate(copies)}
        self.erp = {r["order_id"]: i + 1 for i, r in enumerate(sources[t.ERP_ORDERS])}
        self.charge = {r["id"]: i + 1 for i, r in enumerate(sources[t.PSP_CHARGES])}
        self.erp_inventory = {r["sku"]: i + 1 for i, r in enumerate(sources[t.ERP_INVENTORY])}

    @staticmethod
    def storefront(orders: Iterable[Order]) -> _Side:
        return _Side.of((str(o.id), o.index + 1) for o in orders)

    def oms_by_own_id(self, orders: Iterable[Order]) -> _Side:
        return _Side.of(self.oms[(o.index, 0)] for o in orders)

    def erp_by_own_id(self, orders: Iterable[Order]) -> _Side:
        return _Side.of(
            (self.oms[(o.index, 0)][0], self.erp[self.oms[(o.index, 0)][0]]) for o in orders
        )

    def oms_copies(self, copies: Iterable[OmsCopy]) -> _Side:
        return _Side.of(self.oms[(c.order.index, c.copy)] for c in copies)


def build_faults(
    plan: OrderFaults,
    copies: Sequence[OmsCopy],
    erp_orders: ErpOrders,
    stock: Inventory,
    sources: dict[str, list[Record]],
) -> tuple[Fault, ...]:
    """Every fault and condition of the stack, in a fixed order."""
    n = _Numbers(copies, sources)
    sf = n.storefront
    dup = _Side.of((str(o.id), n.oms[(o.index, 1)][1]) for o in plan.duplicates)
    erp_pending = n.oms_copies(erp_orders.pending)
    drift = n.oms_copies(erp_orders.drifted)
    orphans = _Side.of((oid, n.erp[oid]) for oid in erp_orders.orphans)
    over = _Side.of((o.charge_id, n.charge[o.charge_id]) for o in plan.over_limit)
    stale = _Side.of((f"{p.inventory_item_id}|{p.location_id}", num) for p, num in stock.stale)
    skus = _Side.of((p.sku, n.erp_inventory[p.sku]) for p, _ in stock.stale)
    reconcile: Check = "reconcile"
    validation: Check = "validation"
    return (
        _fault(
            "oms-duplicate-orders",
            "fault",
            "the OMS created a second order for a retried storefront webhook",
            t.OMS_ORDERS,
            dup,
            _expect(reconcile, t.OMS_ORDERS, "duplicated", dup, flow=t.ORDER_SYNC),
        ),
        _fault(
            "oms-late-sync",
            "fault",
            "orders reached the OMS 20 minutes to 3 hours after they were placed",
            t.OMS_ORDERS,
            sf(plan.late),
            _expect(reconcile, t.STOREFRONT_ORDERS, "late", sf(plan.late), flow=t.ORDER_SYNC),
        ),
        _fault(
            "oms-missing-sync",
            "fault",
            "orders older than a day that never reached the OMS",
            t.OMS_ORDERS,
            sf(plan.missing),
            _expect(reconcile, t.STOREFRONT_ORDERS, "missing", sf(plan.missing), flow=t.ORDER_SYNC),
        ),
        _fault(
            "oms-overdue-sync",
            "fault",
            "orders 20 minutes to 23 hours old that have not reached the OMS",
            t.OMS_ORDERS,
            sf(plan.overdue),
            _expect(reconcile, t.STOREFRONT_ORDERS, "overdue", sf(plan.overdue), flow=t.ORDER_SYNC),
        ),
        _fault(
            "oms-in-flight",
            "condition",
            "orders placed minutes before as_of, still on their way to the OMS",
            t.OMS_ORDERS,
            sf(plan.in_flight),
            _expect(
                reconcile, t.STOREFRONT_ORDERS, "in_flight", sf(plan.in_flight), flow=t.ORDER_SYNC
            ),
        ),
        _fault(
            "erp-in-flight",
            "condition",
            "OMS orders waiting for the ERP's next 15-minute import batch",
            t.ERP_ORDERS,
            erp_pending,
            _expect(reconcile, t.OMS_ORDERS, "in_flight", erp_pending, flow=t.ERP_SYNC),
        ),
        _fault(
            "storefront-unknown-financial-status",
            "fault",
            f"financial_status {UNKNOWN_FINANCIAL_STATUS!r}, a value Shopify does not document",
            t.STOREFRONT_ORDERS,
            sf(plan.unknown_status),
            _expect(
                validation,
                t.STOREFRONT_ORDERS,
                "schema.enum",
                sf(plan.unknown_status),
                paths=("/financial_status",),
            ),
        ),
        _fault(
            "oms-null-currency",
            "fault",
            "the OMS lost the currency (null in a required field); the ERP copied the null",
            t.OMS_ORDERS,
            sf(plan.null_currency),
            _expect(
                validation,
                t.OMS_ORDERS,
                "schema.type",
                n.oms_by_own_id(plan.null_currency),
                paths=("/currency",),
            ),
            _expect(
                validation,
                t.ERP_ORDERS,
                "schema.type",
                n.erp_by_own_id(plan.null_currency),
                paths=("/currency",),
            ),
            _expect(
                reconcile,
                t.STOREFRONT_ORDERS,
                "mismatched",
                sf(plan.null_currency),
                flow=t.ORDER_SYNC,
                paths=(t.COMPARE_ORDER_CURRENCY,),
            ),
        ),
        _fault(
            "storefront-jpy-decimals",
            "fault",
            'a JPY total_price with decimals ("<yen>.50"); the OMS and the PSP hold the true '
            "whole-yen total",
            t.STOREFRONT_ORDERS,
            sf(plan.jpy_decimals),
            _expect(
                validation,
                t.STOREFRONT_ORDERS,
                "money.too-many-decimals",
                sf(plan.jpy_decimals),
                paths=("/total_price",),
            ),
            _expect(
                reconcile,
                t.STOREFRONT_ORDERS,
                "mismatched",
                sf(plan.jpy_decimals),
                flow=t.ORDER_SYNC,
                paths=(t.COMPARE_ORDER_TOTAL,),
            ),
            _expect(
                reconcile,
                t.STOREFRONT_ORDERS,
                "mismatched",
                sf(plan.jpy_decimals),
                flow=t.PAYMENT_CAPTURE,
                paths=(t.COMPARE_CHARGE_AMOUNT,),
            ),
        ),
        _fault(
            "psp-refunds-over-charge",
            "fault",
            "the same partial refund issued twice, so the refunds sum over the charge",
            t.PSP_REFUNDS,
            over,
            _expect(reconcile, t.PSP_CHARGES, "over_limit", over, flow=t.REFUND_LIMIT),
        ),
        _fault(
            "storefront-inventory-out-of-order",
            "fault",
            "an older inventory level delivered after a newer one; the OMS applied it last "
            "and holds a stale level",
            t.STOREFRONT_INVENTORY,
            skus,
            _expect("sequence", t.STOREFRONT_INVENTORY, "out_of_order", stale),
            _expect(
                reconcile,
                t.ERP_INVENTORY,
                "mismatched",
                skus,
                flow=t.INVENTORY_SYNC,
                paths=(t.COMPARE_INVENTORY_AVAILABLE,),
            ),
        ),
        _fault(
            "erp-tax-rounding",
            "fault",
            "the ERP rounded tax per line where the OMS rounds per order",
            t.ERP_ORDERS,
            drift,
            _expect(
                reconcile,
                t.OMS_ORDERS,
                "mismatched",
                drift,
                flow=t.ERP_SYNC,
                paths=(t.COMPARE_ERP_TOTAL, t.COMPARE_ERP_TAX),
            ),
        ),
        _fault(
            "erp-orphan-orders",
            "fault",
            "phone orders keyed straight into the ERP, unknown to the OMS",
            t.ERP_ORDERS,
            orphans,
            _expect(reconcile, t.ERP_ORDERS, "orphaned", orphans, flow=t.ERP_SYNC),
        ),
    )
