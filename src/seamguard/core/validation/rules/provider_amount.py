"""``provider_amount``: a major-unit amount and the provider's minor-unit amount agree.

The costliest money faults are scale faults at the boundary to a payment provider: a client
that multiplies every amount by 100 charges JPY 200,000 for a JPY 2,000 order (FC-09); one that
scales KWD by 100 instead of 1000 charges a tenth (FC-10); one that converts ``4.35 * 100`` to
an integer through a float sends 434 (FC-13). This rule computes, exactly, what the provider
amount must be — the amount times ten to the provider's exponent for that currency, under the
declared ``convention`` (:mod:`seamguard.core.validation.rules.conventions`) — and compares:

- ``provider-amount.scale-error`` when the provider amount is the expected one times a power of
  ten (x100, /10): a wrong exponent, never a rounding slip;
- ``provider-amount.mismatch`` for any other difference (off by a cent);
- ``provider-amount.currency-mismatch`` when the provider's currency is not the amount's:
  minor units are never compared across currencies (FC-15);
- ``provider-amount.not-a-number`` / ``provider-amount.unknown-currency`` when it cannot decide.

Both sides usually live in different records (an order and its charge): the rule runs on a
document holding both, such as the ``{order, payment}`` pair a flow joins, or a record that
embeds its payment. :func:`expected_minor` is the same arithmetic as a plain function.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from seamguard.core.canon import EXACT, as_decimal
from seamguard.core.contract import RuleSpec
from seamguard.core.validation.rules._support import code_text, locator, num, shown, violation
from seamguard.core.validation.rules.base import RuleCheck, RuleContext
from seamguard.core.validation.rules.conventions import CONVENTIONS, minor_unit
from seamguard.core.validation.verdict import Violation

KIND = "provider_amount"


def expected_minor(amount: Decimal, code: str, convention: str = "iso4217") -> Decimal | None:
    """``amount`` (major units of ``code``) as the provider's minor units, exactly; None for an
    unknown currency. ``Decimal("4.35")`` EUR is 435; JPY 2000 is 2000; KWD 18.600 is 18600."""
    unit = minor_unit(convention, code)
    if unit is None:
        return None
    return amount.scaleb(unit.exponent, EXACT)


def scale_factor(expected: Decimal, actual: Decimal) -> int | None:
    """``k`` when ``actual == expected * 10**k`` for some ``k != 0``, else None."""
    if expected == 0 or actual == 0 or (expected < 0) != (actual < 0):
        return None
    e, a = expected.normalize(EXACT).as_tuple(), actual.normalize(EXACT).as_tuple()
    if e.digits != a.digits or not isinstance(e.exponent, int) or not isinstance(a.exponent, int):
        return None
    k = a.exponent - e.exponent
    return k or None


def compile_rule(spec: RuleSpec, ctx: RuleContext | None = None) -> RuleCheck:
    """Compile one provider_amount rule into a check function."""
    amount_at = locator(spec.params["amount"])
    provider_at = locator(spec.params["provider_amount"])
    fixed_code: str | None = spec.params.get("currency_code")
    currency_at = locator(spec.params["currency"]) if "currency" in spec.params else None
    provider_currency_at = (
        locator(spec.params["provider_currency"]) if "provider_currency" in spec.params else None
    )
    convention: str = spec.params.get("convention", "iso4217")
    label = CONVENTIONS[convention].label

    def check(doc: Any) -> Iterator[Violation]:
        amount_found, provider_found = amount_at(doc), provider_at(doc)
        if not amount_found or not provider_found:
            return  # one side is missing: the schema (or the join) reports it
        at, raw_amount = amount_found[0]
        pat, raw_provider = provider_found[0]
        if raw_amount is None or raw_provider is None:
            return
        if fixed_code is not None:
            code, code_at = code_text(fixed_code), at
        else:
            assert currency_at is not None
            located = currency_at(doc)
            if not located or located[0][1] is None:
                return
            code_at, raw_code = located[0]
            code = code_text(raw_code)
        if provider_currency_at is not None:
            located = provider_currency_at(doc)
            if located and located[0][1] is not None:
                pcode_at, raw_pcode = located[0]
                pcode = code_text(raw_pcode)
                if pcode != code:
                    yield violation(
                        spec,
                        "currency-mismatch",
                        pcode_at,
                        f"the provider amount is in {shown(raw_pcode)} but the amount at {at} "
                        f"is in {code or shown(raw_pcode)} ({code_at}): minor units are never "
                        "compared across currencies",
                    )
                    return
        amount, provider = as_decimal(raw_amount), as_decimal(raw_provider)
        for value, raw, where in ((amount, raw_amount, at), (provider, raw_provider, pat)):
            if value is None:
                yield violation(spec, "not-a-number", where, f"{shown(raw)} is not a number")
        if amount is None or provider is None:
            return
        if code is None:
            return
        expected = expected_minor(amount, code, convention)
        unit = minor_unit(convention, code)
        if expected is None or unit is None:
            yield violation(
                spec, "unknown-currency", code_at, f"{code!r} is not an ISO 4217 currency code"
            )
            return
        if provider == expected:
            return
        basis = (
            f"{code} {num(amount)} is {num(expected)} in {label} minor units "
            f"({code} has {unit.exponent} decimal place{'s' if unit.exponent != 1 else ''} there)"
        )
        k = scale_factor(expected, provider)
        if k is not None:
            factor = f"x{10**k}" if k > 0 else f"/{10**-k}"
            yield violation(
                spec,
                "scale-error",
                pat,
                f"{basis}; got {num(provider)} ({factor}: a wrong minor-unit exponent)",
            )
            return
        yield violation(
            spec,
            "mismatch",
            pat,
            f"{basis}; got {num(provider)} (off by {num(EXACT.subtract(provider, expected))})",
        )

    return check
