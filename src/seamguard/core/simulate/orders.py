"""The order book: what really happened to every storefront order, before any system wrote it down.

Each :class:`Order` holds the truth (lines, exact totals, payment, fulfilment, refunds) and
the plan for how the OMS and ERP received it. The per-system modules render records from it,
and the fault plan edits it, so every system's record of one order agrees unless a fault
says otherwise.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from seamguard.core.simulate import money
from seamguard.core.simulate.catalog import Product, list_price
from seamguard.core.simulate.markets import Customer, token

#: Orders span the four days up to ``as_of``: long enough that some are past missing_after.
WINDOW = timedelta(days=4)

_CARDS = (("visa", "Visa", 55), ("mastercard", "Mastercard", 30), ("amex", "American Express", 15))
_LANDING = (
    "/",
    "/collections/black-friday",
    "/products/{slug}",
    "/collections/new?utm_source=newsletter",
)
_REFERRERS = (
    "https://www.google.com/",
    "https://www.instagram.com/",
    "",
    "https://duckduckgo.com/",
)


@dataclass(frozen=True, slots=True)
class Line:
    id: int
    product: Product
    quantity: int
    price: Decimal  # unit price in the order's currency

    @property
    def total(self) -> Decimal:
        return self.price * self.quantity


@dataclass(frozen=True, slots=True)
class Refund:
    """A refund the PSP processed for the order's charge."""

    id: str
    created_at: datetime
    amount: Decimal  # major units
    balance_transaction: str


@dataclass(frozen=True, slots=True)
class Card:
    brand: str
    company: str
    last4: str
    exp_month: int
    exp_year: int
    funding: str
    fingerprint: str


@dataclass(slots=True)
class Order:
    """One storefront order: the truth, and how the other systems received it."""

    index: int  # position in the storefront export, 0-based
    id: int
    number: int  # order_number; the name is "#<number>"
    created_at: datetime
    customer: Customer
    lines: list[Line]
    discount_code: str | None
    discount: Decimal
    shipping: tuple[str, str, Decimal]  # (code, title, price)
    tax_rate: Decimal
    tax: Decimal
    captured: bool  # False: authorized, capture happens at fulfilment
    fulfilled_at: datetime | None
    charge_created: datetime
    card: Card
    charge_id: str
    payment_intent: str
    payment_method: str
    balance_transaction: str
    tokens: tuple[str, str, str]  # cart, checkout, order token
    checkout_id: int
    browser_ip: str
    landing_site: str
    referring_site: str
    # The customer as Shopify shows it on this order: counts before this order.
    customer_orders: int = 0
    customer_spent: Decimal = Decimal(0)
    customer_last_id: int | None = None
    customer_last_name: str | None = None
    refunds: list[Refund] = field(default_factory=list)
    cancelled_at: datetime | None = None
    # How the OMS received it: one time per copy (none: never arrived; two: duplicated).
    oms_received: list[datetime] = field(default_factory=list)
    # Fault edits; None/False on a clean order.
    financial_status_override: str | None = None
    total_price_override: str | None = None
    oms_currency_lost: bool = False
    erp_tax_per_line: bool = False

    @property
    def name(self) -> str:
        return f"#{self.number}"

    @property
    def currency(self) -> str:
        return self.customer.market.currency

    @property
    def line_items_total(self) -> Decimal:
        return sum((line.total for line in self.lines), money.ZERO)

    @property
    def subtotal(self) -> Decimal:
        """Shopify's subtotal_price: line items after discounts."""
        return self.line_items_total - self.discount

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.tax + self.shipping[2]

    @property
    def refunded(self) -> Decimal:
        return sum((r.amount for r in self.refunds), money.ZERO)

    @property
    def financial_status(self) -> str:
        if self.financial_status_override is not None:
            return self.financial_status_override
        if not self.captured:
            return "authorized"
        if not self.refunds:
            return "paid"
        return "refunded" if self.refunded >= self.total else "partially_refunded"

    @property
    def updated_at(self) -> datetime:
        times = [self.created_at, *(r.created_at for r in self.refunds)]
        if self.fulfilled_at is not None:
            times.append(self.fulfilled_at)
        return max(times)

    def per_line_tax(self) -> Decimal:
        """Tax rounded line by line (how a misconfigured ERP posts it) instead of per order."""
        return sum(
            (money.quantize(line.total * self.tax_rate, self.currency) for line in self.lines),
            money.ZERO,
        )


@dataclass(frozen=True)
class OrderBook:
    orders: list[Order]
    start: datetime


def _pick_lines(
    rng: random.Random, active: list[Product], customer: Customer, next_id: int
) -> list[Line]:
    count = rng.choices((1, 2, 3, 4), (45, 30, 17, 8))[0]
    products = rng.sample(active, count)
    return [
        Line(
            id=next_id + i * 2_003,
            product=p,
            quantity=rng.choices((1, 2, 3), (75, 18, 7))[0],
            price=list_price(p.usd_price, customer.market),
        )
        for i, p in enumerate(products)
    ]


def build_orders(
    rng: random.Random,
    catalog: list[Product],
    customers: list[Customer],
    as_of: datetime,
    count: int,
) -> OrderBook:
    """``count`` orders spread evenly (with jitter) over :data:`WINDOW` before ``as_of``.

    Even spacing guarantees that every stretch of the window holds orders, so the recent
    ones that are still in flight exist whatever the seed.
    """
    start = as_of - WINDOW
    slot = WINDOW.total_seconds() / count
    active = [p for p in catalog if p.status == "active"]
    order_id = 5_801_000_000_000
    line_id = 14_520_000_000_000
    checkout_id = 3_640_000_000_000
    orders: list[Order] = []
    for i in range(count):
        created = start + timedelta(seconds=int((i + rng.random()) * slot))
        created = min(created, as_of - timedelta(seconds=1))
        order_id += rng.randint(1_000_000, 4_000_000)
        line_id += rng.randint(30_000, 90_000)
        checkout_id += rng.randint(1_000_000, 4_000_000)
        customer = rng.choice(customers)
        market = customer.market
        lines = _pick_lines(rng, active, customer, line_id)
        line_total = sum((line.total for line in lines), money.ZERO)
        code = None
        discount = money.ZERO
        if rng.random() < 0.22:
            recent = as_of - created < timedelta(days=2)
            code, pct = ("BFCM20", Decimal("0.20")) if recent else ("WELCOME10", Decimal("0.10"))
            discount = money.quantize(line_total * pct, market.currency)
        rate = customer.city.tax_rate
        tax = money.quantize((line_total - discount) * rate, market.currency)
        age = as_of - created
        fulfilled_at = _fulfilment(rng, created, age)
        captured = fulfilled_at is not None or age >= timedelta(hours=12) or rng.random() >= 0.35
        brand, company, _ = rng.choices(_CARDS, [c[2] for c in _CARDS])[0]
        slug = lines[0].product.sku.lower()
        orders.append(
            Order(
                index=i,
                id=order_id,
                number=1001 + i,
                created_at=created,
                customer=customer,
                lines=lines,
                discount_code=code,
                discount=discount,
                shipping=rng.choice(market.shipping),
                tax_rate=rate,
                tax=tax,
                captured=captured,
                fulfilled_at=fulfilled_at,
                charge_created=created - timedelta(seconds=rng.randint(3, 40)),
                card=Card(
                    brand=brand,
                    company=company,
                    last4=f"{rng.randint(0, 9999):04d}",
                    exp_month=rng.randint(1, 12),
                    exp_year=rng.randint(2027, 2032),
                    funding=rng.choice(("credit", "credit", "debit")),
                    fingerprint=token(rng, 16),
                ),
                charge_id="ch_3" + token(rng, 23),
                payment_intent="pi_3" + token(rng, 23),
                payment_method="pm_1" + token(rng, 23),
                balance_transaction="txn_3" + token(rng, 23),
                tokens=(
                    f"{rng.getrandbits(128):032x}",
                    f"{rng.getrandbits(128):032x}",
                    f"{rng.getrandbits(128):032x}",
                ),
                checkout_id=checkout_id,
                browser_ip=f"{rng.choice(('192.0.2', '198.51.100', '203.0.113'))}.{rng.randint(1, 254)}",
                landing_site=rng.choice(_LANDING).format(slug=slug),
                referring_site=rng.choice(_REFERRERS),
            )
        )
    _customer_history(orders)
    for order in orders:
        _natural_refunds(rng, order, as_of)
    return OrderBook(orders=orders, start=start)


def _fulfilment(rng: random.Random, created: datetime, age: timedelta) -> datetime | None:
    hours = age / timedelta(hours=1)
    chance = 0.85 if hours > 30 else 0.5 if hours > 10 else 0.15 if hours > 3 else 0.0
    if rng.random() >= chance:
        return None
    latest = min(age - timedelta(minutes=10), timedelta(hours=48))
    return created + timedelta(seconds=rng.randint(2 * 3600, int(latest.total_seconds())))


def _customer_history(orders: list[Order]) -> None:
    # Shopify's customer object on an order shows the history before it; orders are in
    # creation order, so one pass gives every snapshot.
    for order in orders:
        c = order.customer
        order.customer_orders = c.orders_count
        order.customer_spent = c.total_spent
        order.customer_last_id = c.last_order_id
        order.customer_last_name = c.last_order_name
        c.orders_count += 1
        c.total_spent += order.total
        c.last_order_id = order.id
        c.last_order_name = order.name


def _natural_refunds(rng: random.Random, order: Order, as_of: datetime) -> None:
    age = as_of - order.created_at
    if not order.captured or age < timedelta(hours=3) or rng.random() >= 0.11:
        return
    latest = min(age - timedelta(minutes=15), timedelta(hours=72))
    when = order.created_at + timedelta(seconds=rng.randint(3600, int(latest.total_seconds())))
    code = order.currency
    if order.fulfilled_at is None and rng.random() < 0.5:
        # Cancelled before it shipped: everything goes back.
        order.cancelled_at = when
        amount = order.total
    elif rng.random() < 0.3:
        amount = order.total
    else:
        # A return of one unit of one line, with its share of tax.
        line = rng.choice(order.lines)
        amount = money.quantize(line.price * (1 + order.tax_rate), code)
        if amount >= order.total:
            amount = money.quantize(order.total / 2, code)
    order.refunds.append(refund_of(rng, when, amount))


def refund_of(rng: random.Random, when: datetime, amount: Decimal) -> Refund:
    """A succeeded refund with fresh Stripe ids."""
    return Refund(
        id="re_3" + token(rng, 23),
        created_at=when,
        amount=amount,
        balance_transaction="txn_3" + token(rng, 23),
    )
