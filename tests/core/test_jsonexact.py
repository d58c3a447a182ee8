"""Exact JSON: big integers, decimals as written, duplicate keys, placed syntax errors."""

from __future__ import annotations

from decimal import Decimal

from seamguard.core.jsonexact import loads_exact


def test_integers_beyond_2_53_stay_exact() -> None:
    value, issues = loads_exact(b'{"id": 7300000000000000123, "n": [9007199254740993]}')
    assert issues == ()
    assert value["id"] == 7300000000000000123
    assert value["n"][0] == 9007199254740993


def test_fractions_are_decimals_as_written() -> None:
    value, _ = loads_exact('{"a": 0.1, "b": 18.600, "c": 1e-3}')
    assert value["a"] == Decimal("0.1") and isinstance(value["a"], Decimal)
    assert str(value["b"]) == "18.600"
    assert value["c"] == Decimal("0.001")


def test_duplicate_keys_are_reported_with_pointers() -> None:
    value, issues = loads_exact(b'{"id": 1, "x": {"a": 1, "a": 2}, "id": 2}')
    assert sorted((i.kind, i.pointer) for i in issues) == [
        ("duplicate-key", "/id"),
        ("duplicate-key", "/x/a"),
    ]
    assert value["id"] == 2  # last wins, as in every mainstream parser; the issue says so


def test_duplicate_inside_array_item() -> None:
    _, issues = loads_exact(b'{"items": [{"sku": "A"}, {"sku": "B", "sku": "C"}]}')
    assert [i.pointer for i in issues] == ["/items/1/sku"]


def test_syntax_error_has_line_and_column() -> None:
    value, issues = loads_exact(b'{\n  "a": 1,\n  "b": }\n')
    assert value is None
    assert (issues[0].kind, issues[0].line, issues[0].column) == ("malformed", 3, 8)


def test_trailing_data_is_malformed() -> None:
    value, issues = loads_exact(b'{"a": 1} {"b": 2}')
    assert value is None
    assert (issues[0].line, issues[0].column) == (1, 10)


def test_nan_is_not_json() -> None:
    value, issues = loads_exact(b'{"a": NaN}')
    assert value is None and issues[0].kind == "malformed"


def test_invalid_utf8_is_malformed() -> None:
    value, issues = loads_exact(b'{"a": "\xff"}')
    assert value is None and "UTF-8" in issues[0].message


def test_bom_is_tolerated() -> None:
    value, issues = loads_exact('\ufeff{"a": 1}'.encode())
    assert value == {"a": 1} and issues == ()
