"""``sum``: a total equals the signed sum of its parts, exactly.

Totals are where float arithmetic shows: a voucher that covers items and shipping leaves a
position price of ``-7.1e-15`` instead of ``0.00`` (FC-13), and ``0.1 + 0.2 != 0.3``. This rule
recomputes the total with exact decimals from the JSON literals (a context wide enough that no
addition ever rounds) and compares: ``sum.mismatch`` at the total's path, with the expected
and actual values in the message.

Parts are pointers, ``-`` in front subtracts (``-/discount_total``), ``*`` sums array items
(``/lines/*/line_total``). Tax is the one place where rounding is part of the contract: a
system rounds either each line's tax and sums (``rounding: per_line``, every value a part
resolves to is rounded to the currency exponent first) or sums and rounds once
(``per_document``), with ``rounding_mode`` (ROUND_HALF_EVEN by default, banker's rounding, what
most tax engines use). ``tolerance`` admits a declared absolute difference for a producer known
to drift; the default is 0.

Absent parts: by default (``missing: skip``) a document lacking a part — or a total — is not
judged, because demanding presence is the schema's ``required`` and a sum over an unknown term
would only add a second, misleading finding. ``missing: zero`` counts an absent or null part as
0 (an order that omits ``shipping_total`` when shipping is free). A part that is present but not
a number is always a finding (``sum.not-a-number``): skipping it would pass a broken record.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Decimal,
    InvalidOperation,
)
from typing import Any

from seamguard.core import pointer as jp
from seamguard.core.canon import ABSENT, EXACT, as_decimal, currency_exponent
from seamguard.core.contract import RuleSpec
from seamguard.core.validation.rules._support import (
    locator,
    num,
    resolve_or_absent,
    shown,
    violation,
)
from seamguard.core.validation.rules.base import RuleCheck, RuleContext
from seamguard.core.validation.verdict import Violation

KIND = "sum"

ROUNDING = {
    "half_even": ROUND_HALF_EVEN,
    "half_up": ROUND_HALF_UP,
    "half_down": ROUND_HALF_DOWN,
    "up": ROUND_UP,
    "down": ROUND_DOWN,
    "ceiling": ROUND_CEILING,
    "floor": ROUND_FLOOR,
}
# A mismatch message lists at most this many terms; a 300-line order is summarised.
_SHOWN_TERMS = 8


def compile_rule(spec: RuleSpec, ctx: RuleContext | None = None) -> RuleCheck:
    """Compile one sum rule into a check function."""
    total_at = locator(spec.params["total"])
    parts = tuple(
        (text.startswith("-"), jp.parse(text[1:] if text.startswith("-") else text))
        for text in spec.params["parts"]
    )
    zero_missing = spec.params.get("missing", "skip") == "zero"
    rounding: str = spec.params.get("rounding", "none")
    mode_name: str = spec.params.get("rounding_mode", "half_even")
    mode = ROUNDING[mode_name]
    currency_at = locator(spec.params["currency"]) if "currency" in spec.params else None
    fixed_code: str | None = spec.params.get("currency_code")
    minor = bool(spec.params.get("minor_units", False))
    tolerance = Decimal(spec.params.get("tolerance", "0"))

    def exponent(doc: Any) -> tuple[int | None, Violation | None]:
        """Places to round to, or (None, finding-or-None) when the document cannot say."""
        if minor:
            return 0, None
        if fixed_code is not None:
            return currency_exponent(fixed_code)[0], None
        assert currency_at is not None
        found = currency_at(doc)
        if not found or found[0][1] is None:
            return None, None  # no currency: the schema reports it
        at, code = found[0]
        exp = currency_exponent(code)[0]
        if exp is None:
            message = f"cannot round to {code!r}: not an ISO 4217 currency with a minor unit"
            return None, violation(spec, "unknown-currency", at, message)
        return exp, None

    def check(doc: Any) -> Iterator[Violation]:
        found = total_at(doc)
        if not found or found[0][1] is None:
            return
        at, raw_total = found[0]
        total = as_decimal(raw_total)
        bad: list[Violation] = []
        if total is None:
            bad.append(
                violation(spec, "not-a-number", at, f"total {shown(raw_total)} is not a number")
            )
        terms: list[tuple[bool, Decimal]] = []
        for negative, tokens in parts:
            for ptr, raw in resolve_or_absent(doc, tokens):
                if raw is ABSENT or raw is None:
                    if not zero_missing:
                        return  # an absent part: not judged (missing: skip)
                    continue
                value = as_decimal(raw)
                if value is None:
                    bad.append(
                        violation(spec, "not-a-number", ptr, f"part {shown(raw)} is not a number")
                    )
                    continue
                terms.append((negative, value))
        if bad:
            yield from bad
            return
        assert total is not None
        places: int | None = None
        if rounding != "none":
            places, problem = exponent(doc)
            if places is None:
                if problem is not None:
                    yield problem
                return
        try:
            expected, how = _expected(terms, rounding, places, mode)
        except InvalidOperation:  # pragma: no cover - needs numbers of ~1000 digits
            return
        difference = EXACT.subtract(total, expected)
        if abs(difference) <= tolerance:
            return
        if rounding != "none":
            how += f", rounded {rounding.replace('_', ' ')} to {places} places ({mode_name})"
        yield violation(
            spec,
            "mismatch",
            at,
            f"expected {num(expected)} ({how}), actual {num(total)} (off by {num(difference)})",
        )

    return check


def _expected(
    terms: list[tuple[bool, Decimal]], rounding: str, places: int | None, mode: str
) -> tuple[Decimal, str]:
    """The exact expected total and how it was formed (for the message)."""
    quantum = Decimal(1).scaleb(-places) if places is not None else None
    total = Decimal(0)
    shown_terms: list[str] = []
    for negative, value in terms:
        if rounding == "per_line":
            assert quantum is not None
            value = value.quantize(quantum, rounding=mode, context=EXACT)
        total = EXACT.subtract(total, value) if negative else EXACT.add(total, value)
        if len(shown_terms) < _SHOWN_TERMS:
            sign = "-" if negative else "+"
            shown_terms.append(f"{sign} {num(value)}" if shown_terms or negative else num(value))
    if rounding == "per_document":
        assert quantum is not None
        total = total.quantize(quantum, rounding=mode, context=EXACT)
    how = " ".join(shown_terms) if shown_terms else "no parts"
    if len(terms) > _SHOWN_TERMS:
        how += f" ... ({len(terms)} terms)"
    return total, how
