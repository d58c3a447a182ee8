"""The ``money`` rules of a contract as one JSON Schema that only ever clears.

Every record of a Shopify order runs 24 money rules, and nearly every amount is fine. Deciding
the clear case in Python costs more than parsing and validating the record together; as a JSON
Schema it costs a fraction of that, inside the same Rust validator that checks the structure.
So the fast pass (:mod:`seamguard.core.validation.engine`) asks this schema first.

The schema is *sound for clearing*: a document it accepts gets no finding from any of the rules
it covers — each amount is null, absent, an integer, or a decimal string with no more places
than its currency allows (none for minor units), and its currency is absent, null, or a code
ISO 4217 gives that exponent. A document it rejects is not necessarily wrong: the rules then run
in full and find (and word) whatever there is. Rules it cannot express (a provider convention,
a currency under ``*`` that does not follow the amount's items, a fixed code without minor
units) stay with the Python check.

Integers are cleared only where numbers are exact or written as their shortest float form, the
two ways the engine's fast pass parses (so ``1.0`` is an integer whose exact value is too).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from seamguard.core import pointer as jp
from seamguard.core.canon import currency_exponent, iso_codes_by_exponent
from seamguard.core.contract import RuleSpec

_DIGITS = "-?(?:0|[1-9][0-9]*)"


def _amount_ok(places: int) -> dict[str, Any]:
    # The same strings money's own fast pass accepts (trailing zeros do not count: "1.500" has
    # one place), restricted to `places`.
    # A fraction has at least one digit ("1." is not a JSON number, which the rule refuses).
    fraction = rf"(?:\.(?:[0-9]{{1,{places}}}0*|0+))?" if places else r"(?:\.0+)?"
    return {"type": ["string", "integer", "null"], "pattern": f"^{_DIGITS}{fraction}$"}


class _Tree:
    """Schemas placed at pointers, built into one schema that descends each path once (the
    validator then walks the order's ``total_price_set`` once for both of its money bags, not
    once per rule)."""

    def __init__(self) -> None:
        self.here: list[Any] = []
        self.names: dict[str, _Tree] = {}
        self.any: _Tree | None = None

    def at(self, tokens: Sequence[str]) -> _Tree:
        node = self
        for token in tokens:
            if token == jp.WILDCARD:
                if node.any is None:
                    node.any = _Tree()
                node = node.any
            else:
                node = node.names.setdefault(token, _Tree())
        return node

    def put(self, tokens: Sequence[str], schema: Any) -> None:
        self.at(tokens).here.append(schema)

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        # What applies to any member applies to the named ones too (``additionalProperties``
        # alone would skip the members ``properties`` names).
        anything = self.any.schema() if self.any is not None else None
        if self.names:
            out["properties"] = {
                k: v.schema() if anything is None else {"allOf": [v.schema(), anything]}
                for k, v in self.names.items()
            }
        if anything is not None:
            out["items"] = anything
            out["additionalProperties"] = anything
        if len(self.here) == 1 and not out and isinstance(self.here[0], dict):
            return dict(self.here[0])
        if self.here:
            out["allOf"] = list(self.here)
        return out


def _indexes(tokens: Sequence[str]) -> bool:
    """Whether a pointer names an array index: rules read ``/lines/0`` as the first item, which
    ``properties`` cannot say in every draft (such rules stay with the Python check)."""
    return any(t.isdigit() for t in tokens)


def _common(pointers: Sequence[tuple[str, ...]]) -> int:
    """Length of the longest common prefix of ``pointers`` without a ``*`` in it, and leaving
    every pointer at least its last token."""
    n = 0
    shortest = min(len(p) for p in pointers) - 1
    while (
        n < shortest
        and pointers[0][n] != jp.WILDCARD
        and all(p[n] == pointers[0][n] for p in pointers)
    ):
        n += 1
    return n


def _by_exponent(
    currency: tuple[str, ...], amounts: Sequence[tuple[tuple[str, ...], bool]]
) -> tuple[tuple[str, ...], dict[str, Any]]:
    """Where to check a currency and its amounts (their common prefix), and the check: one
    branch per exponent, the currency one of its codes (or null or absent) and every amount
    fitting it. Exponent 2 first: it is most currencies, and ``anyOf`` stops at a match."""
    cut = _common([currency, *(at for at, _ in amounts)])
    branches = []
    for exponent, codes in sorted(iso_codes_by_exponent().items(), key=lambda kv: kv[0] != 2):
        branch = _Tree()
        branch.put(currency[cut:], {"enum": [*codes, *(c.lower() for c in codes), None]})
        for at, minor in amounts:
            branch.put(at[cut:], _amount_ok(0 if minor else exponent))
        branches.append(branch.schema())
    return currency[:cut], {"anyOf": branches}


def clearance_schema(specs: Sequence[RuleSpec]) -> tuple[dict[str, Any] | None, frozenset[int]]:
    """The clearing schema for the money rules among ``specs`` it can express, and the indexes
    (into ``specs``) of those rules. ``None`` when it can express none of them."""
    covered: set[int] = set()
    tree = _Tree()
    # Currency pointer -> amounts judged against it, at the root or under the same items.
    shared: dict[tuple[str, ...], list[tuple[tuple[str, ...], bool]]] = {}
    per_item: dict[tuple[tuple[str, ...], tuple[str, ...]], list[tuple[tuple[str, ...], bool]]] = {}
    for n, spec in enumerate(specs):
        if spec.kind != "money" or spec.params.get("convention", "iso4217") != "iso4217":
            continue
        minor = bool(spec.params.get("minor_units", False))
        amount = jp.parse(spec.params["amount"])
        currency = spec.params.get("currency")
        if _indexes(amount) or (currency is not None and _indexes(jp.parse(currency))):
            continue
        code = spec.params.get("currency_code")
        if code is not None:
            exponent = currency_exponent(code)[0]
            if exponent is None:
                continue
            tree.put(amount, _amount_ok(0 if minor else exponent))
            covered.add(n)
            continue
        if currency is None:
            continue
        ctoks = jp.parse(currency)
        if jp.WILDCARD not in ctoks:
            shared.setdefault(ctoks, []).append((amount, minor))
            covered.add(n)
            continue
        cut = (
            max(i for i, t in enumerate(amount) if t == jp.WILDCARD) + 1
            if jp.WILDCARD in amount
            else 0
        )
        items = amount[:cut]
        if cut and ctoks[:cut] == items and jp.WILDCARD not in ctoks[cut:]:
            per_item.setdefault((items, ctoks[cut:]), []).append((amount[cut:], minor))
            covered.add(n)
    if not covered:
        return None, frozenset()
    for cur, amounts in shared.items():
        scope, check = _by_exponent(cur, amounts)
        tree.put(scope, check)
    for (items, cur), amounts in per_item.items():
        scope, check = _by_exponent(cur, amounts)
        tree.put((*items, *scope), check)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **tree.schema()}
    return schema, frozenset(covered)
