"""The money clearing schema only ever clears: whatever it accepts, the money rules it covers
find nothing in. And it does clear the plain cases, or it would be no use."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seamguard.adapters.contract_yaml import starter_contract, starter_ids
from seamguard.core.contract import RuleSpec, contract_from_mapping
from seamguard.core.validation.rules import money
from seamguard.core.validation.rules.money_clearance import clearance_schema


def _specs(rules: list[dict[str, Any]]) -> tuple[RuleSpec, ...]:
    return contract_from_mapping(
        {
            "id": "test.money",
            "version": "1.0.0",
            "title": "t",
            "owner": {"team": "t"},
            "domain": "orders",
            "criticality": "high",
            "schema": {"type": "object"},
            "rules": rules,
        }
    ).rules


SPECS = _specs(
    [
        {"id": "total", "kind": "money", "amount": "/total", "currency": "/currency"},
        {"id": "line", "kind": "money", "amount": "/lines/*/price", "currency": "/currency"},
        {
            "id": "minor",
            "kind": "money",
            "amount": "/cents",
            "currency": "/currency",
            "minor_units": True,
        },
        {"id": "usd", "kind": "money", "amount": "/usd", "currency_code": "USD"},
        {"id": "bag", "kind": "money", "amount": "/bag/amount", "currency": "/bag/code"},
        {"id": "own", "kind": "money", "amount": "/items/*/amount", "currency": "/items/*/code"},
        # A member named next to a wildcard over the same object: both apply to it.
        {"id": "bags", "kind": "money", "amount": "/bags/*/amount", "currency": "/bags/*/code"},
        {"id": "bag-b", "kind": "money", "amount": "/bags/b/amount", "currency_code": "USD"},
        # Not expressible: stays with the Python check.
        {
            "id": "stripe",
            "kind": "money",
            "amount": "/fee",
            "currency": "/currency",
            "minor_units": True,
            "convention": "stripe",
        },
        {"id": "first", "kind": "money", "amount": "/lines/0/tax", "currency": "/currency"},
    ]
)
SCHEMA, COVERED = clearance_schema(SPECS)
assert SCHEMA is not None
CLEARS = jsonschema_rs.validator_for(SCHEMA).is_valid
COVERED_CHECK = money.compile_group([s for n, s in enumerate(SPECS) if n in COVERED])


def test_what_the_schema_covers() -> None:
    assert sorted(SPECS[n].id for n in COVERED) == [
        "bag",
        "bag-b",
        "bags",
        "line",
        "minor",
        "own",
        "total",
        "usd",
    ]


_codes = st.sampled_from(
    [
        "USD",
        "usd",
        "Usd",
        " USD",
        "JPY",
        "jpy",
        "KWD",
        "CLF",
        "XAU",
        "XXX",
        "ZZZ",
        "",
        1,
        None,
        True,
    ]
)
_amounts = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.floats(allow_nan=False, allow_infinity=False),
    st.from_regex(r"\A-?[0-9]{1,4}(\.[0-9]{0,6})?\Z"),
    st.sampled_from(["1.", "01.00", "+1.00", "1.00 ", "1e2", "-0.000", "0.10", "18.600", "", "x"]),
)


def _doc(draw: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    for key in ("total", "cents", "usd", "fee"):
        if draw(st.booleans()):
            doc[key] = draw(_amounts)
    if draw(st.booleans()):
        doc["currency"] = draw(_codes)
    doc["lines"] = [
        {"price": draw(_amounts), "tax": draw(_amounts)} for _ in range(draw(st.integers(0, 2)))
    ]
    doc["bag"] = {"amount": draw(_amounts), "code": draw(_codes)}
    doc["items"] = [
        {"amount": draw(_amounts), "code": draw(_codes)} for _ in range(draw(st.integers(0, 2)))
    ]
    return doc


def _as_literal(value: Any) -> Any:
    """A float as the number its shortest form writes: the only floats the fast pass ever
    holds come from canonical text, where each is written that way (other text is read with
    exact decimals)."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {k: _as_literal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_literal(v) for v in value]
    return value


@settings(max_examples=1500, deadline=None)
@given(st.data())
def test_whatever_the_schema_clears_the_rules_find_nothing_in(data: st.DataObject) -> None:
    doc = _doc(data.draw)
    if CLEARS(doc):
        assert list(COVERED_CHECK(_as_literal(doc))) == [], doc


@pytest.mark.parametrize(
    "doc",
    [
        {"currency": "USD", "total": "143.48", "lines": [{"price": "1.50"}], "cents": 14348},
        {"currency": "JPY", "total": "2000", "cents": 2000, "usd": "18.30"},
        {"currency": "KWD", "total": "18.600", "bag": {"amount": "1.005", "code": "KWD"}},
        {"currency": "usd", "total": 10, "items": [{"amount": "5", "code": "JPY"}]},
        {"currency": None, "total": "1.2345"},
        {"total": Decimal("143"), "currency": "USD"},
    ],
)
def test_plain_documents_are_cleared(doc: dict[str, Any]) -> None:
    assert CLEARS(doc)


@pytest.mark.parametrize(
    "doc",
    [
        {"currency": "USD", "total": "143.485"},
        {"currency": "JPY", "lines": [{"price": "1.5"}]},
        {"currency": "USD", "cents": "10.5"},
        {"usd": "1.001"},
        {"bag": {"amount": "1.5", "code": "JPY"}},
        {"items": [{"amount": "1.5", "code": "JPY"}]},
        {"currency": "ZZZ", "total": "1"},
        {"currency": "USD", "total": "1."},  # not a JSON number: money.not-a-number
        # The named member is judged by both rules: JPY allows no decimals.
        {"bags": {"b": {"amount": "1.5", "code": "JPY"}}},
        {"bags": {"b": {"amount": "1.005", "code": "USD"}}},
    ],
)
def test_documents_with_a_money_finding_are_not_cleared(doc: dict[str, Any]) -> None:
    assert not CLEARS(doc)
    assert list(COVERED_CHECK(doc))


@pytest.mark.parametrize("cid", starter_ids())
def test_every_starter_contract_clearing_schema_compiles(cid: str) -> None:
    schema, covered = clearance_schema(starter_contract(cid).rules)
    if schema is not None:
        jsonschema_rs.validator_for(schema)
        assert covered
