"""``money``: an amount fits its currency — ISO 4217 code, decimal places within the exponent.

Decided with exact decimals from the JSON literal (never binary floats): ``143.48`` USD is fine,
``143.485`` USD is not, ``2000.50`` JPY is not (JPY has no minor unit), ``18.600`` KWD is. With
``minor_units: true`` the amount is an integer count of minor units (Stripe's convention).
Currency exponents come from the ``iso4217`` data package, not a hand-typed table.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from seamguard.core import pointer as jp
from seamguard.core.canon import as_decimal, currency_exponent
from seamguard.core.contract import RuleSpec
from seamguard.core.validation.verdict import Violation

KIND = "money"


def decimal_places(value: Decimal) -> int:
    """Decimal places the value needs (trailing zeros do not count: 18.600 needs 1)."""
    if not value.is_finite():
        return 0
    exp = value.normalize().as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def _currency_pointer(template: str, amount_at: str) -> str:
    """Bind the ``*`` of a currency pointer to the indexes of the concrete amount pointer, so
    /lines/*/currency pairs with /lines/3/amount."""
    t, a = jp.parse(template), jp.parse(amount_at)
    return jp.join(a[i] if tok == jp.WILDCARD and i < len(a) else tok for i, tok in enumerate(t))


def _locations(tokens: tuple[str, ...]) -> Any:
    """A function ``doc -> [(pointer, value)]``; pointers without ``*`` (most money fields) take
    a direct path instead of the general resolver, since this runs for every record."""
    if jp.WILDCARD in tokens:
        return lambda doc: jp.resolve(doc, tokens)
    at = jp.join(tokens)

    def direct(doc: Any) -> list[tuple[str, Any]]:
        node = doc
        for token in tokens:
            if isinstance(node, dict):
                if token not in node:
                    return []
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return []
        return [(at, node)]

    return direct


def compile_rule(spec: RuleSpec) -> Any:
    """Compile one money rule into a check function."""
    amounts = _locations(jp.parse(spec.params["amount"]))
    currency_ptr: str | None = spec.params.get("currency")
    fixed_code: str | None = spec.params.get("currency_code")
    minor = bool(spec.params.get("minor_units", False))
    where = f"{spec.pointer}"
    # A currency pointer without * is the same location for every amount of the document.
    shared_currency = (
        _locations(jp.parse(currency_ptr))
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
                code_at = _currency_pointer(currency_ptr, at)
                code = jp.get(doc, code_at)
                if code is None:
                    continue  # an absent currency is reported by the schema (required/type)
            amount = as_decimal(raw)
            if amount is None:
                yield _v(spec, at, "not-a-number", f"{raw!r} is not a decimal amount", where)
                continue
            exp = currency_exponent(code)[0]
            if exp is None:
                yield _v(
                    spec,
                    code_at,
                    "unknown-currency",
                    f"{code!r} is not an ISO 4217 currency code",
                    where,
                )
                continue
            places = decimal_places(amount)
            if minor:
                if places:
                    yield _v(
                        spec,
                        at,
                        "fractional-minor-units",
                        f"{raw} is not a whole number of {str(code).upper()} minor units",
                        where,
                    )
            elif places > exp:
                yield _v(
                    spec,
                    at,
                    "too-many-decimals",
                    f"{str(code).upper()} allows {exp} decimal place{'s' if exp != 1 else ''}; {raw} needs {places}",
                    where,
                )

    return check


def _v(spec: RuleSpec, path: str, finding: str, message: str, where: str) -> Violation:
    return Violation(
        path=path,
        rule=f"money.{finding}",
        keyword="money",
        message=message,
        schema_pointer=where,
        rule_id=spec.id,
    )
