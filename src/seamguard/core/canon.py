"""Canonical forms the reconciliation engine compares: keys, values, money and instants.

Everything here is pure and exact. Numbers arrive as ``int`` or ``Decimal`` (the readers parse
JSON numbers exactly) or as strings (CSV cells, Shopify money strings); floats never appear and
are never produced, so money stays exact end to end.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import ROUND_FLOOR, Context, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Final

import iso4217

from seamguard.core import pointer as jp

# A Decimal context wide enough that addition and scaling never round: sums of amounts and
# minor-to-major shifts must be exact whatever their size.
EXACT: Final = Context(prec=1_000, Emax=999_999, Emin=-999_999)


class _Absent:
    """The marker for "the pointer reaches nothing", distinct from a JSON ``null``."""

    _instance: _Absent | None = None

    def __new__(cls) -> _Absent:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Final = _Absent()

Getter = Callable[[Any], Any]


def getter(pointer: str) -> Getter:
    """A fast function ``doc -> value`` for ``pointer``, returning ``ABSENT`` when nothing is there.

    Pointers are parsed once per flow rather than once per record: the engine reads several
    pointers from every one of tens of thousands of records. A pointer holding ``*`` takes the
    first location it reaches, in document order.
    """
    tokens = jp.parse(pointer)
    if jp.WILDCARD in tokens:

        def first(doc: Any) -> Any:
            for _, value in jp.resolve(doc, tokens):
                return value
            return ABSENT

        return first

    def walk(doc: Any) -> Any:
        node = doc
        for token in tokens:
            if isinstance(node, dict):
                if token not in node:
                    return ABSENT
                node = node[token]
            elif isinstance(node, list):
                # RFC 6901 array indexes: digits only, no leading zeros.
                if not token.isdigit() or (len(token) > 1 and token[0] == "0"):
                    return ABSENT
                index = int(token)
                if index >= len(node):
                    return ABSENT
                node = node[index]
            else:
                return ABSENT
        return node

    return walk


# A string counts as a number only when it is written the way JSON writes one. Leading zeros
# ("007", "000000101") keep a string a string: zero-padded identifiers (Magento increment ids,
# SKUs, postcodes) are distinct from the integers they resemble.
_NUMBER: Final = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?\Z")


class InexactNumber(Exception):  # noqa: N818 - a signal, caught by the validation engine
    """A binary float reached a place that must judge the number exactly.

    seamguard's exact readers never produce floats; only the fast first-pass parser does. The
    validation engine catches this and judges the record again from its exact JSON literal.
    """


def as_decimal(value: Any) -> Decimal | None:
    """``value`` as an exact finite Decimal, or None when it is not a number.

    ``int`` (not ``bool``), finite ``Decimal`` and strings written like a JSON number qualify.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, float):
        raise InexactNumber(value)
    if isinstance(value, str) and _NUMBER.match(value):
        return Decimal(value)
    return None


def decimal_places(value: Decimal) -> int:
    """Decimal places the value needs (trailing zeros do not count: 18.600 needs 1)."""
    if not value.is_finite():
        return 0
    # The exact context: the default one has 28 digits and would round 1.000...0001 to 1.
    exp = value.normalize(EXACT).as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def canonical_key(value: Any) -> tuple[str | None, str]:
    """The canonical string of a key value, or ``(None, reason)`` when it cannot key a record.

    Integers and the digit strings that write them compare equal (``450789469`` and
    ``"450789469"``: one system stores ids as numbers, the other as text); an integral Decimal
    counts as that integer. Other strings are kept exactly. Absent, ``null``, empty string,
    booleans, objects and arrays cannot key a record.
    """
    if value is ABSENT:
        return None, "key is absent"
    if value is None:
        return None, "key is null"
    if isinstance(value, bool):
        return None, f"key is a boolean ({str(value).lower()})"
    if isinstance(value, int):
        return str(value), ""
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None, f"key is not a finite number ({value})"
        # adjusted() bounds the digit count before int() materialises it.
        if value == value.to_integral_value() and value.adjusted() < 100:
            return str(int(value)), ""
        return str(value.normalize(EXACT)), ""
    if isinstance(value, str):
        if value == "":
            # An unset reference is often "" rather than absent (Stripe metadata, CSV cells);
            # keying on it would pair every such record with every other one.
            return None, "key is an empty string"
        return value, ""
    return None, f"key is not a scalar ({type(value).__name__})"


Canonical = tuple[Any, ...]


def canonical_value(value: Any) -> Canonical:
    """A hashable form of ``value`` under which canonically equal values compare equal.

    Numbers (and number strings) become tagged Decimals, so ``Decimal("10.0")``, ``10`` and
    ``"10.00"`` agree; the tags keep ``True`` apart from ``1`` and ``"true"``. Objects compare
    member by member regardless of key order, arrays item by item.
    """
    if value is ABSENT or value is None:
        return ("null",)
    if isinstance(value, bool):
        return ("bool", value)
    number = as_decimal(value)
    if number is not None:
        return ("num", number)
    if isinstance(value, str):
        return ("str", value)
    if isinstance(value, dict):
        return ("obj", frozenset((str(k), canonical_value(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return ("arr", tuple(canonical_value(v) for v in value))
    return ("other", repr(value))


@lru_cache(maxsize=512)
def _exponent(code: str) -> int | None:
    try:
        exponent = iso4217.Currency(code).exponent
    except ValueError:
        return None
    return exponent if isinstance(exponent, int) else None


@lru_cache(maxsize=1)
def iso_codes_by_exponent() -> dict[int, tuple[str, ...]]:
    """Every ISO 4217 code with a minor-unit exponent, grouped by it (codes sorted)."""
    groups: dict[int, list[str]] = {}
    for currency in iso4217.Currency:
        exponent = _exponent(currency.code)
        if exponent is not None:
            groups.setdefault(exponent, []).append(currency.code)
    return {e: tuple(sorted(codes)) for e, codes in sorted(groups.items())}


def currency_exponent(value: Any) -> tuple[int | None, str]:
    """The ISO 4217 minor-unit exponent for a currency code value (any case), or (None, reason).

    Codes without minor units in ISO 4217 (``XAU``, ``XXX``) have no exponent: an amount in
    minor units of such a currency cannot be read.
    """
    if not isinstance(value, str) or not value.strip():
        return None, f"no currency code ({json_ready(value)!r})"
    code = value.strip().upper()
    exponent = _exponent(code)
    if exponent is None:
        return None, f"unknown currency or no minor unit: {code}"
    return exponent, ""


def to_major(value: Any, minor_units: bool, exponent: int | None) -> tuple[Decimal | None, str]:
    """An amount as an exact Decimal in major units, or ``(None, reason)``.

    A minor-units amount must be an integer (``40994``, ``"40994"``); it is shifted by the
    currency exponent exactly (``40994`` USD -> ``409.94``; ``2000`` JPY -> ``2000``).
    """
    amount = as_decimal(value)
    if amount is None:
        return None, f"not an amount: {json_ready(value)!r}"
    if not minor_units:
        return amount, ""
    if amount != amount.to_integral_value():
        return None, f"minor units must be an integer: {json_ready(value)!r}"
    if exponent is None:
        return None, "minor units need a currency"
    return amount.scaleb(-exponent, EXACT), ""


_RFC3339: Final = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?"
    r"(?:[Zz]|[+-][0-9]{2}:[0-9]{2})\Z"
)
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


def parse_instant(value: Any) -> datetime | None:
    """An instant in UTC, or None when ``value`` is not one.

    RFC 3339 strings must carry ``Z`` or an offset: a local time without one could be any of
    25 instants, and guessing would shift latencies by hours. ``int`` or ``Decimal`` values are
    Unix epoch seconds (Stripe's ``created``), fractions kept to the microsecond.
    """
    if isinstance(value, str):
        if not _RFC3339.match(value):
            return None
        text = value.upper().replace("Z", "+00:00")
        try:
            return datetime.fromisoformat(text).astimezone(UTC)
        except ValueError:  # e.g. month 13, or a leap second Python cannot represent
            return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        seconds = Decimal(value)
        # Past year 9999 datetime cannot hold it; adjusted() guards int() on huge exponents.
        if not seconds.is_finite() or seconds.adjusted() > 12:
            return None
        whole = int(seconds.to_integral_value(ROUND_FLOOR))
        micros = int(((seconds - whole) * 1_000_000).to_integral_value(ROUND_FLOOR))
        try:
            return _EPOCH + timedelta(seconds=whole, microseconds=micros)
        except OverflowError:
            return None
    return None


def json_ready(value: Any) -> Any:
    """``value`` with Decimals as strings and ``ABSENT`` as None, ready for a JSON writer.

    Decimals keep the digits they were written with (``"18.600"``), so a report shows what the
    source held.
    """
    if value is ABSENT:
        return None
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    return value


def decimal_text(value: Decimal) -> str:
    """A Decimal as plain text without exponent noise: ``409.94``, ``2000``, ``18.6``."""
    try:
        normal = value.normalize(EXACT)
    except InvalidOperation:  # pragma: no cover - finite values always normalise
        return str(value)
    # normalize() writes 2000 as 2E+3; format with "f" restores positional notation.
    return format(normal, "f")
