"""The storefront (Shopify): Order resources and the InventoryLevel stream.

Orders follow the REST Admin Order resource field by field and in the same key order as
Shopify's own fixture (the legacy representation, without the *_set money bags): ids are
integers, money is a decimal string in the order currency, timestamps carry the store's
offset. Tax rates are JSON numbers, as Shopify sends them; they are ratios, not money.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from seamguard.core.simulate import clock, money
from seamguard.core.simulate.markets import MARKETS, Customer
from seamguard.core.simulate.model import Record
from seamguard.core.simulate.orders import Line, Order

# The inventory stream comes from the US store, whose clock runs at -05:00 in late November.
_STORE_TZ = MARKETS[0].tz
_CARRIERS = (
    ("UPS", "https://www.ups.com/track?tracknum={n}"),
    ("DHL Express", "https://www.dhl.com/en/express/tracking.html?AWB={n}"),
)


def _address(c: Customer) -> dict[str, Any]:
    city = c.city
    return {
        "address1": c.address1,
        "address2": "",
        "city": city.name,
        "company": None,
        "country": c.market.country,
        "first_name": c.first_name,
        "last_name": c.last_name,
        "latitude": city.latitude,
        "longitude": city.longitude,
        "phone": c.phone,
        "province": city.province,
        "zip": c.zip_code,
        "name": c.name,
        "country_code": c.market.country_code,
        "province_code": city.province_code,
    }


def _line_item(line: Line, fulfilled: bool, code: str) -> dict[str, Any]:
    p = line.product
    return {
        "fulfillment_service": "manual",
        "fulfillment_status": "fulfilled" if fulfilled else None,
        "grams": p.grams,
        "id": line.id,
        "price": money.text(line.price, code),
        "product_id": p.product_id,
        "quantity": line.quantity,
        "requires_shipping": True,
        "sku": p.sku,
        "title": p.title,
        "variant_id": p.variant_id,
        "variant_title": p.variant_title,
        "vendor": p.vendor,
        "name": p.name,
        "variant_inventory_management": "shopify",
        "properties": [],
        "product_exists": True,
    }


def _usd(amount: Decimal, order: Order) -> str:
    return money.text(amount / order.customer.market.usd_rate, "USD")


def order_resource(order: Order) -> Record:
    """The Order resource as the orders/* webhooks and the REST export carry it."""
    c = order.customer
    tz = c.market.tz
    code = order.currency
    fulfilled = order.fulfilled_at is not None
    total = order.total_price_override or money.text(order.total, code)
    shipping_code, shipping_title, shipping_price = order.shipping
    address = _address(c)
    items = [_line_item(line, fulfilled, code) for line in order.lines]
    cancelled = order.cancelled_at
    return {
        "buyer_accepts_marketing": c.accepts_marketing,
        "cancel_reason": "customer" if cancelled else None,
        "cancelled_at": clock.local(cancelled, tz) if cancelled else None,
        "cart_token": order.tokens[0],
        "checkout_token": order.tokens[1],
        "closed_at": None,
        "confirmed": True,
        "created_at": clock.local(order.created_at, tz),
        "currency": code,
        "email": c.email,
        "financial_status": order.financial_status,
        "fulfillment_status": "fulfilled" if fulfilled else None,
        "gateway": "stripe",
        "id": order.id,
        "landing_site": order.landing_site,
        "location_id": None,
        "name": order.name,
        "note": None,
        "number": order.number - 1000,
        "reference": None,
        "referring_site": order.referring_site,
        "source": None,
        "subtotal_price": money.text(order.subtotal, code),
        "taxes_included": False,
        "test": False,
        "token": order.tokens[2],
        "total_discounts": money.text(order.discount, code),
        "total_line_items_price": money.text(order.line_items_total, code),
        "total_price": total,
        "total_price_usd": _usd(order.total, order),
        "total_tax": money.text(order.tax, code),
        "total_weight": sum(line.product.grams * line.quantity for line in order.lines),
        "updated_at": clock.local(order.updated_at, tz),
        "user_id": None,
        "browser_ip": order.browser_ip,
        "landing_site_ref": None,
        "order_number": order.number,
        "discount_codes": (
            [
                {
                    "code": order.discount_code,
                    "amount": money.text(order.discount, code),
                    "type": "percentage",
                }
            ]
            if order.discount_code
            else []
        ),
        "note_attributes": [],
        "processing_method": "direct",
        "checkout_id": order.checkout_id,
        "source_name": "web",
        "tax_lines": (
            # A ratio Shopify sends as a JSON number; float(str(d)) prints back as the same
            # digits, so the JSON text holds the exact rate.
            [
                {
                    "price": money.text(order.tax, code),
                    "rate": float(str(order.tax_rate)),
                    "title": c.city.tax_title,
                }
            ]
            if order.tax_rate
            else []
        ),
        "line_items": items,
        "shipping_lines": [
            {
                "code": shipping_code,
                "price": money.text(shipping_price, code),
                "source": "shopify",
                "title": shipping_title,
            }
        ],
        "payment_details": {
            "avs_result_code": "Y",
            "credit_card_bin": None,
            "cvv_result_code": "M",
            "credit_card_number": f"•••• •••• •••• {order.card.last4}",
            "credit_card_company": order.card.company,
        },
        "billing_address": address,
        "shipping_address": dict(address),
        "fulfillments": _fulfillments(order) if fulfilled else [],
        "client_details": {
            "accept_language": c.market.accept_language,
            "browser_ip": order.browser_ip,
            "session_hash": None,
            "user_agent": (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
                "(KHTML, like Gecko) Version/17.1 Safari/605.1.15"
            ),
        },
        "customer": _customer(order, address),
    }


def _fulfillments(order: Order) -> list[dict[str, Any]]:
    assert order.fulfilled_at is not None
    tz = order.customer.market.tz
    at = clock.local(order.fulfilled_at, tz)
    carrier, url = _CARRIERS[order.id % len(_CARRIERS)]
    number = f"1Z{order.id % 10**12:012d}"
    link = url.format(n=number)
    return [
        {
            "created_at": at,
            "id": 4_310_000_000_000 + order.index * 7_727,
            "order_id": order.id,
            "service": "manual",
            "status": "success",
            "tracking_company": carrier,
            "updated_at": at,
            "tracking_number": number,
            "tracking_numbers": [number],
            "tracking_url": link,
            "tracking_urls": [link],
            "receipt": {},
            "line_items": [_line_item(line, True, order.currency) for line in order.lines],
        }
    ]


def _customer(order: Order, address: dict[str, Any]) -> dict[str, Any]:
    c = order.customer
    tz = c.market.tz
    default = {k: address[k] for k in ("address1", "address2", "city", "company", "country")}
    default.update(
        first_name=c.first_name,
        id=c.address_id,
        last_name=c.last_name,
        phone=c.phone,
        province=c.city.province,
        zip=c.zip_code,
        name=c.name,
        province_code=c.city.province_code,
        country_code=c.market.country_code,
        country_name=c.market.country,
        default=True,
    )
    return {
        "accepts_marketing": c.accepts_marketing,
        "created_at": clock.local(c.created_at, tz),
        "email": c.email,
        "first_name": c.first_name,
        "id": c.id,
        "last_name": c.last_name,
        "last_order_id": order.customer_last_id,
        "multipass_identifier": None,
        "note": None,
        "orders_count": order.customer_orders,
        "state": "enabled" if c.has_account else "disabled",
        "total_spent": money.text(order.customer_spent, order.currency),
        "updated_at": clock.local(order.created_at, tz),
        "verified_email": c.has_account,
        "tags": "",
        "last_order_name": order.customer_last_name,
        "default_address": default,
    }


def inventory_level(
    inventory_item_id: int, location_id: int, available: int, at: datetime
) -> Record:
    """An InventoryLevel resource (the inventory_levels/update webhook body)."""
    return {
        "inventory_item_id": inventory_item_id,
        "location_id": location_id,
        "available": available,
        "updated_at": clock.local(at, _STORE_TZ),
    }
