"""``same_currency``: the money fields of a document are in one currency (per declared set).

A refund entered in the store's default GBP against an INR payment went to the processor as
INR minor units (FC-15); a Shopify order carries shop money and presentment money, each
consistent only within its own set. Money rules check each amount against *its* currency; this
rule checks that the currencies agree:

- ``currencies: [/currency, /lines/*/currency]``: every code these pointers reach is the same;
- ``sets: [[/total_price_set/shop_money/currency_code, /currency], [...presentment...]]``: each
  set agrees within itself (sets may differ from each other);
- neither: the ``currency`` pointers of the contract's own money rules form the one set, so a
  contract that declares its money fields once gets the cross-check for free.

Codes compare trimmed and case-insensitively (Stripe's ``inr`` is ``INR``). Absent or null
codes are left to the schema. The finding ``same-currency.mixed`` is placed at the first pointer
whose code differs from the set's first code, naming both.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from seamguard.core import pointer as jp
from seamguard.core.contract import RuleSpec
from seamguard.core.validation.rules._support import code_text, contract_error, shown, violation
from seamguard.core.validation.rules.base import RuleCheck, RuleContext
from seamguard.core.validation.verdict import Violation

KIND = "same_currency"


def currency_sets(spec: RuleSpec, ctx: RuleContext | None) -> tuple[tuple[str, ...], ...]:
    """The pointer sets the rule compares: declared, or derived from the money rules."""
    if "sets" in spec.params:
        return tuple(tuple(s) for s in spec.params["sets"])
    if "currencies" in spec.params:
        return (tuple(spec.params["currencies"]),)
    derived: list[str] = []
    for other in ctx.rules if ctx is not None else ():
        ptr = other.params.get("currency") if other.kind == "money" else None
        if isinstance(ptr, str) and ptr not in derived:
            derived.append(ptr)
    if len(derived) < 2 and not any(jp.WILDCARD in p for p in derived):
        raise contract_error(
            spec,
            "no currencies to compare: the contract's money rules name "
            f"{len(derived)} currency pointer{'s' if len(derived) != 1 else ''}; list them with "
            "'currencies' or 'sets'",
        )
    return (tuple(derived),)


def compile_rule(spec: RuleSpec, ctx: RuleContext | None = None) -> RuleCheck:
    """Compile one same_currency rule into a check function."""
    sets = tuple(tuple(jp.parse(p) for p in members) for members in currency_sets(spec, ctx))

    def check(doc: Any) -> Iterator[Violation]:
        for members in sets:
            first: tuple[str, str, Any] | None = None
            for tokens in members:
                for at, raw in jp.resolve(doc, tokens):
                    code = code_text(raw)
                    if code is None:
                        continue  # absent, null or not a code: the schema's business
                    if first is None:
                        first = (at, code, raw)
                    elif code != first[1]:
                        yield violation(
                            spec,
                            "mixed",
                            at,
                            f"{shown(raw)} at {at} differs from {shown(first[2])} at {first[0]}",
                        )
                        break
                else:
                    continue
                break

    return check
