"""Markets the simulated shop sells in, and its customers (all personal data fictitious).

Names are common given names and surnames; emails use the reserved ``example.invalid``
domain, IPs the documentation ranges (RFC 5737), US phones the fictional 555-01xx block and UK
phones Ofcom's drama range. Streets are generic.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class City:
    name: str
    province: str | None
    province_code: str | None
    zip_code: str
    latitude: str
    longitude: str
    tax_rate: Decimal  # sales tax or VAT on the order's goods; 0 where there is none
    tax_title: str


@dataclass(frozen=True, slots=True)
class Market:
    """A country the shop sells to: currency, the store's clock, prices, taxes and shipping.

    ``tz`` is a fixed offset (the late-November one: no daylight saving then) so the generator
    needs no time-zone database; a stack generated for a summer as_of keeps winter offsets.
    """

    country_code: str
    country: str
    currency: str
    tz: timezone
    usd_rate: Decimal  # units of currency per US dollar, for list prices and total_price_usd
    weight: int  # share of orders, in percent
    cities: tuple[City, ...]
    streets: tuple[str, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    shipping: tuple[tuple[str, str, Decimal], ...]  # (code, title, price)
    accept_language: str
    phone: str | None  # a format with {n} for two fictional digits, or None


def _d(value: str) -> Decimal:
    return Decimal(value)


_EN_FIRST = (
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Daniel",
    "Karen",
    "Maria",
    "Aisha",
    "Wei",
    "Priya",
    "Carlos",
)
_EN_LAST = (
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Wilson",
    "Anderson",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
)

MARKETS: tuple[Market, ...] = (
    Market(
        country_code="US",
        country="United States",
        currency="USD",
        tz=timezone(timedelta(hours=-5)),
        usd_rate=_d("1"),
        weight=52,
        cities=(
            City(
                "New York",
                "New York",
                "NY",
                "100{n}",
                "40.7128",
                "-74.0060",
                _d("0.08875"),
                "NY State Tax",
            ),
            City(
                "Austin",
                "Texas",
                "TX",
                "787{n}",
                "30.2672",
                "-97.7431",
                _d("0.0825"),
                "TX State Tax",
            ),
            City(
                "Portland",
                "Oregon",
                "OR",
                "972{n}",
                "45.5152",
                "-122.6784",
                _d("0"),
                "OR State Tax",
            ),
            City(
                "Chicago",
                "Illinois",
                "IL",
                "606{n}",
                "41.8781",
                "-87.6298",
                _d("0.1025"),
                "IL State Tax",
            ),
        ),
        streets=("Maple Avenue", "Oak Street", "Cedar Lane", "Park Avenue", "Elm Street"),
        first_names=_EN_FIRST,
        last_names=_EN_LAST,
        shipping=(
            ("Standard", "Standard Shipping", _d("5.99")),
            ("Free Shipping", "Free Shipping", _d("0.00")),
            ("Express", "Express Shipping", _d("14.50")),
        ),
        accept_language="en-US,en;q=0.9",
        phone="+1-555-01{n}",
    ),
    Market(
        country_code="DE",
        country="Germany",
        currency="EUR",
        tz=timezone(timedelta(hours=1)),
        usd_rate=_d("0.92"),
        weight=14,
        cities=(
            City("Berlin", None, None, "101{n}", "52.5200", "13.4050", _d("0.19"), "MwSt"),
            City("Hamburg", None, None, "200{n}", "53.5511", "9.9937", _d("0.19"), "MwSt"),
        ),
        streets=("Hauptstraße", "Gartenweg", "Bahnhofstraße", "Lindenallee"),
        first_names=("Lukas", "Anna", "Jonas", "Lea", "Felix", "Sophie", "Jürgen", "Marie"),
        last_names=("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker"),
        shipping=(("DHL", "DHL Paket", _d("4.90")), ("Gratis", "Kostenloser Versand", _d("0.00"))),
        accept_language="de-DE,de;q=0.9,en;q=0.6",
        phone=None,
    ),
    Market(
        country_code="FR",
        country="France",
        currency="EUR",
        tz=timezone(timedelta(hours=1)),
        usd_rate=_d("0.92"),
        weight=6,
        cities=(City("Lyon", None, None, "690{n}", "45.7640", "4.8357", _d("0.20"), "TVA"),),
        streets=("Rue de la République", "Avenue Jean Jaurès", "Rue Victor Hugo"),
        first_names=("Léa", "Hugo", "Chloé", "Louis", "Camille", "Gabriel", "Zoé"),
        last_names=("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Lefèvre", "Moreau"),
        shipping=(("Colissimo", "Colissimo", _d("5.50")),),
        accept_language="fr-FR,fr;q=0.9,en;q=0.5",
        phone=None,
    ),
    Market(
        country_code="GB",
        country="United Kingdom",
        currency="GBP",
        tz=timezone(timedelta(hours=0)),
        usd_rate=_d("0.79"),
        weight=13,
        cities=(
            City(
                "Manchester", "England", "ENG", "M1 {d}AE", "53.4808", "-2.2426", _d("0.20"), "VAT"
            ),
            City(
                "Edinburgh", "Scotland", "SCT", "EH1 {d}YZ", "55.9533", "-3.1883", _d("0.20"), "VAT"
            ),
        ),
        streets=("High Street", "Station Road", "Church Lane", "Victoria Road"),
        first_names=_EN_FIRST,
        last_names=_EN_LAST,
        shipping=(
            ("Royal Mail", "Royal Mail Tracked 48", _d("3.95")),
            ("DPD", "DPD Next Day", _d("6.95")),
        ),
        accept_language="en-GB,en;q=0.9",
        phone="+44 7700 9001{n}",
    ),
    Market(
        country_code="JP",
        country="Japan",
        currency="JPY",
        tz=timezone(timedelta(hours=9)),
        usd_rate=_d("150"),
        weight=9,
        cities=(
            City(
                "Osaka", "Ōsaka", "JP-27", "530-00{n}", "34.6937", "135.5023", _d("0.10"), "消費税"
            ),
            City(
                "Tokyo", "Tōkyō", "JP-13", "100-00{n}", "35.6762", "139.6503", _d("0.10"), "消費税"
            ),
        ),
        streets=("Chuo 1-2-3", "Umeda 2-4-9", "Shibuya 3-1-1"),
        first_names=("Haruto", "Yui", "Sota", "Hina", "Ren", "Aoi", "Yuto", "Sakura"),
        last_names=("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto"),
        shipping=(("Yamato", "Yamato Transport", _d("500")), ("Free", "Free Shipping", _d("0"))),
        accept_language="ja-JP,ja;q=0.9,en;q=0.5",
        phone=None,
    ),
    Market(
        country_code="KW",
        country="Kuwait",
        currency="KWD",
        tz=timezone(timedelta(hours=3)),
        usd_rate=_d("0.307"),
        weight=6,
        cities=(
            City("Kuwait City", "Al Asimah", None, "130{n}", "29.3759", "47.9774", _d("0"), "VAT"),
        ),
        streets=("Block 3, Street 12", "Block 1, Street 101", "Block 7, Street 4"),
        first_names=("Fatima", "Mohammed", "Noura", "Abdullah", "Mariam", "Yousef"),
        last_names=("Al-Sabah", "Al-Mutairi", "Al-Enezi", "Al-Rashidi", "Al-Ajmi"),
        shipping=(("Aramex", "Aramex Express", _d("1.500")),),
        accept_language="ar-KW,ar;q=0.9,en;q=0.8",
        phone=None,
    ),
)


@dataclass(slots=True)
class Customer:
    """A shopper. orders_count, total_spent and the last order follow the orders placed."""

    id: int
    address_id: int
    stripe_id: str
    market: Market
    city: City
    first_name: str
    last_name: str
    email: str
    phone: str | None
    address1: str
    zip_code: str
    created_at: datetime
    accepts_marketing: bool
    has_account: bool
    orders_count: int = 0
    total_spent: Decimal = Decimal(0)
    last_order_id: int | None = None
    last_order_name: str | None = None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters and digits only, for email local parts (Müller -> muller)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in folded.lower() if ch.isalnum())


_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def token(rng: random.Random, length: int) -> str:
    """A random alphanumeric string (Stripe id bodies, receipt keys)."""
    return "".join(rng.choices(_ALNUM, k=length))


def customers(rng: random.Random, count: int, start: datetime) -> list[Customer]:
    """``count`` customers, each in one market (weighted by market share)."""
    weights = [m.weight for m in MARKETS]
    out: list[Customer] = []
    ids = rng.sample(range(10_000_000), count)
    for i in range(count):
        market = rng.choices(MARKETS, weights)[0]
        city = rng.choice(market.cities)
        first, last = rng.choice(market.first_names), rng.choice(market.last_names)
        digits = f"{rng.randint(0, 99):02d}"
        out.append(
            Customer(
                id=6_912_000_000_000 + ids[i] * 37,
                address_id=8_104_000_000_000 + ids[i] * 41,
                stripe_id="cus_" + token(rng, 14),
                market=market,
                city=city,
                first_name=first,
                last_name=last,
                email=f"{ascii_slug(first)}.{ascii_slug(last)}.{i + 1}@example.invalid",
                phone=market.phone.format(n=digits) if market.phone else None,
                address1=f"{rng.randint(1, 240)} {rng.choice(market.streets)}",
                zip_code=city.zip_code.format(n=digits, d=digits[1]),
                created_at=start
                - timedelta(days=rng.randint(1, 900), seconds=rng.randint(0, 86_399)),
                accepts_marketing=rng.random() < 0.4,
                has_account=rng.random() < 0.6,
            )
        )
    return out
