"""CSV sources: the coercion case table (tests/cases/inputs/csv.yaml) through the real reader
and engine, then what the reader keeps of each row (raw bytes, lines) and how it fails."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from seamguard.adapters.sources.files import TableOptions, read_records
from seamguard.app.validate import check_records
from seamguard.core.coerce import MISSING, coerce_cell, expected_types, record_json
from seamguard.core.contract import contract_from_mapping
from seamguard.core.jsonexact import loads_exact
from seamguard.core.validation.engine import compile_contract
from seamguard.errors import SourceError

CASES = Path(__file__).resolve().parents[2] / "cases" / "inputs" / "csv.yaml"


def _cases() -> list[dict[str, Any]]:
    return list(YAML(typ="safe").load(CASES.read_text(encoding="utf-8")))


def _contract(schema: Any) -> Any:
    return compile_contract(
        contract_from_mapping(
            {
                "id": "test.csv",
                "version": "1.0.0",
                "title": "t",
                "owner": {"team": "t"},
                "domain": "orders",
                "criticality": "standard",
                "schema": schema,
            }
        )
    )


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["title"])
def test_csv_case(case: dict[str, Any], tmp_path: Path) -> None:
    given, expected = case["input"], case["expected"]
    f = tmp_path / "rows.csv"
    f.write_bytes(given["csv"].encode("utf-8"))
    table = TableOptions(schema=given["schema"], columns=given.get("columns") or {})
    checked = list(check_records(_contract(given["schema"]), read_records(f, "csv", table=table)))
    # null: a row with no record to build (unreadable), held back with its reason
    got = [None if c.doc is None else record_json(c.doc) for c in checked]
    assert got == [
        None if text is None else record_json(loads_exact(text)[0]) for text in expected["records"]
    ]
    findings = sorted([c.raw.number, v.rule, v.path] for c in checked for v in c.verdict.violations)
    assert findings == sorted(expected["findings"])


def test_expected_types_follow_refs_and_combinators() -> None:
    schema = {
        "$defs": {"money": {"type": ["string", "null"]}},
        "type": "object",
        "properties": {
            "total": {"$ref": "#/$defs/money"},
            "qty": {"oneOf": [{"type": "integer"}, {"const": "n/a"}]},
            "free": {"description": "anything"},
            "lines": {"type": "array", "items": {"properties": {"sku": {"type": "string"}}}},
        },
    }
    assert expected_types(schema, "/total") == {"string", "null"}
    assert expected_types(schema, "/qty") == {"integer", "string"}
    assert expected_types(schema, "/free") is None
    assert expected_types(schema, "/nowhere") is None
    assert expected_types(schema, "/lines/3/sku") == {"string"}
    assert expected_types(schema, "") == {"object"}


def test_coerce_cell_table() -> None:
    integer = frozenset({"integer"})
    assert coerce_cell("", integer) is MISSING
    assert coerce_cell("", frozenset({"integer", "null"})) is None
    assert coerce_cell("", None) is MISSING
    assert coerce_cell("-12", integer) == -12
    assert str(coerce_cell("0.10", frozenset({"number"}))) == "0.10"
    assert coerce_cell("1", frozenset({"boolean"})) is True
    assert coerce_cell("1", frozenset({"boolean", "number"})) == 1
    assert coerce_cell("9" * 5000, integer) == "9" * 5000  # beyond int's digit limit: text
    assert coerce_cell(" x ", frozenset({"string"})) == " x "


def _write(tmp_path: Path, data: bytes) -> Path:
    f = tmp_path / "orders.csv"
    f.write_bytes(data)
    return f


def test_raw_bytes_are_the_rows_text_and_lines_where_rows_start(tmp_path: Path) -> None:
    f = _write(tmp_path, b'\xef\xbb\xbfid,note\r\n1,"two\r\nlines"\r\n\r\n2,x\r\n3,"last"')
    recs = list(read_records(f, "csv", display="orders.csv", start=7))
    assert [(r.number, r.line, r.raw) for r in recs] == [
        (7, 2, b'1,"two\r\nlines"'),
        (8, 5, b"2,x"),
        (9, 6, b'3,"last"'),
    ]
    # The byte-order mark is not part of the first column's name.
    assert recs[0].decoded == {"id": "1", "note": "two\r\nlines"}
    assert recs[1].location == "orders.csv:5"


def test_header_only_and_empty_files_have_no_records(tmp_path: Path) -> None:
    assert list(read_records(_write(tmp_path, b"id,total\n"), "csv")) == []
    assert list(read_records(_write(tmp_path, b""), "csv")) == []


def test_bytes_that_are_not_utf8_are_a_finding_not_a_crash(tmp_path: Path) -> None:
    f = _write(tmp_path, b"id,name\n1,caf\xe9\n2,ok\n")
    recs = list(read_records(f, "csv"))
    assert [r.raw for r in recs] == [b"1,caf\xe9", b"2,ok"]
    assert recs[0].decoded == {"id": "1", "name": "caf\ufffd"}
    assert [(i.rule, i.path) for i in recs[0].issues] == [("csv.malformed", "")]
    assert "line 2" in recs[0].issues[0].message and recs[1].issues == ()


def test_a_row_the_csv_module_refuses_is_held_back_with_its_text(tmp_path: Path) -> None:
    limit = csv.field_size_limit()
    f = _write(tmp_path, b"id,blob\n1," + b"x" * (limit + 1) + b"\n2,y\n")
    compiled = _contract({"type": "object"})
    checked = list(check_records(compiled, read_records(f, "csv")))
    assert [c.raw.number for c in checked] == [1, 2]
    assert [v.rule for v in checked[0].verdict.violations] == ["csv.malformed"]
    assert checked[0].doc is None and checked[0].raw.raw.startswith(b"1,xxx")
    assert checked[1].verdict.valid and checked[1].doc == {"id": "2", "blob": "y"}


@pytest.mark.parametrize(
    ("header", "columns", "words"),
    [
        ("id,total", {"total_price": "/total"}, ["'total_price'", "not in the header"]),
        ("id,total,total_price", {"total_price": "/total"}, ["'total'", "'total_price'", "same"]),
        ("a,b", {"a": "/x", "b": "/x/y"}, ["same place"]),
        ("a,b", {"a": "/l/0", "b": "/l/name"}, ["'b'", "array"]),
        ("id,id", {}, ["'id'", "same place"]),
    ],
)
def test_header_that_cannot_be_placed_is_a_source_error_at_line_1(
    tmp_path: Path, header: str, columns: dict[str, str], words: list[str]
) -> None:
    f = _write(tmp_path, f"\n{header}\n1,2\n".encode())
    with pytest.raises(SourceError) as info:
        list(read_records(f, "csv", display="o.csv", table=TableOptions(columns=columns)))
    assert info.value.exit_code == 3
    assert str(info.value).startswith("o.csv:2: ")
    for word in words:
        assert word in str(info.value)
