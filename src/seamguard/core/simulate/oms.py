"""The OMS: every order copy it received, numbered in the order it received them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from seamguard.core.simulate import canonical
from seamguard.core.simulate.model import Record
from seamguard.core.simulate.orders import Order

_FIRST_NUMBER = 1_000_001


@dataclass(frozen=True)
class OmsCopy:
    """One order as the OMS created it; ``copy`` 1 is a duplicate of copy 0."""

    order: Order
    order_id: str
    received_at: datetime
    copy: int


def receive(orders: list[Order]) -> list[OmsCopy]:
    """Every copy the OMS created, in the order it received them (its export order).

    The OMS numbers orders as they arrive, so a duplicate gets an order_id of its own: the
    flow keyed on the storefront id sees the duplicate, the ERP downstream books both.
    """
    arrivals = sorted(
        (received, order.index, n, order)
        for order in orders
        for n, received in enumerate(order.oms_received)
    )
    return [
        OmsCopy(order=order, order_id=f"OMS-{_FIRST_NUMBER + i}", received_at=received, copy=n)
        for i, (received, _, n, order) in enumerate(arrivals)
    ]


def order_records(copies: list[OmsCopy]) -> list[Record]:
    """The OMS order export (commerce.order)."""
    return [canonical.order_record(c.order, c.order_id, c.received_at) for c in copies]
