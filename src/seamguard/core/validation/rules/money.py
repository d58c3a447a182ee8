"""``money``: an amount fits its currency — ISO 4217 code, decimal places within the exponent.

Decided with exact decimals from the JSON literal (never binary floats): ``143.48`` USD is fine,
``143.485`` USD is not, ``2000.50`` JPY is not (JPY has no minor unit), ``18.600`` KWD is. With
``minor_units: true`` the amount is an integer count of minor units (Stripe's convention).
Currency exponents come from the ``iso4217`` data package, not a hand-typed table.

``convention`` names the minor-unit convention of the system that receives the amount
(:mod:`seamguard.core.validation.rules.conventions`): under ``stripe`` a KWD amount of minor
units must end in 0 and an ISK or UGX one must be a multiple of 100, and a major-unit amount may
carry only the places the provider can take (KWD 18.605 cannot be charged; 18.60 can). Those
are ``money.provider-rounding`` findings, distinct from ISO's ``money.too-many-decimals``: the
amount is a valid sum of money that this provider will refuse.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any, Final

from seamguard.core import pointer as jp
from seamguard.core.canon import (
    EXACT,
    InexactNumber,
    as_decimal,
    currency_exponent,
    decimal_places,
)
from seamguard.core.contract import RuleSpec
from seamguard.core.validation.rules._support import bind_wildcards, locator, num, violation
from seamguard.core.validation.rules.base import RuleCheck, RuleContext
from seamguard.core.validation.rules.conventions import CONVENTIONS, MinorUnit, minor_unit
from seamguard.core.validation.verdict import Violation

KIND = "money"


def compile_rule(spec: RuleSpec, ctx: RuleContext | None = None) -> RuleCheck:
    """Compile one money rule into a check function."""
    amounts = locator(spec.params["amount"])
    currency_ptr: str | None = spec.params.get("currency")
    fixed_code: str | None = spec.params.get("currency_code")
    minor = bool(spec.params.get("minor_units", False))
    convention: str = spec.params.get("convention", "iso4217")
    # A currency pointer without * is the same location for every amount of the document.
    shared_currency = (
        locator(currency_ptr)
        if currency_ptr is not None and jp.WILDCARD not in currency_ptr
        else None
    )

    def check(doc: Any) -> Iterator[Violation]:
        shared: list[tuple[str, Any]] | None = None
        for at, raw in amounts(doc):
            if raw is None:
                continue  # presence and nullability are the schema's business
            if fixed_code is not None:
                code: Any = fixed_code
                code_at = at
            elif shared_currency is not None:
                if shared is None:
                    shared = shared_currency(doc)
                if not shared:
                    continue
                code_at, code = shared[0]
                if code is None:
                    continue
            else:
                assert currency_ptr is not None
                code_at = bind_wildcards(currency_ptr, at)
                code = jp.get(doc, code_at)
                if code is None:
                    continue  # an absent currency is reported by the schema (required/type)
            amount = as_decimal(raw)
            if amount is None:
                yield violation(spec, "not-a-number", at, f"{raw!r} is not a decimal amount")
                continue
            exp = currency_exponent(code)[0]
            if exp is None:
                yield violation(
                    spec,
                    "unknown-currency",
                    code_at,
                    f"{code!r} is not an ISO 4217 currency code",
                )
                continue
            upper = str(code).strip().upper()
            places = decimal_places(amount)
            if minor:
                if places:
                    yield violation(
                        spec,
                        "fractional-minor-units",
                        at,
                        f"{raw} is not a whole number of {upper} minor units",
                    )
                    continue
            elif places > exp:
                yield violation(
                    spec,
                    "too-many-decimals",
                    at,
                    f"{upper} allows {exp} decimal place{'s' if exp != 1 else ''}; {raw} needs {places}",
                )
                continue
            if convention != "iso4217":
                unit = minor_unit(convention, upper)
                if unit is not None:
                    found = _provider_rounding(spec, convention, unit, upper, amount, minor, at)
                    if found is not None:
                        yield found

    return check


def _provider_rounding(
    spec: RuleSpec,
    convention: str,
    unit: MinorUnit,
    code: str,
    amount: Decimal,
    minor: bool,
    at: str,
) -> Violation | None:
    """The amount as the provider will take it, or a finding naming the two nearest it will."""
    label = CONVENTIONS[convention].label
    if minor:
        if unit.step == 1 or EXACT.remainder(amount, Decimal(unit.step)) == 0:
            return None
        # Floor, not truncation: the multiples either side of -18605 are -18610 and -18600.
        step = Decimal(unit.step)
        low = EXACT.multiply(
            EXACT.divide(amount, step).to_integral_value(ROUND_FLOOR, context=EXACT), step
        )
        return violation(
            spec,
            "provider-rounding",
            at,
            f"{label} takes {code} amounts in multiples of {unit.step} ({unit.reason}): "
            f"expected {num(low)} or {num(EXACT.add(low, step))}, got {num(amount)}",
        )
    if decimal_places(amount) <= unit.places:
        return None
    quantum = Decimal(1).scaleb(-unit.places)
    low = amount.quantize(quantum, rounding=ROUND_FLOOR, context=EXACT)
    high = amount.quantize(quantum, rounding=ROUND_CEILING, context=EXACT)
    return violation(
        spec,
        "provider-rounding",
        at,
        f"{label} takes {code} to {unit.places} decimal place{'s' if unit.places != 1 else ''} "
        f"({unit.reason}): expected {num(low)} or {num(high)}, got {num(amount)}",
    )


# --- the shared fast pass ------------------------------------------------------------------
#
# A contract declares a money rule per money field (24 for a Shopify order), and every record
# runs them all. Nearly every amount is fine, so all of a contract's money rules share one pass
# that reads the values without building pointers or Decimals and decides the clear cases: a
# decimal string or integer with no more places than its currency allows. Only a rule that meets
# anything else (a doubtful amount, an unknown code, a provider convention) runs its full
# check above, which finds and words the violations.

# A JSON number without exponent, as text ("1." is not one: canon.as_decimal refuses it too).
_PLAIN = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.(?=[0-9])([0-9]*?)0*)?\Z")
_MISSING: Final = object()


def _nodes(doc: Any, tokens: Sequence[str]) -> list[Any]:
    """Every node ``tokens`` reach (``*`` fans out), without their pointers."""
    nodes = [doc]
    for token in tokens:
        nxt: list[Any] = []
        for node in nodes:
            if isinstance(node, dict):
                if token == jp.WILDCARD:
                    nxt.extend(node.values())
                elif token in node:
                    nxt.append(node[token])
            elif isinstance(node, list):
                if token == jp.WILDCARD:
                    nxt.extend(node)
                elif token.isdigit() and int(token) < len(node):
                    nxt.append(node[int(token)])
        nodes = nxt
    return nodes


def _get(node: Any, tokens: Sequence[str]) -> Any:
    for token in tokens:
        if isinstance(node, dict):
            if token not in node:
                return _MISSING
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return _MISSING
    return node


class _Fast:
    """One rule's part of the shared pass: where its amounts and currency are."""

    def __init__(self, spec: RuleSpec) -> None:
        self.spec = spec
        self.minor = bool(spec.params.get("minor_units", False))
        amount = jp.parse(spec.params["amount"])
        cut = max((i for i, t in enumerate(amount) if t == jp.WILDCARD), default=-1) + 1
        self.items, self.amount = amount[:cut], amount[cut:]
        self.fixed: str | None = spec.params.get("currency_code")
        self.shared: tuple[str, ...] | None = None
        self.per_item: tuple[str, ...] | None = None
        currency = spec.params.get("currency")
        if currency is not None:
            ctoks = jp.parse(currency)
            if jp.WILDCARD not in ctoks:
                self.shared = ctoks
            elif ctoks[:cut] == self.items and jp.WILDCARD not in ctoks[cut:]:
                self.per_item = ctoks[cut:]
        # Provider conventions and wildcard currencies that do not follow the amount's items
        # are rare enough to always take the full check.
        self.usable = spec.params.get("convention", "iso4217") == "iso4217" and (
            self.fixed is not None or self.shared is not None or self.per_item is not None
        )


def _plainly_fine(value: Any, code: Any, minor: bool, exponents: dict[str, int | None]) -> bool:
    """The clear case: a known ISO code and a decimal string or integer within its places."""
    if type(code) is not str:
        return False
    exp = exponents.get(code, -1)
    if exp == -1:
        exp = exponents[code] = currency_exponent(code)[0]
    if exp is None:
        return False
    if type(value) is str:
        m = _PLAIN.match(value)
        if m is None:
            return False
        frac = m.group(1)
        return (len(frac) if frac else 0) <= (0 if minor else exp)
    if type(value) is int:
        return True
    if type(value) is Decimal:  # an exact number (the fast parser's fractions)
        return value.is_finite() and decimal_places(value) <= (0 if minor else exp)
    if type(value) is float:
        raise InexactNumber(value)
    return False


def compile_group(specs: Sequence[RuleSpec], ctx: RuleContext | None = None) -> RuleCheck:
    """All of a contract's money rules as one check: the shared fast pass, then the full check
    of each rule the fast pass could not clear. Rules whose amounts sit under the same items
    (the order itself, each line item, ...) are cleared in one walk over those items."""
    full = {id(spec): compile_rule(spec, ctx) for spec in specs}
    groups: dict[tuple[tuple[str, ...], bool], list[_Fast]] = {}
    slow: list[RuleSpec] = []
    for spec in specs:
        part = _Fast(spec)
        if part.usable:
            groups.setdefault((part.items, part.minor), []).append(part)
        else:
            slow.append(spec)
    plan = [(items, minor, tuple(parts)) for (items, minor), parts in groups.items()]
    exponents: dict[str, int | None] = {}

    def check(doc: Any) -> Iterator[Violation]:
        for items, minor, parts in plan:
            shared = [
                p.fixed if p.fixed is not None else (_get(doc, p.shared) if p.shared else None)
                for p in parts
            ]
            doubtful: set[int] = set()
            for node in _nodes(doc, items) if items else (doc,):
                for n, part in enumerate(parts):
                    if n in doubtful:
                        continue
                    value = _get(node, part.amount)
                    if value is _MISSING or value is None:
                        continue
                    code = shared[n] if part.per_item is None else _get(node, part.per_item)
                    if code is _MISSING or code is None:
                        continue  # the full check skips these too: the schema's business
                    if not _plainly_fine(value, code, minor, exponents):
                        doubtful.add(n)
            for n in sorted(doubtful):
                yield from full[id(parts[n].spec)](doc)
        for spec in slow:
            yield from full[id(spec)](doc)

    return check
