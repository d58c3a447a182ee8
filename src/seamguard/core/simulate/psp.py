"""The PSP (Stripe): one Charge per storefront order, and its Refunds.

Shapes follow Stripe's Charge and Refund objects (modern, PaymentIntent-era API) in the key
order of Stripe's fixtures. Amounts are integers in minor units of the order currency;
currencies are lower case; ``created`` is Unix epoch seconds; ``metadata.order_id`` carries
the storefront order id as a string, which is how the shop links a charge to its order.
"""

from __future__ import annotations

from typing import Any

from seamguard.core.simulate import clock, money
from seamguard.core.simulate.model import Record
from seamguard.core.simulate.orders import Order, Refund


def refund_object(order: Order, refund: Refund) -> Record:
    """A Refund object."""
    code = order.currency
    return {
        "amount": money.minor_units(refund.amount, code),
        "balance_transaction": refund.balance_transaction,
        "charge": order.charge_id,
        "created": clock.epoch(refund.created_at),
        "currency": code.lower(),
        "destination_details": {"card": {"type": "refund"}, "type": "card"},
        "id": refund.id,
        "metadata": {},
        "object": "refund",
        "payment_intent": order.payment_intent,
        "reason": "requested_by_customer",
        "receipt_number": None,
        "source_transfer_reversal": None,
        "status": "succeeded",
        "transfer_reversal": None,
        "customer": order.customer.stripe_id,
        "customer_account": None,
        "payment_method": order.payment_method,
    }


def _card(order: Order, amount: int) -> dict[str, Any]:
    card = order.card
    return {
        "amount_authorized": amount,
        "brand": card.brand,
        "checks": {
            "address_line1_check": "pass",
            "address_postal_code_check": "pass",
            "cvc_check": "pass",
        },
        "country": order.customer.market.country_code,
        "exp_month": card.exp_month,
        "exp_year": card.exp_year,
        "extended_authorization": {"status": "disabled"},
        "fingerprint": card.fingerprint,
        "funding": card.funding,
        "incremental_authorization": {"status": "unavailable"},
        "installments": None,
        "last4": card.last4,
        "mandate": None,
        "multicapture": {"status": "unavailable"},
        "network": card.brand,
        "network_token": {"used": False},
        "overcapture": {"maximum_amount_capturable": amount, "status": "unavailable"},
        "three_d_secure": None,
        "wallet": None,
        "authorization_code": f"{order.id % 1_000_000:06d}",
        "regulated_status": "unregulated",
        "network_transaction_id": f"{order.checkout_id % 10**15:015d}",
        "transaction_link_id": None,
    }


def charge_object(order: Order) -> Record:
    """The Charge object for ``order``, refunds embedded as an (expanded) list."""
    code = order.currency
    amount = money.minor_units(order.total, code)
    refunds = [refund_object(order, r) for r in order.refunds]
    # Stripe never reports more refunded than was charged, even when the refund records
    # (see the over-limit fault) add up to more.
    refunded = min(sum(r["amount"] for r in refunds), amount)
    c = order.customer
    return {
        "amount": amount,
        "amount_captured": amount if order.captured else 0,
        "amount_refunded": refunded,
        "application": None,
        "application_fee": None,
        "application_fee_amount": None,
        "balance_transaction": order.balance_transaction if order.captured else None,
        "billing_details": {
            "address": {
                "city": c.city.name,
                "country": c.market.country_code,
                "line1": c.address1,
                "line2": None,
                "postal_code": c.zip_code,
                "state": c.city.province_code,
            },
            "email": c.email,
            "name": c.name,
            "phone": c.phone,
            "tax_id": None,
        },
        "calculated_statement_descriptor": "NORTHWIND OUTFITTERS",
        "captured": order.captured,
        "created": clock.epoch(order.charge_created),
        "currency": code.lower(),
        "customer": c.stripe_id,
        "description": f"Shopify order {order.name}",
        "disputed": False,
        "failure_balance_transaction": None,
        "failure_code": None,
        "failure_message": None,
        "fraud_details": {},
        "id": order.charge_id,
        "livemode": True,
        "metadata": {"order_id": str(order.id)},
        "object": "charge",
        "on_behalf_of": None,
        "outcome": {
            "advice_code": None,
            "network_advice_code": None,
            "network_decline_code": None,
            "network_status": "approved_by_network",
            "reason": None,
            "risk_level": "normal",
            "risk_score": order.id % 60,
            "seller_message": "Payment complete.",
            "type": "authorized",
        },
        "paid": True,
        "payment_intent": order.payment_intent,
        "payment_method": order.payment_method,
        "payment_method_details": {"card": _card(order, amount), "type": "card"},
        "receipt_email": c.email,
        "receipt_number": None,
        "receipt_url": f"https://pay.stripe.com/receipts/payment/{order.tokens[2]}",
        "refunded": refunded == amount,
        "refunds": {
            "data": refunds,
            "has_more": False,
            "object": "list",
            "url": f"/v1/charges/{order.charge_id}/refunds",
        },
        "review": None,
        "shipping": None,
        "source_transfer": None,
        "statement_descriptor": None,
        "statement_descriptor_suffix": None,
        "status": "succeeded",
        "transfer_data": None,
        "transfer_group": None,
        "source": None,
    }


def charges(orders: list[Order]) -> list[Record]:
    """Every charge, in creation order (the PSP's export order)."""
    ordered = sorted(orders, key=lambda o: (o.charge_created, o.charge_id))
    return [charge_object(o) for o in ordered]


def refunds(orders: list[Order]) -> list[Record]:
    """Every refund, in creation order (the PSP's export order)."""
    found = [(r.created_at, r.id, o, r) for o in orders for r in o.refunds]
    found.sort(key=lambda e: (e[0], e[1]))
    return [refund_object(o, r) for _, _, o, r in found]
