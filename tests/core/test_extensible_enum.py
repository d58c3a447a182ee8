"""``x-extensible: true`` on an enum: consumers promise to tolerate values they do not know, so
an unknown value is a warning of its own rule (the record stays valid), never silent."""

from __future__ import annotations

from typing import Any

import pytest

from seamguard.core.contract import contract_from_mapping
from seamguard.core.validation.engine import compile_contract
from seamguard.core.validation.extensible import EXTENSIBLE_RULE
from seamguard.errors import ContractError

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "status": {"$ref": "#/$defs/status"},
        "lines": {"type": "array", "items": {"properties": {"kind": {"$ref": "#/$defs/status"}}}},
        "closed": {"enum": ["a", "b"]},
    },
    "$defs": {"status": {"enum": ["pending", "paid"], "x-extensible": True}},
}


def _compiled(schema: dict[str, Any]) -> Any:
    return compile_contract(
        contract_from_mapping(
            {
                "id": "test.extensible",
                "version": "1.0.0",
                "title": "t",
                "owner": {"team": "t"},
                "domain": "orders",
                "criticality": "high",
                "schema": schema,
            }
        )
    )


COMPILED = _compiled(SCHEMA)


@pytest.mark.parametrize(
    ("raw", "valid", "found"),
    [
        (b'{"status":"paid"}', True, []),
        (b'{"status":"refunded"}', True, [(EXTENSIBLE_RULE, "warning", "/status")]),
        (
            b'{"lines":[{"kind":"paid"},{"kind":"cod"}]}',
            True,
            [(EXTENSIBLE_RULE, "warning", "/lines/1/kind")],
        ),
        (b'{"closed":"z"}', False, [("schema.enum", "error", "/closed")]),
    ],
)
def test_unknown_values_of_an_extensible_enum_are_warnings(
    raw: bytes, valid: bool, found: list[tuple[str, str, str]]
) -> None:
    for fast in (True, False):
        verdict = COMPILED.check_raw(raw, 1, exact_document=not fast)[1]
        assert verdict.valid is valid
        assert [(v.rule, v.severity, v.path) for v in verdict.violations] == found


@pytest.mark.parametrize(
    ("schema", "pointer", "says"),
    [
        (
            {"properties": {"s": {"enum": ["a"], "x-extensible": "yes"}}},
            "/schema/properties/s/x-extensible",
            "must be true or false",
        ),
        (
            {"properties": {"s": {"type": "string", "x-extensible": True}}},
            "/schema/properties/s/x-extensible",
            "no enum",
        ),
        # A property named enum is not the keyword.
        (
            {"properties": {"enum": {"type": "string", "x-extensible": True}}},
            "/schema/properties/enum/x-extensible",
            "no enum",
        ),
        (
            {"items": [{"enum": [1], "x-extensible": 1}]},
            "/schema/items/0/x-extensible",
            "must be true or false",
        ),
    ],
)
def test_a_mark_that_means_nothing_is_a_contract_error(
    schema: dict[str, Any], pointer: str, says: str
) -> None:
    with pytest.raises(ContractError) as info:
        _compiled(schema)
    assert info.value.location.pointer == pointer
    assert says in info.value.message
    assert info.value.exit_code == 2


def test_an_unknown_draft_is_a_contract_error_naming_the_drafts() -> None:
    with pytest.raises(ContractError) as info:
        _compiled({"$schema": "http://json-schema.org/draft-03/schema#", "type": "object"})
    assert info.value.location.pointer == "/schema/$schema"
    assert "2020-12" in info.value.message


def test_a_property_named_x_extensible_is_just_a_property() -> None:
    compiled = _compiled({"properties": {"x-extensible": {"type": "boolean"}}})
    assert compiled.check_raw(b'{"x-extensible": true}', 1)[1].valid
    assert compiled.extensible_enums == frozenset()
