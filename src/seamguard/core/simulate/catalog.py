"""The product catalog: one sellable variant per SKU, its prices per market, and its records
in the PIM and the ERP (commerce.product)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_FLOOR, Decimal

from seamguard.core.simulate import clock, money
from seamguard.core.simulate.markets import Market
from seamguard.core.simulate.model import Record

CATALOG_CURRENCY = "USD"
#: Warehouse locations (Shopify location ids). Each SKU is stocked at exactly one of them, so
#: the SKU alone keys an inventory level; see the inventory-sync flow.
LOCATIONS = (68_412_000_001, 68_412_000_002)

_TYPES = (
    ("Apparel", "APP", ("Hoodie", "Crewneck", "Rain Jacket", "Fleece", "Tee", "Beanie")),
    ("Footwear", "FTW", ("Trail Runner", "Sneaker", "Hiking Boot", "Slide")),
    ("Accessories", "ACC", ("Backpack", "Tote", "Water Bottle", "Cap", "Wallet")),
    ("Home", "HOM", ("Throw Blanket", "Mug", "Candle", "Cushion Cover")),
)
_ADJECTIVES = ("Summit", "Harbor", "Alpine", "Meadow", "Coastal", "Urban", "Canyon", "Nordic")
_VARIANTS = (
    ("Black", "BLK"),
    ("Navy", "NVY"),
    ("Olive", "OLV"),
    ("Sand", "SND"),
    ("Red", "RED"),
    ("Grey", "GRY"),
)
_VENDORS = ("Northwind Outfitters", "Blue Ridge Goods", "Kestrel & Co.", "Sundial Supply")


@dataclass(frozen=True, slots=True)
class Product:
    """One sellable variant and everything the systems know about it."""

    sku: str
    title: str
    variant_title: str
    vendor: str
    product_type: str
    product_id: int
    variant_id: int
    inventory_item_id: int
    location_id: int
    grams: int
    barcode: str
    status: str  # active | draft | archived
    usd_price: Decimal
    pim_updated_at: datetime
    erp_updated_at: datetime

    @property
    def name(self) -> str:
        """Shopify's line item name: "<title> - <variant>"."""
        return f"{self.title} - {self.variant_title}"


def list_price(usd: Decimal, market: Market) -> Decimal:
    """The market's shelf price for a US list price, rounded the way shops price.

    Two-decimal currencies end in .95 (or .99 for USD), yen in whole tens and dinar in
    multiples of 0.050, so every price fits its currency exactly.
    """
    code = market.currency
    if code == CATALOG_CURRENCY:
        return usd
    local = usd * market.usd_rate
    exp = money.exponent(code)
    if exp == 0:
        return (local / 10).quantize(Decimal(1)) * 10
    if exp == 3:
        return money.quantize(
            (local / Decimal("0.05")).quantize(Decimal(1)) * Decimal("0.05"), code
        )
    whole = local.quantize(Decimal(1), rounding=ROUND_FLOOR)
    return money.quantize(whole + Decimal("0.95"), code)


def _ean13(rng: random.Random) -> str:
    body = "40" + "".join(str(rng.randint(0, 9)) for _ in range(10))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def build_catalog(rng: random.Random, as_of: datetime, count: int = 400) -> list[Product]:
    """``count`` products, sorted by SKU; about nine in ten active."""
    products: list[Product] = []
    for i in range(count):
        ptype, code, nouns = _TYPES[i % len(_TYPES)]
        noun = rng.choice(nouns)
        variant, vcode = rng.choice(_VARIANTS)
        cents = rng.choice(("0.99", "0.00", "0.50"))
        usd = Decimal(rng.randint(6, 220)) + Decimal(cents) - Decimal(1)
        pim_at = as_of - timedelta(hours=2, seconds=rng.randint(0, 88 * 86_400))
        roll = rng.random()
        status = "active" if roll < 0.88 else ("draft" if roll < 0.95 else "archived")
        products.append(
            Product(
                sku=f"{code}-{i + 1:04d}-{vcode}",
                title=f"{rng.choice(_ADJECTIVES)} {noun}",
                variant_title=variant,
                vendor=rng.choice(_VENDORS),
                product_type=ptype,
                product_id=8_301_000_000_000 + i * 7_919,
                variant_id=46_200_000_000_000 + i * 10_007,
                inventory_item_id=48_150_000_000_000 + i * 10_009,
                location_id=LOCATIONS[rng.randrange(len(LOCATIONS))],
                grams=rng.randint(1, 25) * 100,
                barcode=_ean13(rng),
                status=status,
                usd_price=money.quantize(usd, CATALOG_CURRENCY),
                pim_updated_at=pim_at,
                erp_updated_at=pim_at + timedelta(seconds=rng.randint(60, 1_800)),
            )
        )
    return sorted(products, key=lambda p: p.sku)


def _product_record(product: Product, updated_at: datetime) -> Record:
    return {
        "sku": product.sku,
        "title": product.name,
        "status": product.status,
        "price": money.text(product.usd_price, CATALOG_CURRENCY),
        "currency": CATALOG_CURRENCY,
        "vendor": product.vendor,
        "product_type": product.product_type,
        "barcode": product.barcode,
        "weight_grams": product.grams,
        "updated_at": clock.utc(updated_at),
    }


def pim_products(catalog: list[Product]) -> list[Record]:
    """The PIM's export: the catalog as published, by SKU."""
    return [_product_record(p, p.pim_updated_at) for p in catalog]


def erp_products(catalog: list[Product]) -> list[Record]:
    """The ERP's item master: the same products, applied a little after the PIM published."""
    return [_product_record(p, p.erp_updated_at) for p in catalog]
