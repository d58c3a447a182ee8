"""Orders in the canonical commerce.order shape, as the OMS and the ERP export them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from seamguard.core.simulate import clock, money
from seamguard.core.simulate.markets import Customer
from seamguard.core.simulate.model import Record
from seamguard.core.simulate.orders import Line, Order

SOURCE_SYSTEM = "shopify"
_KNOWN_FINANCIAL = {
    "pending",
    "authorized",
    "partially_paid",
    "paid",
    "partially_refunded",
    "refunded",
    "voided",
    "expired",
}


def status(order: Order) -> str:
    """The canonical status the OMS derives from the storefront's financial and fulfilment state.

    A financial status the mapping does not know puts the order on hold for a person to look
    at, which is what a careful OMS does (and why the storefront contract closes that enum).
    """
    financial = order.financial_status
    if financial not in _KNOWN_FINANCIAL:
        return "on_hold"
    if order.cancelled_at is not None:
        return "cancelled"
    if financial == "authorized":
        return "pending"
    if financial == "refunded":
        return "refunded"
    return "completed" if order.fulfilled_at is not None else "processing"


def lines(items: list[Line], code: str) -> list[dict[str, Any]]:
    """Order lines: unit price and line total in the order currency."""
    return [
        {
            "line_id": str(line.id),
            "sku": line.product.sku,
            "title": line.product.name,
            "quantity": line.quantity,
            "unit_price": money.text(line.price, code),
            "line_total": money.text(line.total, code),
        }
        for line in items
    ]


def customer(c: Customer) -> dict[str, Any]:
    return {"id": str(c.id), "email": c.email, "name": c.name, "phone": c.phone}


def address(c: Customer) -> dict[str, Any]:
    return {
        "name": c.name,
        "address1": c.address1,
        "address2": None,
        "city": c.city.name,
        "province_code": c.city.province_code,
        "zip": c.zip_code,
        "country_code": c.market.country_code,
        "phone": c.phone,
    }


def order_record(
    order: Order,
    order_id: str,
    received_at: datetime,
    *,
    tax: Decimal | None = None,
    with_shipping_address: bool = True,
) -> Record:
    """One system's record of ``order``; ``tax`` overrides the tax the storefront computed.

    Totals are recomputed from the lines here, as an OMS does, so a storefront that renders a
    wrong total does not carry it into order management.
    """
    code = order.currency
    tax_total = order.tax if tax is None else tax
    total = order.subtotal + tax_total + order.shipping[2]
    record: Record = {
        "order_id": order_id,
        "external_id": str(order.id),
        "order_number": order.name,
        "source_system": SOURCE_SYSTEM,
        "status": status(order),
        "currency": None if order.oms_currency_lost else code,
        "subtotal": money.text(order.line_items_total, code),
        "discount_total": money.text(order.discount, code),
        "tax_total": money.text(tax_total, code),
        "shipping_total": money.text(order.shipping[2], code),
        "total": money.text(total, code),
        "created_at": clock.utc(order.created_at),
        "received_at": clock.utc(received_at),
        "updated_at": clock.utc(max(received_at, order.updated_at)),
        "lines": lines(order.lines, code),
        "customer": customer(order.customer),
    }
    if with_shipping_address:
        record["shipping_address"] = address(order.customer)
    record["billing_address"] = address(order.customer)
    return record
