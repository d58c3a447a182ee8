"""Payment providers' minor-unit conventions where they differ from ISO 4217 — as data.

A provider's API amount is an integer of *its* minor unit, and for some currencies that is not
ISO 4217's: Stripe sends JPY as whole yen (ISO agrees), MGA as whole ariary (ISO says two
decimals), and ISK and UGX as if they had two decimals that are always ``00`` (ISO says none).
Three-decimal currencies are accepted only with a last digit of 0. A client that multiplies
every amount by 100 charges 100x too much in yen (FC-09); one that scales KWD by 100 instead of
1000 charges a tenth (FC-10); one that sends KWD 18605 is refused by the provider.

Source: Stripe, "Supported currencies", https://docs.stripe.com/currencies — sections
"Zero-decimal currencies", "Three-decimal currencies" and "Special cases" (ISK, HUF, TWD, UGX),
as the page reads in 2025-2026. Stripe still lists UGX among the zero-decimal currencies, but its
special case overrides that: "UGX became a zero-decimal currency, but backwards compatibility
requires you to represent it as a two-decimal value, where the decimal amount is always 00" —
the same rule as ISK since 2023-04-14. HUF and TWD take two-decimal charges but are zero-decimal
for payouts (amounts divisible by 100), hence the separate ``stripe_payout`` convention.

Every other currency follows ISO 4217 (exponent from the ``iso4217`` data package, step 1).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from seamguard.core.canon import currency_exponent


@dataclass(frozen=True)
class MinorUnit:
    """How a provider writes amounts of one currency as integers.

    ``exponent``: decimal places the integer carries (``1000`` at exponent 2 is 10.00).
    ``step``: the integer must be a multiple of this (10 for three-decimal currencies at Stripe).
    ``reason``: the documented rule, quoted in findings.
    """

    exponent: int
    step: int = 1
    reason: str = ""

    @property
    def places(self) -> int:
        """Decimal places a major-unit amount may carry and still be sent exactly."""
        return self.exponent - (len(str(self.step)) - 1)


@dataclass(frozen=True)
class Convention:
    """A named minor-unit convention: the currencies in which it departs from ISO 4217."""

    name: str
    label: str
    overrides: Mapping[str, MinorUnit]


_ZERO = MinorUnit(0, 1, "a zero-decimal currency: amounts are whole units, never multiplied by 100")
_TWO_DECIMALS_00 = MinorUnit(
    2,
    100,
    "effectively zero-decimal, but written with two decimals that are always 00 for backwards "
    "compatibility: 5 units are 500",
)
_THREE_DECIMALS = MinorUnit(
    3, 10, "a three-decimal currency whose last digit must be 0, rounded to the nearest ten"
)
_PAYOUT_ZERO = MinorUnit(
    2, 100, "zero-decimal for payouts though charges take two decimals: a multiple of 100"
)

_STRIPE_ZERO_DECIMAL = (
    "BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF VND VUV XAF XOF XPF"  # and UGX: a special case
)
_STRIPE_THREE_DECIMAL = "BHD JOD KWD OMR TND"
_STRIPE_SPECIAL = "ISK UGX"
_STRIPE_PAYOUT_SPECIAL = "HUF TWD"

_STRIPE: dict[str, MinorUnit] = {
    **dict.fromkeys(_STRIPE_ZERO_DECIMAL.split(), _ZERO),
    **dict.fromkeys(_STRIPE_THREE_DECIMAL.split(), _THREE_DECIMALS),
    **dict.fromkeys(_STRIPE_SPECIAL.split(), _TWO_DECIMALS_00),
}

CONVENTIONS: Mapping[str, Convention] = MappingProxyType(
    {
        "iso4217": Convention("iso4217", "ISO 4217", MappingProxyType({})),
        "stripe": Convention("stripe", "Stripe", MappingProxyType(dict(_STRIPE))),
        "stripe_payout": Convention(
            "stripe_payout",
            "Stripe payouts",
            MappingProxyType(
                {**_STRIPE, **dict.fromkeys(_STRIPE_PAYOUT_SPECIAL.split(), _PAYOUT_ZERO)}
            ),
        ),
    }
)


def minor_unit(convention: str, code: str) -> MinorUnit | None:
    """The minor unit of currency ``code`` (any case) under ``convention``; ISO 4217's exponent
    with step 1 where the convention does not depart from it; None for an unknown currency."""
    iso, _ = currency_exponent(code)
    if iso is None:
        return None
    override = CONVENTIONS[convention].overrides.get(code.strip().upper())
    return override if override is not None else MinorUnit(iso)
