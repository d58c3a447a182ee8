"""``x-extensible: true`` on an enum: consumers promise to tolerate values they do not know, so
an unknown value is a warning of its own rule (the record stays valid), never silent."""

from __future__ import annotations

from typing import Any

import pytest

from seamguard.core.contract import contract_from_mapping
from seamguard.core.validation.engine import EXTENSIBLE_RULE, compile_contract

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "status": {"$ref": "#/$defs/status"},
        "lines": {"type": "array", "items": {"properties": {"kind": {"$ref": "#/$defs/status"}}}},
        "closed": {"enum": ["a", "b"]},
        "not_marked": {"enum": ["a"], "x-extensible": "yes"},
    },
    "$defs": {"status": {"enum": ["pending", "paid"], "x-extensible": True}},
}
COMPILED = compile_contract(
    contract_from_mapping(
        {
            "id": "test.extensible",
            "version": "1.0.0",
            "title": "t",
            "owner": {"team": "t"},
            "domain": "orders",
            "criticality": "high",
            "schema": SCHEMA,
        }
    )
)


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
        # Only the boolean true marks an enum extensible.
        (b'{"not_marked":"z"}', False, [("schema.enum", "error", "/not_marked")]),
    ],
)
def test_unknown_values_of_an_extensible_enum_are_warnings(
    raw: bytes, valid: bool, found: list[tuple[str, str, str]]
) -> None:
    for fast in (True, False):
        verdict = COMPILED.check_raw(raw, 1, exact_document=not fast)[1]
        assert verdict.valid is valid
        assert [(v.rule, v.severity, v.path) for v in verdict.violations] == found
