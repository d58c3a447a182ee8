"""Exact money for the generator: Decimal amounts quantized to each currency's ISO 4217 exponent.

Exponents come from the ``iso4217`` data package (JPY 0, USD 2, KWD 3), never from a table
typed here. Amounts leave the generator as decimal strings in major units (canonical and
Shopify shapes) or as integer minor units (Stripe), never as floats.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache

import iso4217

ZERO = Decimal(0)


@cache
def exponent(code: str) -> int:
    """Minor-unit exponent of an upper-case ISO 4217 code."""
    exp = iso4217.Currency(code).exponent
    if not isinstance(exp, int):
        raise ValueError(f"{code} has no minor unit")
    return exp


@cache
def quantum(code: str) -> Decimal:
    """The smallest amount of the currency: 1 for JPY, 0.01 for USD, 0.001 for KWD."""
    return Decimal(1).scaleb(-exponent(code))


def quantize(amount: Decimal, code: str) -> Decimal:
    """Round half up to the currency's precision (how shops and tax engines round)."""
    return amount.quantize(quantum(code), rounding=ROUND_HALF_UP)


def text(amount: Decimal, code: str) -> str:
    """The decimal string with exactly the currency's places: ``2000``, ``19.90``, ``4.250``."""
    return format(quantize(amount, code), "f")


def minor_units(amount: Decimal, code: str) -> int:
    """Integer minor units (Stripe's ``amount``); the amount must already fit the currency."""
    scaled = amount.scaleb(exponent(code))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{amount} {code} is not a whole number of minor units")
    return int(scaled)


def from_minor_units(amount: int, code: str) -> Decimal:
    """Major units from integer minor units."""
    return Decimal(amount).scaleb(-exponent(code))
