"""The fast pass judges numbers as written, whichever of its two parsers reads the record.

Canonical text (orjson's own compact form) is read by orjson: its fractions are their floats'
shortest form, so float comparisons order them as the literals do. Any other text is read with
exact decimals. A literal no float can hold (``1.00000000000000001``) must never be cleared
because its float happens to pass.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest

from seamguard.adapters.contract_yaml import starter_contract
from seamguard.core.contract import contract_from_mapping
from seamguard.core.simulate import generate_stack
from seamguard.core.simulate import topology as t
from seamguard.core.validation.engine import NOT_CLEARED, CompiledContract, compile_contract


def _contract(
    schema: dict[str, Any], rules: list[dict[str, Any]] | None = None
) -> CompiledContract:
    return compile_contract(
        contract_from_mapping(
            {
                "id": "test.numbers",
                "version": "1.0.0",
                "title": "t",
                "owner": {"team": "t"},
                "domain": "orders",
                "criticality": "high",
                "schema": schema,
                "rules": rules or [],
            }
        )
    )


BOUNDS = _contract(
    {
        "type": "object",
        "properties": {
            "rate": {"type": "number", "maximum": 1, "exclusiveMinimum": 0},
            "n": {"type": "integer"},
        },
    }
)
MULTIPLE = _contract({"type": "object", "properties": {"x": {"multipleOf": 0.01}}})
BIG = _contract(
    {
        "type": "object",
        "properties": {
            "b": {"enum": [12345678901234567168]},
            "c": {"const": [{"n": 12345678901234567168}]},
            "m": {"maximum": 12345678901234567100},
        },
    }
)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"b":1.2345678901234567e+19}',  # canonical: orjson writes it back the same
        b'{"b": 1.2345678901234567e+19}',
        b'{"b":12345678901234567168}',
        b'{"c":[{"n":1.2345678901234567e+19}]}',
        b'{"m":1.2345678901234567e+19}',
    ],
)
def test_floats_beyond_2_53_against_integer_constants_are_not_trusted(raw: bytes) -> None:
    """``1.2345678901234567e+19`` is 12345678901234567000, while its float is the enum's
    12345678901234567168: a float comparison would call them equal."""
    assert BIG.check_raw(raw, 1, exact_document=False)[1] == BIG._check_exact(raw, 1)[1]
    if raw.startswith(b'{"b":1.2'):
        assert not BIG.check_raw(raw, 1, exact_document=False)[1].valid


@pytest.mark.parametrize(
    ("raw", "valid"),
    [
        (b'{"rate":1.0}', True),  # canonical
        (b'{"rate": 1.0}', True),
        (b'{"rate":1.00000000000000001}', False),  # its float is 1.0, its value is not <= 1
        (b'{"rate":0.00000000000000000000000000000000000000000000000000000000001}', True),
        (b'{"rate":1e-400}', True),  # no float holds it (0.0); it is still above 0
        (b'{"n":0.99999999999999999}', False),  # its float is 1.0, an integer; it is not
        (b'{"n":1.0}', True),  # JSON Schema: 1.0 is an integer
        (b'{"n":12345678901234567890123}', True),
    ],
)
def test_bounds_and_integers_are_judged_from_the_literal(raw: bytes, valid: bool) -> None:
    fast = BOUNDS.check_raw(raw, 1, exact_document=False)[1]
    exact = BOUNDS.check_raw(raw, 1)[1]
    assert fast == exact
    assert exact.valid is valid


@pytest.mark.parametrize("value", ["0.07", "0.1", "0.3", "1.005", "10.01", "0.30000000000000004"])
def test_a_fractional_multiple_of_is_never_trusted_to_floats(value: str) -> None:
    for raw in (f'{{"x":{value}}}'.encode(), f'{{"x": {value}}}'.encode()):
        fast = MULTIPLE.check_raw(raw, 1, exact_document=False)[1]
        assert fast == MULTIPLE.check_raw(raw, 1)[1]


def _valid_orders() -> list[dict[str, Any]]:
    compiled = compile_contract(starter_contract("shopify.order"))
    out = [
        r
        for r in generate_stack(11).records(t.STOREFRONT_ORDERS)
        if compiled.check_raw(orjson.dumps(r), 1)[1].valid
    ]
    assert len(out) > 100
    return out


def test_valid_orders_are_cleared_by_the_fast_pass_in_either_form() -> None:
    """The fast pass is not merely safe but used: every valid generated order is cleared,
    canonical or pretty-printed, with its 24 money rules decided by the clearing schema."""
    compiled = compile_contract(starter_contract("shopify.order"))
    assert compiled.fast_pass is not None
    for order in _valid_orders():
        for raw in (orjson.dumps(order), json.dumps(order, indent=2).encode()):
            assert compiled.fast_pass(raw) is not NOT_CLEARED


def test_a_pretty_printed_run_stops_trying_the_canonical_parse() -> None:
    """After enough non-canonical records in a row the orjson attempt is skipped (mostly): the
    verdicts stay the same, a record of the other form is still cleared."""
    compiled = compile_contract(starter_contract("shopify.order"))
    assert compiled.fast_pass is not None
    orders = _valid_orders()
    for order in orders[:100]:
        assert compiled.fast_pass(json.dumps(order).encode()) is not NOT_CLEARED
    assert compiled.fast_pass(orjson.dumps(orders[0])) is not NOT_CLEARED
    assert compiled.fast_pass(b'{"id":1,"currency":"USD","total_price":"1.001"}') is NOT_CLEARED


WHOLE = _contract(
    {
        "type": "object",
        "properties": {"m": {"multipleOf": 16}, "u": {"type": "array", "uniqueItems": True}},
    }
)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"m":1.2345678901234567e+19}',  # 12345678901234567000 is not a multiple of 16
        b'{"m": 1.2345678901234567e+19}',
        b'{"u":[1.2345678901234567e+19,12345678901234567000]}',  # the same number twice
        b'{"u": [1.2345678901234567e+19,12345678901234567000]}',
    ],
)
def test_whole_floats_beyond_2_53_are_judged_as_written(raw: bytes) -> None:
    """The verdict never depends on whitespace: a float's shortest form beyond 2^53 is not the
    float's value, so against multipleOf or uniqueItems only the exact number will do."""
    fast = WHOLE.check_raw(raw, 1, exact_document=False)[1]
    assert fast == WHOLE._check_exact(raw, 1)[1]
    assert not fast.valid


REFERRED = _contract(
    {
        "type": "object",
        "properties": {"n": {"$ref": "#/components/N"}},
        "components": {"N": {"multipleOf": 16}},
    }
)


def test_a_constraint_pulled_in_by_ref_from_any_key_is_seen() -> None:
    """The safety checks look at every object of the schema, not just keyword subschemas: a
    $ref can reach a schema kept under any key."""
    raw = b'{"n":1.2345678901234567e+19}'
    fast = REFERRED.check_raw(raw, 1, exact_document=False)[1]
    assert fast == REFERRED._check_exact(raw, 1)[1]
    assert not fast.valid
